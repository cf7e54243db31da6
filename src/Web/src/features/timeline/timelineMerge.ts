/** What ordering a timeline needs of an entry: its id and when it happened. */
export interface TimelinePosition {
  id: number;
  occurred_at: string;
}

/**
 * An instant as microseconds since the epoch. The API keeps microseconds ("…T08:51:29.200956+00:00") and orders
 * by them; Date only has milliseconds, so the digits after the third are added back. Unparseable times sort last.
 */
export function instantKey(iso: string): number {
  const fraction = /T[^.+\-Z]*\.(\d+)/.exec(iso)?.[1] ?? '';
  const milliseconds = Date.parse(fraction.length > 3 ? iso.replace(`.${fraction}`, `.${fraction.slice(0, 3)}`) : iso);
  if (Number.isNaN(milliseconds)) return Number.NEGATIVE_INFINITY;
  const micro = Number(fraction.slice(3, 6).padEnd(3, '0'));
  return milliseconds * 1000 + micro;
}

/** The timeline's order, newest first: by occurred_at, then by id (both descending). Negative when `a` comes first. */
export function compareNewestFirst(a: TimelinePosition, b: TimelinePosition): number {
  const byTime = instantKey(b.occurred_at) - instantKey(a.occurred_at);
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime > 0 ? 1 : -1;
  return b.id - a.id;
}

/**
 * The union of a timeline and more entries, newest first, each id once (the entry already shown wins: entries never
 * change). Returns `current` itself when nothing new came, so React can skip the update.
 */
export function mergeTimeline<Entry extends TimelinePosition>(current: readonly Entry[], incoming: readonly Entry[]): Entry[] {
  const known = new Set(current.map((entry) => entry.id));
  const added: Entry[] = [];
  for (const entry of incoming) {
    if (known.has(entry.id)) continue;
    known.add(entry.id);
    added.push(entry);
  }
  if (added.length === 0) return current as Entry[];
  return [...current, ...added].sort(compareNewestFirst);
}

/**
 * Which entries of `next` just arrived (for a highlight): ids not in `previous` that are newer than the oldest entry
 * `previous` showed. Older ones came from "load older" and are not news; neither is the first load
 * (`previous` undefined). When nothing was shown before, everything new is news.
 */
export function freshArrivals<Entry extends TimelinePosition>(previous: readonly Entry[] | undefined, next: readonly Entry[]): number[] {
  if (previous === undefined) return [];
  const known = new Set(previous.map((entry) => entry.id));
  const oldest = previous.at(-1);
  return next
    .filter((entry) => !known.has(entry.id) && (oldest === undefined || compareNewestFirst(entry, oldest) < 0))
    .map((entry) => entry.id);
}
