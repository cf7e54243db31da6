import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';

export type MailSyncView = components['schemas']['MailSyncView'];
export type ImapSettingsInput = components['schemas']['ImapSettingsInput'];

export const mailSyncKeys = { all: ['mail-sync'] as const, unmatched: ['mail-sync', 'unmatched'] as const };

/** The IMAP settings and the sync's health; polled while the page is open, so a poll's outcome shows up by itself. */
export function useMailSync() {
  return useQuery({
    queryKey: mailSyncKeys.all,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/mail-sync', { signal })),
    refetchInterval: 15_000,
  });
}

export function useUnmatchedMail() {
  return useQuery({
    queryKey: mailSyncKeys.unmatched,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/mail-sync/unmatched', { signal })),
    select: (list) => list.items,
  });
}

export function useSaveImap() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ImapSettingsInput) => unwrap(api.PUT('/api/v1/mail-sync/imap', { body })),
    onSuccess: (view) => queryClient.setQueryData(mailSyncKeys.all, view),
  });
}

export function useNewInboundAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/mail-sync/inbound-address')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailSyncKeys.all }),
  });
}
