import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Inbox, Plug, Plus, RotateCcw, ShoppingBag } from 'lucide-react';
import { problemText } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { PageHeader } from '../../components/PageHeader';
import { ScrollFrame } from '../../components/ScrollFrame';
import { useConfirmedAction } from '../../components/useConfirmedAction';
import { SectionCard } from '../../components/SectionCard';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { cardList, cardNumericCell, headerCell } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';
import { ConnectShopDialog, type Platform } from './ConnectShopDialog';
import { InstallOutcome } from './InstallOutcome';
import { InstallShopifyDialog } from './InstallShopifyDialog';
import { ShopSyncPanel } from './ShopSyncPanel';
import {
  useDeadLetters,
  useDisconnectIntegration,
  useIntegrations,
  useRetryDeadLetter,
  type DeadLetter,
  type Integration,
} from './integrationsApi';

/**
 * /settings/integrations: connected shops with their webhook address and counts, and the events that could not be applied.
 * A shop joins by installing the Shopify app (OAuth, back here with its outcome) or by a custom app's or WooCommerce's keys.
 */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const shops = useIntegrations();
  const disconnect = useDisconnectIntegration();
  const [connecting, setConnecting] = useState(false);
  const [installing, setInstalling] = useState(false);
  const disconnecting = useConfirmedAction((shop: Integration) => disconnect.mutateAsync(shop.id));

  // Side by side even on a phone (no icons there), so that the first shop stays within the first screen.
  const actions = (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" onClick={() => setInstalling(true)}>
        <ShoppingBag aria-hidden="true" className="hidden size-4 sm:block" />
        {t('integrations.install.button')}
      </Button>
      <Button onClick={() => setConnecting(true)}>
        <Plus aria-hidden="true" className="hidden size-4 sm:block" />
        {t('integrations.connect.button')}
      </Button>
    </div>
  );

  return (
    <>
      <PageHeader
        title={t('settings.sections.integrations.title')}
        description={t('settings.sections.integrations.description')}
        actions={actions}
      />
      <InstallOutcome onRetry={() => setInstalling(true)} />
      {disconnecting.failure && (
        <div className="mb-4">
          <Alert tone="error">{disconnecting.failure}</Alert>
        </div>
      )}
      <div className="space-y-8">
        {shops.isPending ? (
          <LoadingState />
        ) : shops.isError ? (
          <ErrorState message={t('integrations.loadError')} error={shops.error} onRetry={() => void shops.refetch()} />
        ) : shops.data.length === 0 ? (
          <EmptyState
            icon={<Plug aria-hidden="true" className="size-6" />}
            title={t('integrations.empty.title')}
            description={t('integrations.empty.description')}
          />
        ) : (
          <ul aria-label={t('integrations.shopsLabel')} className="space-y-4">
            {shops.data.map((shop) => (
              <li key={shop.id}>
                <ShopCard shop={shop} onDisconnect={() => disconnecting.ask(shop)} />
              </li>
            ))}
          </ul>
        )}
        <DeadLetters shops={shops.data ?? []} />
      </div>
      <ConnectShopDialog open={connecting} onClose={() => setConnecting(false)} />
      <InstallShopifyDialog open={installing} onClose={() => setInstalling(false)} />
      <ConfirmDialog
        open={disconnecting.pending !== undefined}
        title={t('integrations.disconnect.confirmTitle')}
        message={disconnecting.pending ? t('integrations.disconnect.confirmText', { domain: disconnecting.pending.domain }) : ''}
        confirmLabel={disconnect.isPending ? t('integrations.disconnect.working') : t('integrations.disconnect.confirm')}
        busy={disconnect.isPending}
        onConfirm={() => void disconnecting.confirm()}
        onCancel={disconnecting.cancel}
      />
    </>
  );
}


function platformName(t: TFunction, platform: string): string {
  return platform === 'shopify' || platform === 'woocommerce' ? t(`integrations.platforms.${platform as Platform}`) : platform;
}

