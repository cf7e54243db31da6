import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslation } from 'react-i18next';
import { problemText } from '../../api/problemDetails';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { FormErrors } from '../../components/FormErrors';
import { TextField } from '../../components/FormFields';
import { PageHeader } from '../../components/PageHeader';
import { SectionCard } from '../../components/SectionCard';
import { ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { applyServerErrors, fieldErrorText } from '../auth/formErrors';
import { useMailSync, useNewInboundAddress, useSaveImap, useUnmatchedMail, type MailSyncView } from './mailSyncApi';
import { imapFormValues, imapSchema, toImapInput, type ImapFormValues } from './mailSyncSchema';

/** Settings → Mailbox sync: where customers' replies come from (IMAP, SendGrid Inbound Parse), how the sync is doing, and mail nobody could be matched to. */
export function MailSyncPage() {
  const { t } = useTranslation();
  const sync = useMailSync();
  return (
    <>
      <PageHeader title={t('settings.sections.mailSync.title')} description={t('settings.sections.mailSync.description')} />
      {sync.isPending ? (
        <LoadingState />
      ) : sync.error ? (
        <ErrorState message={t('mailSync.loadError')} error={sync.error} onRetry={() => void sync.refetch()} />
      ) : (
        <div className="space-y-6">
          <Health view={sync.data} />
          <ImapForm view={sync.data} />
          <InboundAddress configured={sync.data.inbound_configured} />
          <Unmatched />
        </div>
      )}
    </>
  );
}

function Health({ view }: { view: MailSyncView }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const { health } = view;
  return (
    <SectionCard title={t('mailSync.health.title')}>
      <dl className="grid gap-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="font-medium text-slate-600">{t('mailSync.health.lastPoll')}</dt>
          <dd className="mt-1 text-slate-900">{health.last_poll_at ? format.dateTime(health.last_poll_at) : t('mailSync.health.never')}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">{t('mailSync.health.imported')}</dt>
          <dd className="mt-1 text-slate-900">{format.count(health.messages_imported)}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">{t('mailSync.health.lastError')}</dt>
          <dd className="mt-1 break-words text-slate-900">{health.last_error ?? t('mailSync.health.noError')}</dd>
        </div>
      </dl>
    </SectionCard>
  );
}

function ImapForm({ view }: { view: MailSyncView }) {
  const { t } = useTranslation();
  const save = useSaveImap();
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ImapFormValues>({ resolver: zodResolver(imapSchema), defaultValues: imapFormValues(view) });

  const submit = handleSubmit(async (values) => {
    setMessages([]);
    setSaved(false);
    try {
      const next = await save.mutateAsync(toImapInput(values));
      reset(imapFormValues(next));
      setSaved(true);
    } catch (error) {
      setMessages(
        applyServerErrors(t, error, setError, { enabled: 'enabled', host: 'host', port: 'port', tls: 'tls', username: 'username', password: 'password', folder: 'folder' }),
      );
    }
  });

  return (
    <SectionCard title={t('mailSync.imap.title')} description={t('mailSync.imap.description')}>
      <form onSubmit={submit} noValidate className="space-y-5">
        <FormErrors messages={messages} />
        {saved && <Alert tone="success">{t('mailSync.imap.saved')}</Alert>}
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input type="checkbox" {...register('enabled')} className="size-4 rounded border-slate-300" />
          {t('mailSync.imap.enabled')}
        </label>
        <div className="grid gap-x-6 gap-y-5 sm:grid-cols-[minmax(0,1fr)_8rem]">
          <TextField {...register('host')} label={t('mailSync.imap.host')} autoComplete="off" error={fieldErrorText(t, errors.host)} />
          <TextField {...register('port')} label={t('mailSync.imap.port')} inputMode="numeric" hint={t('mailSync.imap.portHint')} error={fieldErrorText(t, errors.port)} />
        </div>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" {...register('tls')} className="size-4 rounded border-slate-300" />
          {t('mailSync.imap.tls')}
        </label>
        <div className="grid gap-x-6 gap-y-5 sm:grid-cols-2">
          <TextField {...register('username')} label={t('mailSync.imap.username')} autoComplete="off" error={fieldErrorText(t, errors.username)} />
          <TextField
            {...register('password')}
            type="password"
            label={t('mailSync.imap.password')}
            autoComplete="new-password"
            hint={view.imap.has_password ? t('mailSync.imap.passwordKept') : undefined}
            error={fieldErrorText(t, errors.password)}
          />
        </div>
        <TextField {...register('folder')} label={t('mailSync.imap.folder')} error={fieldErrorText(t, errors.folder)} />
        <div className="flex justify-end">
          <Button type="submit" disabled={isSubmitting}>
            {isSubmitting ? t('common.saving') : t('mailSync.imap.save')}
          </Button>
        </div>
      </form>
    </SectionCard>
  );
}

function InboundAddress({ configured }: { configured: boolean }) {
  const { t } = useTranslation();
  const create = useNewInboundAddress();
  return (
    <SectionCard title={t('mailSync.inbound.title')} description={t('mailSync.inbound.description')}>
      <div className="space-y-3">
        {create.data ? (
          <Alert tone="success">
            <p>{t('mailSync.inbound.shownOnce')}</p>
            <p className="break-all font-mono text-xs">{create.data.url}</p>
            <CopyButton text={create.data.url} label={t('mailSync.inbound.copy')} />
          </Alert>
        ) : (
          <p className="text-sm text-slate-700">{t(configured ? 'mailSync.inbound.configured' : 'mailSync.inbound.none')}</p>
        )}
        {create.error && <Alert tone="error">{problemText(t, create.error)}</Alert>}
        <Button variant="secondary" onClick={() => create.mutate()} disabled={create.isPending}>
          {t(configured ? 'mailSync.inbound.rotate' : 'mailSync.inbound.create')}
        </Button>
      </div>
    </SectionCard>
  );
}

function Unmatched() {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const unmatched = useUnmatchedMail();
  return (
    <SectionCard title={t('mailSync.unmatched.title')} description={t('mailSync.unmatched.description')}>
      {unmatched.isPending ? (
        <LoadingState />
      ) : unmatched.error ? (
        <ErrorState message={t('mailSync.loadError')} error={unmatched.error} onRetry={() => void unmatched.refetch()} />
      ) : unmatched.data.length === 0 ? (
        <p className="text-sm text-slate-600">{t('mailSync.unmatched.empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {unmatched.data.map((mail) => (
            <li key={mail.message_id} className="py-3 text-sm">
              <p className="font-medium text-slate-900">{mail.subject || t('threads.noSubject')}</p>
              <p className="text-xs text-slate-600">
                {mail.from} · {format.dateTime(mail.received_at)}
              </p>
              <p className="mt-1 line-clamp-3 whitespace-pre-wrap break-words text-slate-700">{mail.body_text}</p>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
