import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { customerKeys, tagKeys } from '../features/customers/customerApi';

/** The hub's "CustomerChanged" payload (docs/realtime.md). */
export interface CustomerChangedEvent {
  customer_id: string;
  kind: 'created' | 'updated' | 'deleted';
  version: number;
  occurred_at: string;
}

export const CUSTOMER_CHANGED = 'CustomerChanged';

/** The part of a SignalR HubConnection this needs; tests pass a fake. */
export interface RealtimeConnection {
  on(methodName: string, handler: (...args: unknown[]) => void): void;
  off(methodName: string, handler: (...args: unknown[]) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
}

export function isCustomerChangedEvent(payload: unknown): payload is CustomerChangedEvent {
  if (typeof payload !== 'object' || payload === null) return false;
  const { customer_id: id, kind } = payload as Record<string, unknown>;
  return typeof id === 'string' && id !== '' && (kind === 'created' || kind === 'updated' || kind === 'deleted');
}

/**
 * What to refetch when customers changed: each one's detail and orders, and (once) every customer
 * list and the tag counts. Events carry no state (and a change of the order figures does not
 * always raise the version), so the client refetches rather than patching its cache.
 */
export function invalidationsForCustomerChanges(customerIds: Iterable<string>): QueryKey[] {
  const keys: QueryKey[] = [];
  for (const id of new Set(customerIds)) {
    keys.push(customerKeys.detail(id), customerKeys.orders(id));
  }
  keys.push(customerKeys.lists, tagKeys.all);
  return keys;
}

/** After a reconnect, pushes may have been lost: everything about customers is refetched. */
export function invalidationsAfterReconnect(): QueryKey[] {
  return [customerKeys.all, tagKeys.all];
}

/**
 * Wires a connection to the query cache. Events arriving close together (a bulk action changes
 * thousands of customers) are collected for `batchMs` and invalidated once, so the lists refetch
 * once rather than once per customer. Returns a function that unhooks it.
 */
export function bindCustomerInvalidation(
  connection: RealtimeConnection,
  queryClient: Pick<QueryClient, 'invalidateQueries'>,
  batchMs = 250,
): () => void {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let active = true;

  const invalidate = (keys: QueryKey[]) => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };

  const flush = () => {
    timer = undefined;
    if (!active || pending.size === 0) return;
    const ids = [...pending];
    pending.clear();
    invalidate(invalidationsForCustomerChanges(ids));
  };

  const onCustomerChanged = (payload: unknown) => {
    if (!active || !isCustomerChangedEvent(payload)) return;
    pending.add(payload.customer_id);
    timer ??= setTimeout(flush, batchMs);
  };

  connection.on(CUSTOMER_CHANGED, onCustomerChanged);
  connection.onreconnected(() => {
    if (!active) return;
    pending.clear();
    invalidate(invalidationsAfterReconnect());
  });

  return () => {
    active = false;
    if (timer !== undefined) clearTimeout(timer);
    connection.off(CUSTOMER_CHANGED, onCustomerChanged);
  };
}
