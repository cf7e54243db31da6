import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Inbox } from 'lucide-react';
import { Button } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { MailboxMessageView } from './MailboxMessageView';
import { useMailbox } from './mailboxApi';

/** Settings → Mailbox: in local mode, the customer email the CRM has sent, read as the recipient would. */
export function MailboxPage() {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const mailbox = useMailbox();
  const [selected, setSelected] = useState<{ id: string; reveal: boolean }>();
  const messages = mailbox.data?.pages.flatMap((page) => page.items) ?? [];

  // Below the lg breakpoint the message sits under the whole list: it scrolls itself into view, or the tap seems to do nothing.
  const choose = (id: string) =>
    setSelected({ id, reveal: typeof window.matchMedia === 'function' && !window.matchMedia('(min-width: 1024px)').matches });

  return (
    <>
      <PageHeader title={t('mailbox.title')} description={t('mailbox.description')} />
      {mailbox.error ? (
        <ErrorState message={t('mailbox.loadError')} error={mailbox.error} onRetry={() => void mailbox.refetch()} />
      ) : !mailbox.data ? (
        <LoadingState />
      ) : messages.length === 0 ? (
        <EmptyState icon={<Inbox aria-hidden="true" className="size-6" />} title={t('mailbox.empty')} description={t('mailbox.description')} />
      ) : (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(16rem,22rem)_1fr]">
          <section aria-label={t('mailbox.listLabel')} className="min-w-0">
            <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
              {messages.map((message) => (
                <li key={message.id}>
                  <button
                    type="button"
                    aria-current={selected?.id === message.id ? 'true' : undefined}
                    onClick={() => choose(message.id)}
                    className={`block w-full px-4 py-3 text-left hover:bg-slate-50 ${selected?.id === message.id ? 'bg-indigo-50' : ''}`}
                  >
                    <span className="block truncate font-medium text-slate-900">{message.subject}</span>
                    <span className="block truncate text-sm text-slate-600">{message.to}</span>
                    <span className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-600">
                      <span>{message.sent_at ? format.dateTime(message.sent_at) : '—'}</span>
                      {message.language && <span>{format.languageName(message.language)}</span>}
                      <span>{t(`mailbox.purpose.${message.purpose === 'marketing' ? 'marketing' : 'transactional'}`)}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {mailbox.hasNextPage && (
              <Button variant="secondary" className="mt-3" disabled={mailbox.isFetchingNextPage} onClick={() => void mailbox.fetchNextPage()}>
                {t('mailbox.loadMore')}
              </Button>
            )}
          </section>
          {selected ? (
            <MailboxMessageView id={selected.id} reveal={selected.reveal} />
          ) : (
            <p className="text-sm text-slate-600">{t('mailbox.choose')}</p>
          )}
        </div>
      )}
    </>
  );
}
