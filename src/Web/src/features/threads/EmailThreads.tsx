import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ArrowDownLeft, ArrowUpRight, Eye, Mail, MousePointerClick, Reply } from 'lucide-react';
import { usePermission } from '../../auth/usePermission';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { ComposeEmailForm } from '../email/ComposeEmailButton';
import { replyDraft } from '../email/composeEmail';
import type { TimelineEntry } from '../timeline/timelineApi';
import { replyTarget, threadKeys, useEmailThreads, type EmailThread } from './threadsApi';

interface EmailThreadsProps {
  customerId: string;
  customerName: string;
  /** The hub's live timeline entries: each new one (a reply came in, a sent mail was delivered) reloads the conversations. */
  liveEntries: readonly TimelineEntry[];
}

/** The customer's email conversations: each thread's subject, participants and messages in order, with a reply button. */
export function EmailThreads({ customerId, customerName, liveEntries }: EmailThreadsProps) {
  const { t } = useTranslation();
  const threads = useEmailThreads(customerId);
  const queryClient = useQueryClient();
  const liveCount = liveEntries.length;

  useEffect(() => {
    if (liveCount > 0) void queryClient.invalidateQueries({ queryKey: threadKeys.customer(customerId) });
  }, [liveCount, customerId, queryClient]);

  if (threads.isPending) return <LoadingState />;
  if (threads.error) return <ErrorState message={t('threads.loadError')} error={threads.error} onRetry={() => void threads.refetch()} />;
  if (threads.data.length === 0) return (
      <EmptyState icon={<Mail aria-hidden="true" className="size-6" />} title={t('threads.emptyTitle')} description={t('threads.emptyDescription')} />
    );
  return (
    <ul aria-label={t('threads.label')} className="space-y-4 pt-4">
      {threads.data.map((thread) => (
        <li key={thread.thread_id}>
          <ThreadCard thread={thread} customerId={customerId} customerName={customerName} />
        </li>
      ))}
    </ul>
  );
}

function ThreadCard({ thread, customerId, customerName }: { thread: EmailThread; customerId: string; customerName: string }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const canWrite = usePermission('customers.write');
  const [replying, setReplying] = useState(false);
  const target = replyTarget(thread);
  return (
    <article className="rounded-md border border-slate-200" aria-labelledby={`thread-${thread.thread_id}`}>
      <header className="flex flex-wrap items-start justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <div className="min-w-0">
          <h3 id={`thread-${thread.thread_id}`} className="break-words text-sm font-semibold text-slate-900">
            {thread.subject || t('threads.noSubject')}
          </h3>
          <p className="mt-0.5 break-words text-xs text-slate-600">
            {t('threads.participants', { list: thread.participants.join(', ') })}
          </p>
        </div>
        {canWrite && target && (
          <Button variant="secondary" onClick={() => setReplying(true)}>
            <Reply aria-hidden="true" className="size-4" />
            {t('threads.reply')}
          </Button>
        )}
      </header>
      <ol className="divide-y divide-slate-100">
        {thread.messages.map((message) => {
          const inbound = message.direction === 'inbound';
          return (
            <li key={message.activity_id} className={`px-4 py-3 ${inbound ? 'bg-slate-50' : ''}`}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
                <span className={`inline-flex items-center gap-1 font-medium ${inbound ? 'text-emerald-800' : 'text-indigo-800'}`}>
                  {inbound ? <ArrowDownLeft aria-hidden="true" className="size-3.5" /> : <ArrowUpRight aria-hidden="true" className="size-3.5" />}
                  {t(inbound ? 'threads.inbound' : 'threads.outbound')}
                </span>
                {message.from && <span className="break-all">{message.from}</span>}
                <time dateTime={message.at}>{format.dateTime(message.at)}</time>
                {message.opened && (
                  <span className="inline-flex items-center gap-1">
                    <Eye aria-hidden="true" className="size-3.5" />
                    {t('threads.opened')}
                  </span>
                )}
                {message.clicked && (
                  <span className="inline-flex items-center gap-1">
                    <MousePointerClick aria-hidden="true" className="size-3.5" />
                    {t('threads.clicked')}
                  </span>
                )}
              </div>
              {message.body_text && <p className="mt-1.5 whitespace-pre-wrap break-words text-sm text-slate-800">{message.body_text}</p>}
            </li>
          );
        })}
      </ol>
      {target && (
        <Dialog open={replying} title={t('compose.title', { name: customerName })} onClose={() => setReplying(false)} size="lg">
          {replying && (
            <ComposeEmailForm
              customerId={customerId}
              initial={replyDraft(thread.subject, target.message_id ?? '')}
              onCancel={() => setReplying(false)}
              onSent={() => setReplying(false)}
            />
          )}
        </Dialog>
      )}
    </article>
  );
}