function ShopCard({ shop, onDisconnect }: { shop: Integration; onDisconnect: () => void }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const webhookUrl = window.location.origin + shop.webhook_path;
  const connected = shop.status === 'connected';
  const counts = [
    { key: 'received', value: shop.events_received },
    { key: 'processed', value: shop.events_processed },
    { key: 'pending', value: shop.events_pending },
    { key: 'dead', value: shop.events_dead },
  ] as const;

  return (
    <article aria-label={shop.domain} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-5">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{platformName(t, shop.platform)}</p>
          <h2 className="mt-0.5 break-all text-base font-semibold text-slate-900">{shop.domain}</h2>
          <div className="mt-1.5 flex flex-wrap items-center gap-2 text-sm text-slate-600">
            {connected ? (
              <Badge tone="green">{t('integrations.status.connected')}</Badge>
            ) : (
              <Badge tone="slate">
                {shop.disconnected_at
                  ? t('integrations.status.disconnectedOn', { date: format.date(shop.disconnected_at) })
                  : t('integrations.status.disconnected')}
              </Badge>
            )}
            <span>
              {t('integrations.lastEvent')}{' '}
              {shop.last_event_at ? (
                <time dateTime={shop.last_event_at}>{format.dateTime(shop.last_event_at)}</time>
              ) : (
                t('integrations.noEventsYet')
              )}
            </span>
          </div>
        </div>
        <Button
          variant="ghost"
          className="self-start text-red-700 hover:bg-red-50"
          onClick={onDisconnect}
          aria-label={t('integrations.disconnect.buttonNamed', { domain: shop.domain })}
        >
          {t('integrations.disconnect.button')}
        </Button>
      </div>

      <div className="mt-4">
        <p className="text-sm font-medium text-slate-800">{t('integrations.webhookUrl')}</p>
        <p className="text-sm text-slate-600">{t(`integrations.webhookHint.${shop.platform === 'shopify' ? 'shopify' : 'woocommerce'}`)}</p>
        <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
          <code
            data-testid="webhook-url"
            className="min-w-0 flex-1 break-all rounded-md bg-slate-50 px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-inset ring-slate-300"
          >
            {webhookUrl}
          </code>
          <CopyButton text={webhookUrl} label={t('integrations.copyWebhookUrl')} />
        </div>
      </div>

      <ShopSyncPanel shopId={shop.id} domain={shop.domain} connected={connected} />

      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
        {counts.map(({ key, value }) => (
          <div key={key} className={`rounded-md px-3 py-2 ${key === 'dead' && value > 0 ? 'bg-red-50' : 'bg-slate-50'}`}>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t(`integrations.counts.${key}`)}</dt>
            <dd className={`text-lg font-semibold tabular-nums ${key === 'dead' && value > 0 ? 'text-red-800' : 'text-slate-900'}`}>
              {format.count(value)}
            </dd>
          </div>
        ))}
      </dl>
    </article>
  );
}

function DeadLetters({ shops }: { shops: readonly Integration[] }) {
  const { t } = useTranslation();
  const letters = useDeadLetters();
  const retry = useRetryDeadLetter();
  const [retried, setRetried] = useState<string>();
  const [failure, setFailure] = useState<string>();

  const retryLetter = async (letter: DeadLetter) => {
    setFailure(undefined);
    setRetried(undefined);
    try {
      await retry.mutateAsync(letter.id);
      setRetried(t('integrations.deadLetters.retried', { topic: letter.topic, entity: letter.entity }));
    } catch (error) {
      setFailure(problemText(t, error));
    }
  };

  return (
    <SectionCard title={t('integrations.deadLetters.title')} description={t('integrations.deadLetters.description')}>
      <div className="space-y-3">
        {failure && <Alert tone="error">{failure}</Alert>}
        <p role="status" className="text-sm text-emerald-800 empty:hidden">
          {retried}
        </p>
        {letters.isPending ? (
          <LoadingState />
        ) : letters.isError ? (
          <ErrorState message={t('integrations.deadLetters.loadError')} error={letters.error} onRetry={() => void letters.refetch()} />
        ) : letters.data.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Inbox aria-hidden="true" className="size-4 shrink-0" />
            {t('integrations.deadLetters.empty')}
          </p>
        ) : (
          <DeadLetterTable
            letters={letters.data}
            shops={shops}
            busyId={retry.isPending ? retry.variables : undefined}
            onRetry={(letter) => void retryLetter(letter)}
          />
        )}
      </div>
    </SectionCard>
  );
}

