import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Activity } from 'lucide-react';
import { useMe } from '../../auth/useMe';
import { usePermission } from '../../auth/usePermission';
import { Button } from '../../components/Button';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useUsers } from '../team/teamApi';
import type { Viewer } from './presence';
import { TypingNotice } from './PresenceIndicator';
import { useTimelinePages, type TimelineEntry } from './timelineApi';
import { freshArrivals, mergeTimeline } from './timelineMerge';
import { TimelineItem, type PeopleDirectory } from './TimelineItem';
import { useNow } from './timeFormat';

/** How long a newly arrived entry stays highlighted. */
export const FRESH_HIGHLIGHT_MS = 10_000;

interface CustomerTimelineProps {
  customerId: string;
  /** Entries the hub pushed (useCustomerLive), merged with the pages loaded here. */
  liveEntries: readonly TimelineEntry[];
  /** The other people viewing the customer: who is typing shows above the entries. */
  viewers: readonly Viewer[];
  /** E.g. a "Log activity" button for the empty state. */
  emptyAction?: ReactNode;
}

/**
 * Everything that happened to the customer, newest first: the pages GET /customers/{id}/timeline returned ("load
 * older" asks for the next) merged with what the hub pushed meanwhile. New arrivals are highlighted for a while.
 */
export function CustomerTimeline({ customerId, liveEntries, viewers, emptyAction }: CustomerTimelineProps) {
  const { t } = useTranslation();
  const pages = useTimelinePages(customerId);
  const people = usePeopleDirectory();
  const now = useNow();

  const entries = useMemo(() => {
    if (!pages.data) return undefined;
    const loaded = mergeTimeline<TimelineEntry>([], pages.data.pages.flatMap((page) => page.items));
    return mergeTimeline(loaded, liveEntries);
  }, [pages.data, liveEntries]);
  const fresh = useFreshArrivals(entries);

  return (
    <div>
      <TypingNotice viewers={viewers} />
      {pages.isPending ? (
        <LoadingState />
      ) : pages.isError && !entries?.length ? (
        <ErrorState message={t('timeline.loadError')} error={pages.error} onRetry={() => void pages.refetch()} />
      ) : !entries?.length ? (
        <EmptyState
          icon={<Activity aria-hidden="true" className="size-6" />}
          title={t('timeline.empty.title')}
          description={t('timeline.empty.description')}
          action={emptyAction}
        />
      ) : (
        <>
          <ol aria-label={t('timeline.label')} className="space-y-0">
            {entries.map((entry) => (
              <TimelineItem key={entry.id} entry={entry} people={people} now={now} fresh={fresh.has(entry.id)} />
            ))}
          </ol>
          {pages.hasNextPage ? (
            <div className="mt-5 flex justify-center">
              <Button variant="secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
                {pages.isFetchingNextPage ? t('timeline.loadingOlder') : t('timeline.loadOlder')}
              </Button>
            </div>
          ) : (
            <p className="mt-5 text-center text-xs text-slate-600">{t('timeline.end')}</p>
          )}
        </>
      )}
    </div>
  );
}

/** Who is who, for "by Ana Ruiz": the team list when the user may read it, else only "you". */
function usePeopleDirectory(): PeopleDirectory {
  const me = useMe();
  const canReadUsers = usePermission('users.read');
  const users = useUsers(canReadUsers);
  return useMemo(
    () => ({
      meId: me.data?.id,
      names: new Map((users.data ?? []).map((user) => [user.id, `${user.first_name} ${user.last_name}`.trim() || user.email])),
    }),
    [me.data?.id, users.data],
  );
}

/** The ids that arrived after the first load (freshArrivals), each for FRESH_HIGHLIGHT_MS. */
function useFreshArrivals(entries: readonly TimelineEntry[] | undefined): ReadonlySet<number> {
  const previous = useRef<readonly TimelineEntry[] | undefined>(undefined);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  const [fresh, setFresh] = useState<ReadonlySet<number>>(() => new Set());

  useEffect(() => {
    if (entries === undefined) return;
    const arrived = freshArrivals(previous.current, entries);
    previous.current = entries;
    if (arrived.length === 0) return;
    setFresh((current) => new Set([...current, ...arrived]));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setFresh((current) => new Set([...current].filter((id) => !arrived.includes(id))));
    }, FRESH_HIGHLIGHT_MS);
    timers.current.add(timer);
  }, [entries]);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  return fresh;
}
