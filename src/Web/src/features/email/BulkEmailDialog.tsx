import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Mail } from 'lucide-react';
import { ApiError, problemText, problemToFieldErrors } from '../../api/problemDetails';
import { usePermission } from '../../auth/usePermission';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FormErrors } from '../../components/FormErrors';
import { SelectField } from '../../components/FormFields';
import { BULK_EMAIL_FIELDS, BULK_EMAIL_PURPOSES, toNewBulkEmail, useCreateBulkEmail, type BulkEmailField, type BulkEmailPurpose, type BulkEmailTarget, type BulkEmailView } from './bulkEmailApi';
import { BulkEmailProgress } from './BulkEmailProgress';
import { EmailTemplateSelect } from './EmailTemplateSelect';

/** "Send email to these customers" on the customer list (its filter) and on a segment (its members); needs customers.bulk. */
export function BulkEmailButton({ target }: { target: BulkEmailTarget }) {
  const { t } = useTranslation();
  const canBulk = usePermission('customers.bulk');
  const [open, setOpen] = useState(false);
  if (!canBulk) return null;
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        <Mail aria-hidden="true" className="size-4" />
        {t('bulkEmail.open')}
      </Button>
      <Dialog open={open} title={t('bulkEmail.title')} onClose={() => setOpen(false)} size="lg">
        <BulkEmailForm target={target} onClose={() => setOpen(false)} />
      </Dialog>
    </>
  );
}

function BulkEmailForm({ target, onClose }: { target: BulkEmailTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const [templateId, setTemplateId] = useState('');
  const [purpose, setPurpose] = useState<BulkEmailPurpose>('marketing');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<BulkEmailField, string>>>({});
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const [job, setJob] = useState<BulkEmailView>();
  const create = useCreateBulkEmail();

  if (job) {
    return (
      <div className="space-y-4">
        <BulkEmailProgress job={job} />
        <div className="flex justify-end">
          <Button onClick={onClose}>{t('bulkEmail.close')}</Button>
        </div>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!templateId) {
      setFieldErrors({ template_id: t('compose.required') });
      return;
    }
    setFieldErrors({});
    setGeneralErrors([]);
    create.mutate(toNewBulkEmail(target, templateId, purpose), {
      onSuccess: setJob,
      onError: (error) => {
        if (error instanceof ApiError) {
          const { fieldErrors: byField, generalMessages } = problemToFieldErrors(error.problem, BULK_EMAIL_FIELDS);
          setFieldErrors(Object.fromEntries(byField.map(({ field, message }) => [field, message])));
          setGeneralErrors(byField.length === 0 && generalMessages.length === 0 ? [problemText(t, error)] : generalMessages);
        } else {
          setGeneralErrors([problemText(t, error)]);
        }
      },
    });
  };

  const recipientsError = target.kind === 'filter' ? fieldErrors.filter : fieldErrors.segment_id;
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <div>
        <p className="text-sm text-slate-700">{t(target.kind === 'filter' ? 'bulkEmail.toFilter' : 'bulkEmail.toSegment')}</p>
        {recipientsError && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {recipientsError}
          </p>
        )}
      </div>
      <EmailTemplateSelect
        value={templateId}
        onChange={(value) => {
          setTemplateId(value);
          setFieldErrors(({ template_id: _, ...rest }) => rest);
        }}
        error={fieldErrors.template_id}
      />
      <SelectField
        label={t('compose.purpose')}
        hint={t(purpose === 'marketing' ? 'bulkEmail.purposeHint' : 'bulkEmail.purposeHintNotMarketing')}
        options={BULK_EMAIL_PURPOSES.map((value) => ({ value, label: t(`mailbox.purpose.${value}`) }))}
        value={purpose}
        onChange={(event) => {
          setPurpose(event.target.value as BulkEmailPurpose);
          setFieldErrors(({ purpose: _, ...rest }) => rest);
        }}
        error={fieldErrors.purpose}
      />
      <FormErrors messages={generalErrors} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          {t('compose.cancel')}
        </Button>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? t('compose.sending') : t('bulkEmail.send')}
        </Button>
      </div>
    </form>
  );
}