interface DeadLetterTableProps {
  letters: readonly DeadLetter[];
  shops: readonly Integration[];
  busyId: number | undefined;
  onRetry: (letter: DeadLetter) => void;
}

// Six columns inside a card: slightly narrower cells, as in the activity list.
const cell = cardList.cell.replace('md:px-4', 'md:px-3');
const titleCell = cardList.titleCell.replace('md:px-4', 'md:px-3');
const numericCell = cardNumericCell.replace('md:px-4', 'md:px-3');

/** A table on wide screens, a card per event on phones. */
function DeadLetterTable({ letters, shops, busyId, onRetry }: DeadLetterTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const shopDomain = new Map(shops.map((shop) => [shop.id, shop.domain]));
  const caption = t('integrations.deadLetters.title');
  const passiveHeader = `${headerCell.replace('sm:px-4', 'sm:px-3')} ${cardList.passiveHeader}`;

  return (
    <ScrollFrame label={caption} className={cardList.frame.replace('md:shadow-sm md:ring-1', 'md:ring-1')}>
      <table className={cardList.table}>
        <caption className="sr-only">{caption}</caption>
        <thead className={cardList.head}>
          <tr className={cardList.headRow}>
            <th scope="col" className={passiveHeader}>
              {t('integrations.deadLetters.topic')}
            </th>
            <th scope="col" className={passiveHeader}>
              {t('integrations.deadLetters.entity')}
            </th>
            <th scope="col" className={passiveHeader}>
              {t('integrations.deadLetters.received')}
            </th>
            <th scope="col" className={`${passiveHeader} md:text-right`}>
              {t('integrations.deadLetters.attempts')}
            </th>
            <th scope="col" className={passiveHeader}>
              {t('integrations.deadLetters.error')}
            </th>
            <th scope="col" className={passiveHeader}>
              <span className="sr-only">{t('integrations.deadLetters.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody className={cardList.body}>
          {letters.map((letter) => (
            <tr key={letter.id} className={cardList.row}>
              <td className={titleCell}>
                <p className="font-mono text-sm font-medium text-slate-900">{letter.topic}</p>
                {shopDomain.has(letter.shop_id) && (
                  <p className="text-xs text-slate-600 [overflow-wrap:anywhere]">{shopDomain.get(letter.shop_id)}</p>
                )}
              </td>
              <td className={`${cell} font-mono`} data-label={t('integrations.deadLetters.entity')}>
                <span className="break-all md:whitespace-nowrap md:break-normal">{letter.entity}</span>
              </td>
              <td className={cell} data-label={t('integrations.deadLetters.received')}>
                <time dateTime={letter.received_at}>{format.dateTime(letter.received_at)}</time>
              </td>
              <td className={numericCell} data-label={t('integrations.deadLetters.attempts')}>
                {format.count(letter.attempts)}
              </td>
              <td className={`${cell}`} data-label={t('integrations.deadLetters.error')}>
                {letter.error ? <span className="break-words text-red-800">{letter.error}</span> : <span className="text-slate-600">—</span>}
              </td>
              <td className={`${titleCell} pt-2 md:pt-3 md:text-right`}>
                <Button
                  variant="secondary"
                  disabled={busyId === letter.id}
                  onClick={() => onRetry(letter)}
                  aria-label={t('integrations.deadLetters.retryNamed', { topic: letter.topic, entity: letter.entity })}
                >
                  <RotateCcw aria-hidden="true" className="size-4" />
                  {t('integrations.deadLetters.retry')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollFrame>
  );
}
