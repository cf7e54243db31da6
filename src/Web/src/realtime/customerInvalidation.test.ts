import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bindCustomerInvalidation, CUSTOMER_CHANGED, type RealtimeConnection } from './customerInvalidation';

/** Stands in for a SignalR HubConnection: tests push events and reconnects by hand. */
class FakeConnection implements RealtimeConnection {
  handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  reconnected: Array<(connectionId?: string) => void> = [];

  on(methodName: string, handler: (...args: unknown[]) => void) {
    if (!this.handlers.has(methodName)) this.handlers.set(methodName, new Set());
    this.handlers.get(methodName)!.add(handler);
  }
  off(methodName: string, handler: (...args: unknown[]) => void) {
    this.handlers.get(methodName)?.delete(handler);
  }
  onreconnected(callback: (connectionId?: string) => void) {
    this.reconnected.push(callback);
  }
  push(methodName: string, payload: unknown) {
    this.handlers.get(methodName)?.forEach((handler) => handler(payload));
  }
  reconnect() {
    this.reconnected.forEach((callback) => callback('new-id'));
  }
}

const event = (customerId: string, kind = 'updated') => ({
  customer_id: customerId,
  kind,
  version: 3,
  occurred_at: '2025-03-01T10:00:00Z',
});

/** A cache with a query under every key a customer page uses, so invalidation is visible as isInvalidated. */
function seededCache() {
  const queryClient = new QueryClient();
  const keys = {
    detailA: ['customers', 'detail', 'a'],
    ordersA: ['customers', 'orders', 'a'],
    detailB: ['customers', 'detail', 'b'],
    ordersB: ['customers', 'orders', 'b'],
    list: ['customers', 'list', { filter: { country: 'DE' } }],
    tags: ['tags'],
    order: ['orders', 'detail', 'o1'],
    reference: ['reference'],
  };
  for (const key of Object.values(keys)) queryClient.setQueryData(key, { cached: true });
  const invalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated ?? false;
  return { queryClient, keys, invalidated };
}

describe('CustomerChanged → query invalidation', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("invalidates that customer's detail and orders and every customer list, nothing else", () => {
    const connection = new FakeConnection();
    const { queryClient, keys, invalidated } = seededCache();
    bindCustomerInvalidation(connection, queryClient, 100);

    connection.push(CUSTOMER_CHANGED, event('a'));
    expect(invalidated(keys.detailA)).toBe(false); // batched, not yet
    vi.advanceTimersByTime(100);

    expect(invalidated(keys.detailA)).toBe(true);
    expect(invalidated(keys.ordersA)).toBe(true);
    expect(invalidated(keys.list)).toBe(true);
    expect(invalidated(keys.tags)).toBe(true);
    expect(invalidated(keys.detailB)).toBe(false);
    expect(invalidated(keys.ordersB)).toBe(false);
    expect(invalidated(keys.order)).toBe(false);
    expect(invalidated(keys.reference)).toBe(false);
  });

  it('collects a burst of events into one invalidation per key', () => {
    const connection = new FakeConnection();
    const queryClient = { invalidateQueries: vi.fn((_filters: unknown) => Promise.resolve()) };
    bindCustomerInvalidation(connection, queryClient, 100);

    for (let i = 0; i < 50; i++) connection.push(CUSTOMER_CHANGED, event(i % 2 ? 'a' : 'b'));
    vi.advanceTimersByTime(100);

    const keys = queryClient.invalidateQueries.mock.calls.map(([filters]) => JSON.stringify(filters));
    expect(keys.sort()).toEqual(
      [
        { queryKey: ['customers', 'detail', 'a'] },
        { queryKey: ['customers', 'orders', 'a'] },
        { queryKey: ['customers', 'detail', 'b'] },
        { queryKey: ['customers', 'orders', 'b'] },
        { queryKey: ['customers', 'list'] },
        { queryKey: ['tags'] },
      ]
        .map((filters) => JSON.stringify(filters))
        .sort(),
    );
  });

  it('ignores payloads that are not CustomerChanged events', () => {
    const connection = new FakeConnection();
    const queryClient = { invalidateQueries: vi.fn((_filters: unknown) => Promise.resolve()) };
    bindCustomerInvalidation(connection, queryClient, 100);

    connection.push(CUSTOMER_CHANGED, { hello: 'world' });
    connection.push(CUSTOMER_CHANGED, { customer_id: 'a', kind: 'exploded' });
    vi.advanceTimersByTime(500);
    expect(queryClient.invalidateQueries).not.toHaveBeenCalled();
  });

  it('refetches everything about customers after a reconnect', () => {
    const connection = new FakeConnection();
    const { queryClient, keys, invalidated } = seededCache();
    bindCustomerInvalidation(connection, queryClient, 100);

    connection.reconnect();

    expect(invalidated(keys.detailA)).toBe(true);
    expect(invalidated(keys.detailB)).toBe(true);
    expect(invalidated(keys.ordersB)).toBe(true);
    expect(invalidated(keys.list)).toBe(true);
    expect(invalidated(keys.tags)).toBe(true);
    expect(invalidated(keys.reference)).toBe(false);
  });

  it('stops listening once unbound', () => {
    const connection = new FakeConnection();
    const queryClient = { invalidateQueries: vi.fn((_filters: unknown) => Promise.resolve()) };
    const unbind = bindCustomerInvalidation(connection, queryClient, 100);

    connection.push(CUSTOMER_CHANGED, event('a'));
    unbind();
    vi.advanceTimersByTime(500);
    connection.push(CUSTOMER_CHANGED, event('b'));
    connection.reconnect();
    vi.advanceTimersByTime(500);
    expect(queryClient.invalidateQueries).not.toHaveBeenCalled();
    expect(connection.handlers.get(CUSTOMER_CHANGED)?.size).toBe(0);
  });
});
