import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Button } from '../../components/Button';
import { ShownOnceSecret } from '../../components/ShownOnceSecret';
import { Dialog } from '../../components/Dialog';
import { FormErrors } from '../../components/FormErrors';
import { TextField } from '../../components/FormFields';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { useCreateWebhook, useUpdateWebhook, useWebhookEvents, type CreatedWebhook, type Webhook } from './webhooksApi';

export const webhookSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'validation.required')
    .refine((value) => /^https?:\/\/[^\s/]+/i.test(value), 'validation.webhookUrl'),
  events: z.array(z.string()).min(1, 'validation.webhookEvents'),
});
type WebhookValues = z.input<typeof webhookSchema>;

interface WebhookFormDialogProps {
  open: boolean;
  /** The subscription to edit; none to create one. */
  webhook?: Webhook;
  onClose: () => void;
}

/** Create (then the secret, once, with a copy button) or edit a subscription's URL and events. */
export function WebhookFormDialog({ open, webhook, onClose }: WebhookFormDialogProps) {
  const { t } = useTranslation();
  const [created, setCreated] = useState<CreatedWebhook>();
  const close = () => {
    setCreated(undefined);
    onClose();
  };
  const title = created ? t('webhooks.created.title') : webhook ? t('webhooks.form.editTitle') : t('webhooks.form.createTitle');
  return (
    <Dialog open={open} title={title} description={created ? undefined : t('webhooks.form.description')} onClose={close}>
      {created ? (
        <NewSecret webhook={created} onDone={close} />
      ) : open ? (
        <WebhookForm webhook={webhook} onCancel={close} onCreated={setCreated} onSaved={close} />
      ) : null}
    </Dialog>
  );
}

function WebhookForm({
  webhook,
  onCancel,
  onCreated,
  onSaved,
}: {
  webhook?: Webhook;
  onCancel: () => void;
  onCreated: (created: CreatedWebhook) => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const events = useWebhookEvents();
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const [messages, setMessages] = useState<string[]>([]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<WebhookValues>({
    resolver: zodResolver(webhookSchema),
    defaultValues: { url: webhook?.url ?? '', events: webhook ? [...webhook.events] : [] },
  });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    try {
      if (webhook) {
        await update.mutateAsync({ id: webhook.id, url: values.url.trim(), events: values.events });
        onSaved();
      } else {
        onCreated(await create.mutateAsync({ url: values.url.trim(), events: values.events }));
      }
    } catch (error) {
      setMessages(applyServerErrors(t, error, setError, { url: 'url', events: 'events' }));
    }
  });

  const eventsError = fieldErrorText(t, errors.events as Parameters<typeof fieldErrorText>[1]);
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <FormErrors messages={messages} />
      <TextField
        {...register('url')}
        type="url"
        inputMode="url"
        label={t('webhooks.form.url')}
        hint={t('webhooks.form.urlHint')}
        required
        autoFocus
        error={fieldErrorText(t, errors.url)}
      />
      <fieldset aria-describedby={eventsError ? `${id}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">{t('webhooks.form.events')}</legend>
        {events.isError ? (
          <p className="mt-2 text-sm text-red-700">{t('webhooks.eventsLoadError')}</p>
        ) : (
          <ul className="mt-2 grid gap-1.5 sm:grid-cols-2">
            {(events.data ?? []).map((event) => (
              <li key={event}>
                <label className="flex items-center gap-2 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    value={event}
                    {...register('events')}
                    className="size-4 rounded border-slate-400 accent-indigo-600"
                  />
                  <span className="font-mono text-xs">{event}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {eventsError && (
          <p id={`${id}-error`} className="mt-1.5 text-sm text-red-700">
            {eventsError}
          </p>
        )}
      </fieldset>
      <div className="flex justify-end gap-3 pt-2">
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? t('webhooks.form.saving') : webhook ? t('webhooks.form.save') : t('webhooks.form.create')}
        </Button>
      </div>
    </form>
  );
}

function NewSecret({ webhook, onDone }: { webhook: CreatedWebhook; onDone: () => void }) {
  return (
    <ShownOnceSecret secret={webhook.secret} texts="webhooks.created" onDone={onDone}>
      <p className="break-all font-mono text-sm text-slate-700">{webhook.url}</p>
    </ShownOnceSecret>
  );
}
