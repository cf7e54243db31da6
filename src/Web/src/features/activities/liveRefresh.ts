import { useCallback, useEffect, useRef } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useHubConnection, useHubEvent } from '../../realtime/RealtimeProvider';
import { callHub, type HubInvoker } from '../timeline/hubCalls';
import { ACTIVITY_TYPES, type ActivityType } from './activityApi';

/**
 * The hub's team feed event (docs/realtime.md): an activity on a customer the user may see was logged, changed,
 * completed, cancelled, reopened or deleted. Sent only to connections that subscribed (`useActivityFeed`).
 */
export const ACTIVITY_CHANGED = 'ActivityChanged';

export interface ActivityChangedEvent {
  activity_id: string;
  customer_id: string;
  /** The timeline entry's kind: activity.created, activity.completed, … */
  kind: string;
  type: ActivityType;
  subject: string;
  created_by: string | null;
  timeline_entry_id: number;
  occurred_at: string;
}

export function isActivityChangedEvent(payload: unknown): payload is ActivityChangedEvent {
  if (typeof payload !== 'object' || payload === null) return false;
  const { activity_id: id, type } = payload as Record<string, unknown>;
  return typeof id === 'string' && id !== '' && typeof type === 'string' && (ACTIVITY_TYPES as readonly string[]).includes(type);
}

export interface Batcher {
  /** Asks for a flush; calls within the window share one. */
  push(): void;
  /** Drops a pending flush (unmount). */
  cancel(): void;
}

/**
 * Collects pushes that arrive within `batchMs` of the first one and flushes once, so a burst of
 * events (an import logging hundreds of activities) refetches a list once rather than per event.
 */
export function createBatcher(flush: () => void, batchMs = 250): Batcher {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    push() {
      timer ??= setTimeout(() => {
        timer = undefined;
        flush();
      }, batchMs);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/**
 * For views fed by hub events: returns a function that invalidates `queryKeys` (batched), and
 * invalidates them after every reconnect, since pushes may have been lost meanwhile.
 */
export function useLiveInvalidation(queryKeys: readonly QueryKey[], batchMs = 250): () => void {
  const queryClient = useQueryClient();
  const { reconnects } = useHubConnection();
  const keys = useRef(queryKeys);
  keys.current = queryKeys;
  const batcher = useRef<Batcher | undefined>(undefined);

  useEffect(() => {
    const created = createBatcher(() => {
      for (const queryKey of keys.current) void queryClient.invalidateQueries({ queryKey });
    }, batchMs);
    batcher.current = created;
    return () => {
      created.cancel();
      batcher.current = undefined;
    };
  }, [queryClient, batchMs]);

  useEffect(() => {
    if (reconnects === 0) return;
    for (const queryKey of keys.current) void queryClient.invalidateQueries({ queryKey });
  }, [queryClient, reconnects]);

  return useCallback(() => batcher.current?.push(), []);
}

/** How many mounted views of each connection want the team feed, so one leaving does not unsubscribe another. */
const feedViews = new WeakMap<HubInvoker, number>();

/**
 * Calls `handler` for the team feed's events while the component is mounted. The hub sends them only to connections
 * that asked (SubscribeActivityFeed), so this subscribes whenever the connection is (again) up — subscriptions belong
 * to a connection — and unsubscribes when the last view using the feed goes.
 */
export function useActivityFeed(handler: (payload: unknown) => void): void {
  const { connection, connected, reconnects } = useHubConnection();
  useHubEvent<unknown>(ACTIVITY_CHANGED, handler);

  useEffect(() => {
    if (!connection) return;
    feedViews.set(connection, (feedViews.get(connection) ?? 0) + 1);
    return () => {
      const left = (feedViews.get(connection) ?? 1) - 1;
      feedViews.set(connection, left);
      if (left === 0) void callHub(connection, 'UnsubscribeActivityFeed');
    };
  }, [connection]);

  useEffect(() => {
    if (connection && connected) void callHub(connection, 'SubscribeActivityFeed');
  }, [connection, connected, reconnects]);
}
