import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import { useHubEvent } from '../../realtime/RealtimeProvider';
import { segmentKeys, type Segment } from './segmentsApi';

/** The hub event a segment's new member count arrives as (at most a few per second per segment). */
export const SEGMENT_COUNT_CHANGED = 'SegmentCountChanged';

export interface SegmentCountPush {
  segment_id: string;
  member_count: number;
}

/** The ranges the segment page offers, in days ending today. */
export const COUNT_RANGES = [30, 90, 365] as const;
export type CountRange = (typeof COUNT_RANGES)[number];

export const segmentCountKeys = {
  history: (id: string, from: string, to: string, tz: string) => ['segments', 'counts', id, from, to, tz] as const,
};

/** Puts a pushed count into the cached list and segment, so both show it without a refetch. */
export function applyCountPush(queryClient: QueryClient, push: SegmentCountPush): void {
  queryClient.setQueryData<{ items: Segment[] }>(segmentKeys.list, (list) =>
    list && list.items.some((s) => s.id === push.segment_id)
      ? { ...list, items: list.items.map((s) => (s.id === push.segment_id ? { ...s, member_count: push.member_count } : s)) }
      : list,
  );
  queryClient.setQueryData<Segment>(segmentKeys.detail(push.segment_id), (segment) => (segment ? { ...segment, member_count: push.member_count } : segment));
}

/** Keeps the segments' member counts on screen current while mounted. */
export function useLiveSegmentCounts(): void {
  const queryClient = useQueryClient();
  useHubEvent<SegmentCountPush>(SEGMENT_COUNT_CHANGED, (push) => applyCountPush(queryClient, push));
}

/** "2026-12-06": today's date where the viewer is. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The calendar day `days` before an ISO day (no time zone involved). */
export function daysBefore(isoDay: string, days: number): string {
  const [year, month, day] = isoDay.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - days)).toISOString().slice(0, 10);
}

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Member count per day over the last `range` days, bucketed in the viewer's time zone. */
export function useSegmentCountHistory(id: string, range: CountRange, timeZone = browserTimeZone()) {
  const to = todayIn(timeZone);
  const from = daysBefore(to, range - 1);
  return useQuery({
    queryKey: segmentCountKeys.history(id, from, to, timeZone),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/v1/segments/{id}/counts', { params: { path: { id }, query: { from, to, tz: timeZone } }, signal })),
    // The endpoint also answers CSV (a string) when asked; this query asks for JSON.
    select: (report) => (typeof report === 'string' ? [] : report.rows),
  });
}
