import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from './Alert';
import { Button } from './Button';
import { CopyButton } from './CopyButton';

interface ShownOnceSecretProps {
  secret: string;
  /** Translation keys under one prefix: onlyOnce (the alert's title), detail, label, copy and done. */
  texts: 'apiKeys.created' | 'webhooks.created';
  onDone: () => void;
  /** Shown between the notice and the secret (e.g. what the secret belongs to). */
  children?: ReactNode;
}

/**
 * A secret the server hands out once (an API key, a webhook's signing secret): read-only, selected on focus,
 * with a copy button. The server keeps only a hash or an encrypted copy, so it cannot show it again.
 */
export function ShownOnceSecret({ secret, texts, onDone, children }: ShownOnceSecretProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="space-y-4">
      <Alert tone="info">
        <p className="font-semibold">{t(`${texts}.onlyOnce`)}</p>
        <p>{t(`${texts}.detail`)}</p>
      </Alert>
      {children}
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {t(`${texts}.label`)}
        </label>
        <input
          id={id}
          readOnly
          value={secret}
          onFocus={(event) => event.target.select()}
          className="mt-1.5 block w-full rounded-md border-0 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300"
        />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <CopyButton text={secret} label={t(`${texts}.copy`)} />
        <Button onClick={onDone}>{t(`${texts}.done`)}</Button>
      </div>
    </div>
  );
}
