import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';

export const API_KEY_SCOPES = ['customers:read', 'customers:write', 'orders:read', 'orders:write', 'webhooks'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** An integration's key (docs/auth.md, "API keys"); the secret itself is only in CreatedApiKey. */
export type ApiKey = components['schemas']['ApiKeyView'];

/** A new key with its whole secret (`key`): shown once, never again. */
export type CreatedApiKey = components['schemas']['CreatedApiKey'];

export const apiKeyKeys = { all: ['api-keys'] as const };

export function useApiKeys() {
  return useQuery({
    queryKey: apiKeyKeys.all,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/api-keys', { signal })),
    select: (page) => page.items,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scopes: ApiKeyScope[] }) => unwrap(api.POST('/api/v1/api-keys', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
