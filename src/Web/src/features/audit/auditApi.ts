import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiRequest } from '../../api/request';

export const AUDIT_PAGE_SIZE = 50;

/** One recorded change or read (docs/auth.md, "Audit"). */
export interface AuditEntry {
  id: string;
  occurred_at: string;
  actor_id: string | null;
  /** Who did it, as the audit log records it: "user:<id>", "api_key:<id>" or "system:<reason>". */
  actor: unknown;
  /** The team member's name when the actor is a user. */
  actor_name?: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string | null;
  request_id: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  next_cursor: string | null;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (query: Record<string, string>) => ['audit', 'list', query] as const,
};

export function useAuditLog(query: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(query),
    queryFn: ({ pageParam, signal }) =>
      apiRequest<AuditPage>('GET', '/audit', {
        query: { ...query, limit: AUDIT_PAGE_SIZE, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
