import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { X } from 'lucide-react';
import { Alert } from '../../components/Alert';

/** Why Shopify's return to the callback was refused (the API's install_error values). */
const reasons = ['signature', 'state', 'shop', 'code', 'taken'] as const;
type Reason = (typeof reasons)[number];

/**
 * What became of a Shopify app install, as the API's callback reports it when it sends the browser back here:
 * ?installed=domain, or ?install_error=reason in words the merchant can act on. Dismissing it clears the address.
 */
export function InstallOutcome({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const installed = params.get('installed');
  const error = params.get('install_error');
  if (!installed && !error) return null;

  const dismiss = () =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('installed');
        next.delete('install_error');
        return next;
      },
      { replace: true },
    );
  const dismissButton = (
    <button
      type="button"
      onClick={dismiss}
      aria-label={t('integrations.install.dismiss')}
      className="-m-1 rounded p-1 hover:bg-black/5 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-current"
    >
      <X aria-hidden="true" className="size-4" />
    </button>
  );

  if (error) {
    const reason: Reason | 'other' = (reasons as readonly string[]).includes(error) ? (error as Reason) : 'other';
    return (
      <div className="mb-4">
        <Alert tone="error" action={dismissButton}>
          <p className="font-medium">{t('integrations.install.failed')}</p>
          <p>{t(`integrations.install.errors.${reason}`)}</p>
          <button type="button" onClick={onRetry} className="font-medium underline underline-offset-2 hover:no-underline">
            {t('integrations.install.again')}
          </button>
        </Alert>
      </div>
    );
  }

  return (
    <div className="mb-4">
      <Alert tone="success" action={dismissButton}>
        <p className="font-medium">{t('integrations.install.installed', { domain: installed })}</p>
        <p>{t('integrations.install.firstSync')}</p>
      </Alert>
    </div>
  );
}
