import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';

/** A subscription as listed: never its signing secret (docs/webhooks.md). */
export type Webhook = components['schemas']['WebhookView'];

/** The answer to a create: the only time the secret is shown. */
export type CreatedWebhook = components['schemas']['CreatedWebhook'];

export type WebhookDelivery = components['schemas']['WebhookDeliveryView'];
export type WebhookAttempt = components['schemas']['WebhookAttemptView'];

export const webhookKeys = {
  all: ['webhooks'] as const,
  events: ['webhooks', 'events'] as const,
  deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
};

export function useWebhooks() {
  return useQuery({
    queryKey: webhookKeys.all,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/webhooks', { signal })),
    select: (page) => page.items,
  });
}

/** The events a subscription may choose from, as the server lists them. */
export function useWebhookEvents() {
  return useQuery({
    queryKey: webhookKeys.events,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/webhook-events', { signal })),
    select: (list) => list.items,
    staleTime: Infinity,
  });
}

export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { url: string; events: string[] }) =>
      unwrap(api.POST('/api/v1/webhooks', { body: { url: input.url, events: input.events, secret: null, active: true } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useUpdateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: { id: string; url?: string; events?: string[]; active?: boolean }) =>
      unwrap(
        api.PATCH('/api/v1/webhooks/{id}', {
          params: { path: { id } },
          body: { url: changes.url ?? null, events: changes.events ?? null, active: changes.active ?? null },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
}

/** The newest deliveries of a subscription with every attempt; refreshed while any is still pending. */
export function useWebhookDeliveries(id: string) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 50 } }, signal })),
    select: (page) => page.items,
    refetchInterval: (query) => (query.state.data?.items.some((delivery) => delivery.status === 'pending') ? 5000 : false),
  });
}

export function useRedeliver(subscriptionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      unwrap(api.POST('/api/v1/webhooks/deliveries/{deliveryId}/redeliver', { params: { path: { deliveryId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(subscriptionId) }),
  });
}
