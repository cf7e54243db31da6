import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';

/** A connected shop with its webhook counts (never its secrets). */
export type Integration = components['schemas']['IntegrationView'];

/** A webhook event that failed five times, with its last error. */
export type DeadLetter = components['schemas']['DeadLetterView'];

export type NewShopifyIntegration = { shop_domain: string; access_token: string; api_secret_key: string };
export type NewWooCommerceIntegration = { site_url: string; consumer_key: string; consumer_secret: string; webhook_secret: string };

/** While the page is open its counts move as webhooks arrive and are applied: ask again this often. */
export const INTEGRATIONS_REFRESH_MS = 10_000;

export const integrationKeys = {
  all: ['integrations'] as const,
  list: ['integrations', 'list'] as const,
  deadLetters: ['integrations', 'dead-letters'] as const,
};

export function useIntegrations() {
  return useQuery({
    queryKey: integrationKeys.list,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/integrations', { signal })),
    select: (list) => list.items,
    refetchInterval: INTEGRATIONS_REFRESH_MS,
  });
}

export function useDeadLetters() {
  return useQuery({
    queryKey: integrationKeys.deadLetters,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/integrations/dead-letters', { signal })),
    select: (list) => list.items,
    refetchInterval: INTEGRATIONS_REFRESH_MS,
  });
}

export function useConnectShopify() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewShopifyIntegration) => unwrap(api.POST('/api/v1/integrations/shopify', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.all }),
  });
}

export function useConnectWooCommerce() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewWooCommerceIntegration) => unwrap(api.POST('/api/v1/integrations/woocommerce', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.all }),
  });
}

export function useDisconnectIntegration() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/integrations/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.all }),
  });
}

export function useRetryDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/v1/integrations/dead-letters/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.all }),
  });
}

/** The shop's consent screen for installing the Shopify app, with a state bound to this workspace. */
export function useShopifyInstallLink() {
  return useMutation({
    mutationFn: (shop: string) => unwrap(api.GET('/api/v1/integrations/shopify/install', { params: { query: { shop } } })),
  });
}
