import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';

export const AUDIT_PAGE_SIZE = 50;

/** One recorded change or read (docs/auth.md, "Audit"). */
export type AuditEntry = components['schemas']['AuditEntryView'];

export const auditKeys = {
  all: ['audit'] as const,
  list: (query: Record<string, string>) => ['audit', 'list', query] as const,
};

function auditSearch(query: Record<string, string>, cursor: string | null): URLSearchParams {
  const search = new URLSearchParams({ ...query, limit: String(AUDIT_PAGE_SIZE) });
  if (cursor) search.set('cursor', cursor);
  return search;
}

export function useAuditLog(query: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/audit', {
          // The document lists no query parameters for the audit log, so the client cannot type them.
          querySerializer: () => auditSearch(query, pageParam).toString(),
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
