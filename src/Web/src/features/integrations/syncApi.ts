import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';

/** A shop's sync: status, counts, percentage, ETA, last sync and last error. */
export type ShopSync = components['schemas']['SyncView'];

/** While a sync runs its progress moves quickly: ask this often; otherwise as seldom as the rest of the page. */
export const SYNC_RUNNING_REFRESH_MS = 1_500;
export const SYNC_IDLE_REFRESH_MS = 15_000;

export const syncKeys = {
  shop: (id: string) => ['integrations', 'sync', id] as const,
};

export function isSyncActive(sync: ShopSync | undefined): boolean {
  return sync?.status === 'queued' || sync?.status === 'running';
}

export function useShopSync(shopId: string) {
  return useQuery({
    queryKey: syncKeys.shop(shopId),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/integrations/{id}/sync', { params: { path: { id: shopId } }, signal })),
    refetchInterval: (query) => (isSyncActive(query.state.data) ? SYNC_RUNNING_REFRESH_MS : SYNC_IDLE_REFRESH_MS),
  });
}

export function useStartSync(shopId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/integrations/{id}/sync', { params: { path: { id: shopId } } })),
    onSuccess: (sync) => queryClient.setQueryData(syncKeys.shop(shopId), sync),
  });
}
