import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { unwrap } from '../../api/request';
import { downloadExport } from '../customers/customerApi';

/**
 * One entry of a customer's timeline, as GET /customers/{id}/timeline lists it and the hub's TimelineEntry event
 * pushes it. `data` depends on the kind (docs/realtime.md).
 */
export type TimelineEntry = components['schemas']['TimelineEntryDocument'];
export type TimelinePage = components['schemas']['TimelinePage'];

export const TIMELINE_PAGE_SIZE = 25;

/** The hub event with a new entry of a subscribed customer. */
export const TIMELINE_ENTRY = 'TimelineEntry';

export const timelineKeys = {
  all: ['timeline'] as const,
  customer: (customerId: string) => ['timeline', customerId] as const,
};

/** One page, newest first; `before` is the previous page's next_cursor. */
export function fetchTimelinePage(customerId: string, before?: string | null, signal?: AbortSignal): Promise<TimelinePage> {
  return unwrap(
    api.GET('/api/v1/customers/{id}/timeline', {
      params: { path: { id: customerId }, query: { limit: TIMELINE_PAGE_SIZE, before: before ?? undefined } },
      signal,
    }),
  );
}

/** The customer's timeline as loaded so far: the newest page, then older ones on request. */
export function useTimelinePages(customerId: string) {
  return useInfiniteQuery({
    queryKey: timelineKeys.customer(customerId),
    queryFn: ({ pageParam, signal }) => fetchTimelinePage(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}

export function isTimelineEntry(payload: unknown): payload is TimelineEntry {
  if (typeof payload !== 'object' || payload === null) return false;
  const { id, occurred_at: occurredAt, kind } = payload as Record<string, unknown>;
  return typeof id === 'number' && typeof occurredAt === 'string' && typeof kind === 'string';
}

/**
 * Downloads an attachment. GET /attachments/{id} needs the access token, which a plain link cannot send, so the
 * file is fetched with it and handed to the browser as a blob (like the customer export).
 */
export function downloadAttachment(attachmentId: string, fileName: string): Promise<void> {
  return downloadExport(`/api/v1/attachments/${encodeURIComponent(attachmentId)}`, fileName);
}
