import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Mail } from 'lucide-react';
import { ApiError, problemText, problemToFieldErrors } from '../../api/problemDetails';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FormErrors } from '../../components/FormErrors';
import { SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { useLocaleFormatters } from '../../i18n/format';
import { COMPOSE_FIELDS, EMAIL_PURPOSES, emptyDraft, toNewEmail, validateDraft, type ComposeDraft, type ComposeField } from './composeEmail';
import { useSendEmail, useTemplatePreview } from './emailApi';
import { EmailTemplateSelect } from './EmailTemplateSelect';

interface ComposeEmailButtonProps {
  customerId: string;
  customerName: string;
  /** Without an address there is nobody to write to. */
  hasEmail: boolean;
}

/** "Send email" on the customer page: a template in the customer's language or free text; the sent mail shows up on the live timeline. */
export function ComposeEmailButton({ customerId, customerName, hasEmail }: ComposeEmailButtonProps) {
  const { t } = useTranslation();
  const canWrite = usePermission('customers.write');
  const [open, setOpen] = useState(false);
  const [sentTo, setSentTo] = useState<string>();

  useEffect(() => {
    if (!sentTo) return;
    const timer = setTimeout(() => setSentTo(undefined), 5_000);
    return () => clearTimeout(timer);
  }, [sentTo]);

  if (!canWrite || !hasEmail) return null;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <Mail aria-hidden="true" className="size-4" />
        {t('compose.open')}
      </Button>
      <div role="status" aria-live="polite" className="fixed bottom-4 right-4 z-50">
        {sentTo && (
          <p className="rounded-md bg-slate-900 px-4 py-3 text-sm text-white shadow-lg">{t('compose.sent', { name: sentTo })}</p>
        )}
      </div>
      <Dialog open={open} title={t('compose.title', { name: customerName })} onClose={() => setOpen(false)} size="lg">
        <ComposeEmailForm
          customerId={customerId}
          onCancel={() => setOpen(false)}
          onSent={() => {
            setOpen(false);
            setSentTo(customerName);
          }}
        />
      </Dialog>
    </>
  );
}

/** The compose form; a reply from a conversation starts from its prefilled draft. */
export function ComposeEmailForm({
  customerId,
  initial = emptyDraft,
  onCancel,
  onSent,
}: {
  customerId: string;
  initial?: ComposeDraft;
  onCancel: () => void;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const [draft, setDraft] = useState<ComposeDraft>(initial);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<ComposeField, string>>>({});
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const preview = useTemplatePreview(draft.source === 'template' ? draft.templateId : '', customerId);
  const send = useSendEmail(customerId);

  const change = (patch: Partial<ComposeDraft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    setFieldErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(patch)) delete next[key === 'templateId' ? 'template_id' : key === 'bodyText' ? 'body_text' : (key as ComposeField)];
      return next;
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = validateDraft(draft);
    if (Object.keys(missing).length > 0) {
      setFieldErrors(Object.fromEntries(Object.keys(missing).map((field) => [field, t('compose.required')])));
      return;
    }
    setGeneralErrors([]);
    send.mutate(toNewEmail(draft), {
      onSuccess: onSent,
      onError: (error) => {
        if (error instanceof ApiError) {
          const { fieldErrors: byField, generalMessages } = problemToFieldErrors(error.problem, COMPOSE_FIELDS);
          setFieldErrors(Object.fromEntries(byField.map(({ field, message }) => [field, message])));
          setGeneralErrors(byField.length === 0 && generalMessages.length === 0 ? [problemText(t, error)] : generalMessages);
        } else {
          setGeneralErrors([problemText(t, error)]);
        }
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{t('compose.source')}</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          {(['template', 'text'] as const).map((source) => (
            <label key={source} className="flex items-center gap-2">
              <input type="radio" name="source" value={source} checked={draft.source === source} onChange={() => change({ source })} />
              {t(`compose.sources.${source}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {draft.source === 'template' ? (
        <EmailTemplateSelect value={draft.templateId} onChange={(templateId) => change({ templateId })} error={fieldErrors.template_id} />
      ) : (
        <>
          <TextField label={t('compose.subject')} required value={draft.subject} onChange={(event) => change({ subject: event.target.value })} error={fieldErrors.subject} />
          <TextAreaField label={t('compose.body')} required rows={6} value={draft.bodyText} onChange={(event) => change({ bodyText: event.target.value })} error={fieldErrors.body_text} />
        </>
      )}
      <SelectField
        label={t('compose.purpose')}
        hint={t('compose.purposeHint')}
        options={EMAIL_PURPOSES.map((purpose) => ({ value: purpose, label: t(`mailbox.purpose.${purpose}`) }))}
        value={draft.purpose}
        onChange={(event) => change({ purpose: event.target.value as ComposeDraft['purpose'] })}
        error={fieldErrors.purpose}
      />
      {draft.source === 'template' && draft.templateId && (
        <section aria-label={t('compose.preview')} className="rounded-md border border-slate-200 p-3">
          <h3 className="text-sm font-semibold text-slate-900">
            {preview.data ? t('compose.previewIn', { language: format.languageName(preview.data.language) }) : t('compose.preview')}
          </h3>
          {preview.error ? (
            <Alert tone="error">{problemText(t, preview.error)}</Alert>
          ) : preview.data ? (
            <>
              <p className="mt-2 text-sm font-medium text-slate-900">{preview.data.subject}</p>
              <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap text-sm text-slate-700">{preview.data.body_text}</pre>
            </>
          ) : (
            <p className="mt-2 text-sm text-slate-600">{t('compose.previewLoading')}</p>
          )}
        </section>
      )}
      <FormErrors messages={fieldErrors.in_reply_to ? [fieldErrors.in_reply_to, ...generalErrors] : generalErrors} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          {t('compose.cancel')}
        </Button>
        <Button type="submit" disabled={send.isPending}>
          {send.isPending ? t('compose.sending') : t('compose.send')}
        </Button>
      </div>
    </form>
  );
}
