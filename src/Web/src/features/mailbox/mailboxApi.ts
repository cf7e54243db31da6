import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ApiError } from '../../api/problemDetails';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';

export type MailboxEntry = components['schemas']['MailboxEntry'];
export type MailboxMessage = components['schemas']['MailboxMessage'];

export const mailboxKeys = {
  list: ['mailbox'] as const,
  message: (id: string) => ['mailbox', id] as const,
  localMode: ['mailbox', 'local-mode'] as const,
};

/**
 * Whether the server runs in local mail mode: the mailbox answers 404 when a provider is configured.
 * Asked only when the user may read the mailbox at all.
 */
export function useLocalMailMode(enabled: boolean) {
  return useQuery({
    queryKey: mailboxKeys.localMode,
    enabled,
    staleTime: Infinity,
    retry: false,
    queryFn: async ({ signal }) => {
      try {
        await unwrap(api.GET('/api/v1/mailbox', { params: { query: { limit: 1 } }, signal }));
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return false;
        throw error;
      }
    },
  });
}

/** The sent messages, newest first, a page at a time. */
export function useMailbox() {
  return useInfiniteQuery({
    queryKey: mailboxKeys.list,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(api.GET('/api/v1/mailbox', { params: { query: { limit: 25, cursor: pageParam } }, signal })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function useMailboxMessage(id: string | undefined) {
  return useQuery({
    queryKey: mailboxKeys.message(id ?? ''),
    enabled: !!id,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/mailbox/{id}', { params: { path: { id: id! } }, signal })),
  });
}
