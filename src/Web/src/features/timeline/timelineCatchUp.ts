import { compareNewestFirst, type TimelinePosition } from './timelineMerge';

/** How far back a catch-up pages at most; a longer outage leaves the rest to the timeline's own pages. */
export const MAX_CATCH_UP_PAGES = 20;

export interface CatchUpPage<Entry> {
  items: Entry[];
  next_cursor?: string | null;
}

/**
 * What a (re)subscribed page missed: timeline pages, newest first, until one reaches what it already shows (an entry
 * it knows, or one older than its newest), so an outage longer than a page leaves no hole. With nothing shown yet,
 * the newest page is enough.
 */
export async function catchUpTimeline<Entry extends TimelinePosition>(
  fetchPage: (before: string | null) => Promise<CatchUpPage<Entry>>,
  shown: readonly Entry[],
  maxPages = MAX_CATCH_UP_PAGES,
): Promise<Entry[]> {
  const known = new Set(shown.map((entry) => entry.id));
  const newest = [...shown].sort(compareNewestFirst)[0];
  const found: Entry[] = [];
  let before: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const { items, next_cursor: next } = await fetchPage(before);
    found.push(...items);
    const reached = items.some((entry) => known.has(entry.id) || (newest !== undefined && compareNewestFirst(entry, newest) >= 0));
    if (newest === undefined || reached || !next) break;
    before = next;
  }
  return found;
}
