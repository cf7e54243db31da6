import { useEffect, useMemo, useRef, useState } from 'react';
import { useMe } from '../../auth/useMe';
import { useHubConnection, useHubEvent } from '../../realtime/RealtimeProvider';
import { callHub } from './hubCalls';
import { isPresenceEvent, otherViewers, PRESENCE, type Viewer } from './presence';
import { fetchTimelinePage, isTimelineEntry, TIMELINE_ENTRY, type TimelineEntry } from './timelineApi';
import { catchUpTimeline } from './timelineCatchUp';
import { mergeTimeline } from './timelineMerge';

export interface CustomerLive {
  /**
   * Timeline entries the hub pushed while the page was open, plus the newest page fetched after each (re)subscribe
   * to catch up on what was missed; newest first. The timeline merges them with the pages it loaded.
   */
  entries: TimelineEntry[];
  /** The other people viewing this customer (the signed-in user left out), in the order they came. */
  viewers: Viewer[];
}

const sameId = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The customer page's live part (docs/realtime.md): subscribes the connection to the customer (SubscribeCustomer)
 * while the page is open — and again after every reconnect, since subscriptions belong to a connection — collects
 * the TimelineEntry events and the Presence list. It runs for the whole page, not one tab, because subscribing is
 * also what makes the user "viewing".
 */
export function useCustomerLive(customerId: string): CustomerLive {
  const { connection, connected, reconnects } = useHubConnection();
  const me = useMe();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [presence, setPresence] = useState<readonly unknown[]>([]);

  useHubEvent<unknown>(TIMELINE_ENTRY, (payload) => {
    if (!isTimelineEntry(payload) || !sameId(payload.customer_id, customerId)) return;
    setEntries((current) => mergeTimeline(current, [payload]));
  });

  useHubEvent<unknown>(PRESENCE, (payload) => {
    if (isPresenceEvent(payload) && sameId(payload.customer_id, customerId)) setPresence(payload.viewers);
  });

  // Subscribe whenever the connection is (again) up, then catch up: an entry written before the subscription
  // took effect (e.g. while the connection moved to another node) was pushed to nobody here. Pages back as far as
  // the outage reaches, so no entry in between is missing.
  const shown = useRef(entries);
  shown.current = entries;
  // What was shown when the connection dropped marks where the gap ends: entries pushed after the reconnect but before
  // the catch-up are newer than the gap, so stopping at them would leave it open.
  const shownBeforeOutage = useRef<TimelineEntry[] | null>(null);
  useEffect(() => {
    if (!connected) shownBeforeOutage.current ??= shown.current;
  }, [connected]);
  useEffect(() => {
    if (!connection || !connected) return;
    let active = true;
    void (async () => {
      if (!(await callHub(connection, 'SubscribeCustomer', customerId)) || !active) return;
      try {
        const anchor = shownBeforeOutage.current ?? shown.current;
        const missed = await catchUpTimeline((before) => fetchTimelinePage(customerId, before), anchor);
        if (!active) return;
        shownBeforeOutage.current = null;
        setEntries((current) => mergeTimeline(current, missed));
      } catch {
        // The timeline's own query shows load errors; catching up is best effort.
      }
    })();
    return () => {
      active = false;
    };
  }, [connection, connected, reconnects, customerId]);

  // Unsubscribe when leaving the page (not on reconnects: the new connection has no subscription to drop).
  useEffect(() => {
    if (!connection) return;
    return () => void callHub(connection, 'UnsubscribeCustomer', customerId);
  }, [connection, customerId]);

  const meId = me.data?.id;
  // A list from before an outage is stale; the hub sends a fresh one after the next subscribe.
  const viewers = useMemo(() => (connected ? otherViewers(presence, meId) : []), [connected, presence, meId]);
  useEffect(() => {
    if (!connected) setPresence([]);
  }, [connected]);

  return { entries, viewers };
}
