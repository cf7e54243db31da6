import { renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useActivityFeed } from './liveRefresh';

/** What useHubConnection answers; the tests move it as the provider would. */
const hub = vi.hoisted(() => ({ connection: undefined as unknown, connected: true, reconnects: 0 }));

vi.mock('../../realtime/RealtimeProvider', () => ({
  useHubConnection: () => ({ ...hub }),
  useHubEvent: () => {},
}));

function fakeConnection() {
  const calls: string[] = [];
  const connection = {
    state: 'Connected',
    invoke: (method: string) => {
      calls.push(method);
      return Promise.resolve();
    },
  };
  return { calls, connection };
}

describe('useActivityFeed', () => {
  it('subscribes while a view uses the team feed, again after a reconnect, and unsubscribes when the last view goes', () => {
    const { calls, connection } = fakeConnection();
    Object.assign(hub, { connection, connected: true, reconnects: 0 });

    const activities = renderHook(() => useActivityFeed(() => {}));
    const tasks = renderHook(() => useActivityFeed(() => {}));
    expect(calls).toEqual(['SubscribeActivityFeed', 'SubscribeActivityFeed']);

    // A reconnect is a new server-side connection without the subscription.
    hub.reconnects = 1;
    activities.rerender();
    expect(calls).toEqual(['SubscribeActivityFeed', 'SubscribeActivityFeed', 'SubscribeActivityFeed']);

    // The task list still wants the feed when the activity list goes.
    activities.unmount();
    expect(calls).not.toContain('UnsubscribeActivityFeed');
    tasks.unmount();
    expect(calls.at(-1)).toBe('UnsubscribeActivityFeed');
  });

  it('asks nothing of a connection that is not up', () => {
    const { calls, connection } = fakeConnection();
    Object.assign(hub, { connection: { ...connection, state: 'Reconnecting' }, connected: false, reconnects: 0 });
    renderHook(() => useActivityFeed(() => {})).unmount();
    expect(calls).toEqual([]);
  });
});
