import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RefreshCw } from 'lucide-react';
import { problemText } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { useLocaleFormatters } from '../../i18n/format';
import { isSyncActive, useShopSync, useStartSync, type ShopSync } from './syncApi';

const statusTone = { idle: 'slate', queued: 'slate', running: 'blue', succeeded: 'green', failed: 'red' } as const;
type SyncStatus = keyof typeof statusTone;

function knownStatus(status: string): SyncStatus {
  return status in statusTone ? (status as SyncStatus) : 'idle';
}

/** A shop's backfill and reconciliation: status, a progress bar with counts, percentage and ETA while it runs, the last sync, its error, and "Sync now". */
export function ShopSyncPanel({ shopId, domain, connected }: { shopId: string; domain: string; connected: boolean }) {
  const { t } = useTranslation();
  const sync = useShopSync(shopId);
  const start = useStartSync(shopId);
  const [failure, setFailure] = useState<string>();

  const syncNow = async () => {
    setFailure(undefined);
    try {
      await start.mutateAsync();
    } catch (error) {
      setFailure(problemText(t, error));
    }
  };

  const active = isSyncActive(sync.data);
  return (
    <section aria-label={t('integrations.sync.label', { domain })} className="mt-4 rounded-md bg-slate-50 px-3 py-3 ring-1 ring-inset ring-slate-200">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex flex-wrap items-center gap-2">
          <h3 className="text-sm font-semibold text-slate-800">{t('integrations.sync.title')}</h3>
          {sync.data && (
            <Badge tone={statusTone[knownStatus(sync.data.status)]}>{t(`integrations.sync.status.${knownStatus(sync.data.status)}`)}</Badge>
          )}
        </div>
        {connected && (
          <Button
            variant="secondary"
            className="self-start sm:self-auto"
            disabled={active || start.isPending || sync.isPending}
            onClick={() => void syncNow()}
            aria-label={t('integrations.sync.nowNamed', { domain })}
          >
            <RefreshCw aria-hidden="true" className={`size-4 ${active ? 'animate-spin motion-reduce:animate-none' : ''}`} />
            {active ? t('integrations.sync.syncing') : t('integrations.sync.now')}
          </Button>
        )}
      </div>
      {failure && (
        <div className="mt-2">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      {sync.isError ? (
        <p className="mt-2 text-sm text-red-800">{t('integrations.sync.loadError')}</p>
      ) : sync.data ? (
        <SyncDetails sync={sync.data} domain={domain} />
      ) : null}
    </section>
  );
}

function SyncDetails({ sync, domain }: { sync: ShopSync; domain: string }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const active = isSyncActive(sync);
  const percent = sync.percent ?? undefined;
  const eta = sync.eta_seconds ?? undefined;

  return (
    <div className="mt-2 space-y-2 text-sm text-slate-700">
      {(active || sync.status === 'succeeded' || sync.status === 'failed') && (
        <>
          <div
            role="progressbar"
            aria-label={t('integrations.sync.progressLabel', { domain })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
          >
            <div
              className={`h-full rounded-full transition-[width] ${sync.status === 'failed' ? 'bg-red-600' : 'bg-indigo-600'} ${percent === undefined && active ? 'w-1/3 animate-pulse' : ''}`}
              style={percent !== undefined ? { width: `${percent}%` } : active ? undefined : { width: '0%' }}
            />
          </div>
          <p className="flex flex-wrap gap-x-3 gap-y-1 tabular-nums">
            <span>
              {sync.total > 0
                ? t('integrations.sync.progress', { done: format.count(sync.done), total: format.count(sync.total) })
                : t('integrations.sync.progressUnknown', { done: format.count(sync.done) })}
              {percent !== undefined && ` · ${t('integrations.sync.percent', { percent })}`}
            </span>
            <span>{t('integrations.sync.counts', { customers: format.count(sync.customers), orders: format.count(sync.orders), products: format.count(sync.products) })}</span>
            {active && eta !== undefined && (
              <span>{eta < 60 ? t('integrations.sync.etaUnderMinute') : t('integrations.sync.etaMinutes', { count: Math.ceil(eta / 60) })}</span>
            )}
          </p>
        </>
      )}
      <p>
        {t('integrations.sync.lastSync')}{' '}
        {sync.last_success_at ? <time dateTime={sync.last_success_at}>{format.dateTime(sync.last_success_at)}</time> : t('integrations.sync.never')}
      </p>
      {sync.status === 'failed' && sync.last_error && (
        <Alert tone="error">
          {t('integrations.sync.failed')} {sync.last_error}
        </Alert>
      )}
    </div>
  );
}
