import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../components/StateMessages';
import { useMailboxMessage } from './mailboxApi';

/**
 * One sent message: its headers, the HTML part in a fully sandboxed frame (no scripts, no same-origin access,
 * so mail content can never act inside the CRM) and the text part.
 */
export function MailboxMessageView({ id, reveal = false }: { id: string; /** Scroll the message into view once it has loaded (phones, where it sits under the list). */ reveal?: boolean }) {
  const { t } = useTranslation();
  const message = useMailboxMessage(id);
  const article = useRef<HTMLElement>(null);
  const loaded = message.data?.id;
  useEffect(() => {
    if (reveal && loaded) article.current?.scrollIntoView({ block: 'start' });
  }, [reveal, loaded]);
  if (message.error) return <ErrorState message={t('mailbox.messageError')} error={message.error} onRetry={() => void message.refetch()} />;
  if (!message.data) return <LoadingState />;
  const mail = message.data;
  return (
    <article ref={article} aria-label={mail.subject} className="min-w-0 scroll-mt-24 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 className="text-lg font-semibold text-slate-900">{mail.subject}</h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt className="text-slate-600">{t('mailbox.from')}</dt>
        <dd className="text-slate-900 [overflow-wrap:anywhere]">{mail.from}</dd>
        <dt className="text-slate-600">{t('mailbox.to')}</dt>
        <dd className="text-slate-900 [overflow-wrap:anywhere]">{mail.to}</dd>
      </dl>
      {mail.body_html && (
        <section className="mt-4">
          <h3 className="text-sm font-semibold text-slate-900">{t('mailbox.htmlPart')}</h3>
          <iframe
            title={t('mailbox.htmlPartFrame', { subject: mail.subject })}
            sandbox=""
            srcDoc={mail.body_html}
            className="mt-2 h-80 w-full rounded border border-slate-200 bg-white"
          />
        </section>
      )}
      {mail.body_text && (
        <section className="mt-4">
          <h3 className="text-sm font-semibold text-slate-900">{t('mailbox.textPart')}</h3>
          <pre className="mt-2 max-h-80 overflow-auto whitespace-pre-wrap rounded border border-slate-200 bg-slate-50 p-3 text-sm text-slate-900">
            {mail.body_text}
          </pre>
        </section>
      )}
      <details className="mt-4">
        <summary className="cursor-pointer text-sm font-semibold text-slate-900">{t('mailbox.headers')}</summary>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
          {mail.headers.map((header, index) => (
            <div key={`${header.name}-${index}`} className="contents">
              <dt className="font-mono text-slate-600">{header.name}</dt>
              <dd className="break-all font-mono text-slate-900">{header.value}</dd>
            </div>
          ))}
        </dl>
      </details>
    </article>
  );
}
