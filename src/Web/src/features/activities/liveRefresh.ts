import { useCallback, useEffect, useRef } from 'react';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useHubConnection } from '../../realtime/RealtimeProvider';
import { ACTIVITY_TYPES, type ActivityType } from './activityApi';

/**
 * The hub's team feed event (docs/realtime.md): an activity on a customer the user may see was logged, changed,
 * completed, cancelled, reopened or deleted.
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
