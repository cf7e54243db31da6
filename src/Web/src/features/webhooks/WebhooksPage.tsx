import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, Webhook as WebhookIcon } from 'lucide-react';
import { problemText } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { WebhookDeliveriesDialog } from './WebhookDeliveries';
import { WebhookFormDialog } from './WebhookFormDialog';
import { useDeleteWebhook, useUpdateWebhook, useWebhooks, type Webhook } from './webhooksApi';

/** /settings/webhooks: subscriptions as cards (any width), their delivery log, switching on and off. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const webhooks = useWebhooks();
  const remove = useDeleteWebhook();
  const update = useUpdateWebhook();
  const [form, setForm] = useState<{ webhook?: Webhook }>();
  const [deleting, setDeleting] = useState<Webhook>();
  const [logOf, setLogOf] = useState<Webhook>();
  const [failure, setFailure] = useState<string>();

  const explain = (error: unknown) => problemText(t, error);

  const confirmDelete = async () => {
    if (!deleting) return;
    setFailure(undefined);
    try {
      await remove.mutateAsync(deleting.id);
    } catch (error) {
      setFailure(explain(error));
    }
    setDeleting(undefined);
  };

  const toggle = async (webhook: Webhook) => {
    setFailure(undefined);
    try {
      await update.mutateAsync({ id: webhook.id, active: !webhook.active });
    } catch (error) {
      setFailure(explain(error));
    }
  };

  const newButton = (
    <Button onClick={() => setForm({})}>
      <Plus aria-hidden="true" className="size-4" />
      {t('webhooks.new')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('settings.sections.webhooks.title')} description={t('settings.sections.webhooks.description')} actions={newButton} />
      {failure && (
        <div className="mb-4">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      {webhooks.isPending ? (
        <LoadingState />
      ) : webhooks.isError ? (
        <ErrorState message={t('webhooks.loadError')} error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : webhooks.data.length === 0 ? (
        <EmptyState
          icon={<WebhookIcon aria-hidden="true" className="size-6" />}
          title={t('webhooks.empty.title')}
          description={t('webhooks.empty.description')}
        />
      ) : (
        <ul className="grid gap-4 lg:grid-cols-2" aria-label={t('webhooks.listLabel')}>
          {webhooks.data.map((webhook) => (
            <WebhookCard
              key={webhook.id}
              webhook={webhook}
              busy={update.isPending}
              onEdit={() => setForm({ webhook })}
              onToggle={() => void toggle(webhook)}
              onDelete={() => setDeleting(webhook)}
              onLog={() => setLogOf(webhook)}
            />
          ))}
        </ul>
      )}
      <WebhookFormDialog open={form !== undefined} webhook={form?.webhook} onClose={() => setForm(undefined)} />
      <WebhookDeliveriesDialog webhook={logOf} onClose={() => setLogOf(undefined)} />
      <ConfirmDialog
        open={deleting !== undefined}
        title={t('webhooks.delete.confirmTitle')}
        message={deleting ? t('webhooks.delete.confirmText', { url: deleting.url }) : ''}
        confirmLabel={remove.isPending ? t('webhooks.delete.working') : t('webhooks.delete.confirm')}
        busy={remove.isPending}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(undefined)}
      />
    </>
  );
}

interface WebhookCardProps {
  webhook: Webhook;
  busy: boolean;
  onEdit: () => void;
  onToggle: () => void;
  onDelete: () => void;
  onLog: () => void;
}

function WebhookCard({ webhook, busy, onEdit, onToggle, onDelete, onLog }: WebhookCardProps) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label={webhook.url}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <p className="min-w-0 break-all font-mono text-sm text-slate-900">{webhook.url}</p>
        {webhook.active ? <Badge tone="green">{t('webhooks.active')}</Badge> : <Badge tone="slate">{t('webhooks.inactive')}</Badge>}
      </div>
      {webhook.disabled_reason && (
        <p className="mt-2 text-sm text-amber-800">{t('webhooks.disabledBecause', { reason: webhook.disabled_reason })}</p>
      )}
      <ul className="mt-3 flex flex-wrap gap-1" aria-label={t('webhooks.form.events')}>
        {webhook.events.map((event) => (
          <li key={event} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
            {event}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-slate-600">
        {t('webhooks.createdOn', { date: format.date(webhook.created_at) })}
      </p>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" onClick={onLog} aria-label={t('webhooks.deliveries.openNamed', { url: webhook.url })}>
          {t('webhooks.deliveries.open')}
        </Button>
        <Button variant="secondary" onClick={onEdit} aria-label={t('webhooks.editNamed', { url: webhook.url })}>
          {t('webhooks.edit')}
        </Button>
        <Button variant="secondary" disabled={busy} onClick={onToggle}>
          {webhook.active ? t('webhooks.switchOff') : t('webhooks.switchOn')}
        </Button>
        <Button
          variant="ghost"
          className="text-red-700 hover:bg-red-50"
          onClick={onDelete}
          aria-label={t('webhooks.delete.buttonNamed', { url: webhook.url })}
        >
          {t('webhooks.delete.button')}
        </Button>
      </div>
    </li>
  );
}
