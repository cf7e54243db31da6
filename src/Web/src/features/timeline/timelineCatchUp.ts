import { compareNewestFirst, type TimelinePosition } from './timelineMerge';

/** How far back a catch-up pages at most; a longer outage leaves the rest to the timeline's own pages. */
export const MAX_CATCH_UP_PAGES = 20;

export interface CatchUpPage<Entry> {
  items: Entry[];
  next_cursor?: string | null;
}

/**
 * How far behind the newest entry shown a catch-up still looks. An entry's time is when its write began and writes
 * commit in any order, so one that began before the newest entry shown can arrive after it; if its push was lost with
 * the connection, only the catch-up finds it, behind entries the page already knows.
 */
export const LATE_COMMIT_MS = 10_000;

/**
 * What a (re)subscribed page missed: timeline pages, newest first, until one reaches entries older than the newest
 * shown by LATE_COMMIT_MS, so an outage longer than a page leaves no hole and neither does a write that committed
 * late. With nothing shown yet, the newest page is enough.
 */
export async function catchUpTimeline<Entry extends TimelinePosition>(
  fetchPage: (before: string | null) => Promise<CatchUpPage<Entry>>,
  shown: readonly Entry[],
  maxPages = MAX_CATCH_UP_PAGES,
): Promise<Entry[]> {
  const newest = [...shown].sort(compareNewestFirst)[0];
  const horizon = newest === undefined ? undefined : Date.parse(newest.occurred_at) - LATE_COMMIT_MS;
  const found: Entry[] = [];
  let before: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const { items, next_cursor: next } = await fetchPage(before);
    found.push(...items);
    const reached = items.some((entry) => horizon === undefined || Number.isNaN(horizon) || Date.parse(entry.occurred_at) < horizon);
    if (newest === undefined || reached || !next) break;
    before = next;
  }
  return found;
}
