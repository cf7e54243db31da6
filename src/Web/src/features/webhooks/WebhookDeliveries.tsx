import { useTranslation } from 'react-i18next';
import { Send } from 'lucide-react';
import { ApiError } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { useRedeliver, useWebhookDeliveries, type Webhook, type WebhookDelivery } from './webhooksApi';

const statusTone: Record<string, BadgeTone> = { pending: 'amber', succeeded: 'green', failed: 'red' };

/** The delivery log of one subscription: every attempt's status code, duration, error and next retry. */
export function WebhookDeliveriesDialog({ webhook, onClose }: { webhook?: Webhook; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog open={webhook !== undefined} title={t('webhooks.deliveries.title')} description={webhook?.url} onClose={onClose} size="lg">
      {webhook && <DeliveryLog webhook={webhook} />}
    </Dialog>
  );
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation();
  const deliveries = useWebhookDeliveries(webhook.id);
  const redeliver = useRedeliver(webhook.id);
  if (deliveries.isPending) return <LoadingState />;
  if (deliveries.isError) {
    return <ErrorState message={t('webhooks.deliveries.loadError')} error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  }
  if (deliveries.data.length === 0) {
    return (
      <EmptyState
        icon={<Send aria-hidden="true" className="size-6" />}
        title={t('webhooks.deliveries.empty.title')} description={t('webhooks.deliveries.empty.description')}
      />
    );
  }
  const failure =
    redeliver.error instanceof ApiError
      ? (redeliver.error.problem.detail ?? t('common.unexpectedError'))
      : redeliver.error
        ? t('common.networkError')
        : undefined;
  return (
    <div className="space-y-3">
      {failure && <Alert tone="error">{failure}</Alert>}
      <ul className="space-y-3" aria-label={t('webhooks.deliveries.title')}>
        {deliveries.data.map((delivery) => (
          <DeliveryCard
            key={delivery.id}
            delivery={delivery}
            busy={redeliver.isPending}
            canRedeliver={webhook.active}
            onRedeliver={() => redeliver.mutate(delivery.id)}
          />
        ))}
      </ul>
    </div>
  );
}

function DeliveryCard({
  delivery,
  busy,
  canRedeliver,
  onRedeliver,
}: {
  delivery: WebhookDelivery;
  busy: boolean;
  canRedeliver: boolean;
  onRedeliver: () => void;
}) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  return (
    <li className="rounded-lg border border-slate-200 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-sm text-slate-900">{delivery.event}</span>
          <Badge tone={statusTone[delivery.status] ?? 'slate'}>{t(`webhooks.deliveries.status.${delivery.status as 'pending'}`)}</Badge>
          {delivery.redelivery_of && <Badge tone="slate">{t('webhooks.deliveries.redelivery')}</Badge>}
        </div>
        <Button variant="secondary" disabled={busy || !canRedeliver} onClick={onRedeliver}>
          {t('webhooks.deliveries.redeliver')}
        </Button>
      </div>
      <p className="mt-1 text-xs text-slate-600">
        <time dateTime={delivery.created_at}>{format.dateTime(delivery.created_at)}</time>
        {delivery.status === 'pending' && delivery.next_attempt_at && (
          <> · {t('webhooks.deliveries.nextAttempt', { time: format.dateTime(delivery.next_attempt_at) })}</>
        )}
      </p>
      {delivery.attempts.length > 0 && (
        <ol className="mt-2 space-y-1 text-sm" aria-label={t('webhooks.deliveries.attempts')}>
          {delivery.attempts.map((attempt) => (
            <li key={attempt.attempt} className="flex flex-wrap gap-x-3 gap-y-0.5 text-slate-700">
              <span className="font-medium">{t('webhooks.deliveries.attempt', { number: attempt.attempt })}</span>
              <span>
                {attempt.status_code !== null
                  ? t('webhooks.deliveries.statusCode', { code: attempt.status_code })
                  : t('webhooks.deliveries.noAnswer')}
              </span>
              <span>{t('webhooks.deliveries.duration', { ms: attempt.duration_ms })}</span>
              {attempt.error && <span className="break-words text-red-700">{attempt.error}</span>}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}
