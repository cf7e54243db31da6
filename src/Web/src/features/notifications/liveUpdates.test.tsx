import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { customersByIdRoute, jsonResponse, mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';
import { activity } from '../activities/activityFixtures';

/** Hub events the tests push, to whatever components subscribed through useHubEvent (as the real hook does). */
const hub = vi.hoisted(() => {
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  return {
    handlers,
    push(event: string, payload: unknown) {
      for (const handler of handlers.get(event) ?? []) handler(payload);
    },
  };
});

vi.mock('../../realtime/RealtimeProvider', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../realtime/RealtimeProvider')>();
  const { useEffect, useRef } = await import('react');
  return {
    ...actual,
    useHubConnection: () => ({ connection: undefined, connected: true, reconnects: 0 }),
    useHubEvent: <T,>(event: string, handler: (payload: T) => void) => {
      const latest = useRef(handler);
      latest.current = handler;
      useEffect(() => {
        const listener = (payload: unknown) => latest.current(payload as T);
        const set = hub.handlers.get(event) ?? new Set();
        set.add(listener);
        hub.handlers.set(event, set);
        return () => void set.delete(listener);
      }, [event]);
    },
  };
});

const CUSTOMER = '0b7f6d2e-6a53-4bde-9d43-4f2c4b1c9a01';

function notification(id: string, subject: string) {
  return {
    id,
    user_id: 'u-admin',
    kind: 'task.due',
    data: { activity_id: `a-${id}`, customer_id: CUSTOMER, subject, due_at: '2025-03-10T12:00:00Z' },
    created_at: new Date().toISOString(),
    read_at: null,
  };
}

const created = (type: string) => ({
  activity_id: `a-${Math.random()}`,
  customer_id: CUSTOMER,
  kind: 'activity.created',
  type,
  subject: 'New one',
  created_by: null,
  timeline_entry_id: 1,
  occurred_at: new Date().toISOString(),
});

beforeEach(() => hub.handlers.clear());

describe('live updates', () => {
  it('a pushed notification goes to the top of the bell, raises the count and is announced', async () => {
    mockApi({
      'GET /api/v1/notifications': () =>
        jsonResponse({ items: [{ ...notification('n-old', 'Old one'), read_at: '2025-03-01T00:00:00Z' }], next_cursor: null, unread_count: 0 }),
    });
    const user = userEvent.setup();
    renderApp('/');
    const bell = (await screen.findAllByRole('button', { name: 'Notifications' }))[0]!;
    await waitFor(() => expect(hub.handlers.get('Notification')?.size).toBeGreaterThan(0));

    act(() => hub.push('Notification', notification('n-new', 'Call Anna back')));
    expect(await screen.findByText('New notification: Task due: Call Anna back')).toBeInTheDocument();
    expect(bell).toHaveAccessibleName('Notifications (1 unread)');

    // The same push again (another tab's connection, a retry) changes nothing.
    act(() => hub.push('Notification', notification('n-new', 'Call Anna back')));
    expect(bell).toHaveAccessibleName('Notifications (1 unread)');

    await user.click(bell);
    const links = within(screen.getByRole('region', { name: 'Notifications' })).getAllByRole('link', { name: /^Task due/ });
    expect(links.map((link) => link.textContent)).toEqual([expect.stringContaining('Call Anna back'), 'Task due: Old one']);
  });

  it('refetches the activity list once for a burst of ActivityChanged events', async () => {
    let lists = 0;
    mockApi({
      'GET /api/v1/activities': () => {
        lists += 1;
        return jsonResponse({ items: [activity()], next_cursor: null, total: 1 });
      },
      'GET /api/v1/users': () => jsonResponse({ items: [] }),
      'GET /api/v1/customers': customersByIdRoute([{ id: CUSTOMER, first_name: 'Anna', last_name: 'Schmidt', email: 'a@x.de' }]),
    });
    renderApp('/activities');
    await screen.findByRole('table', { name: 'Activities' });
    expect(lists).toBe(1);

    act(() => {
      hub.push('ActivityChanged', created('note'));
      hub.push('ActivityChanged', created('call'));
      hub.push('ActivityChanged', created('task'));
      hub.push('ActivityChanged', { nonsense: true });
    });
    await waitFor(() => expect(lists).toBe(2));

    // A sentinel event after the burst's window: its refetch comes after any the burst could still cause.
    act(() => hub.push('ActivityChanged', created('note')));
    await waitFor(() => expect(lists).toBe(3));
    await act(async () => {});
    expect(lists).toBe(3);
  });

  it('refreshes my tasks when a reminder fires or a task is created, not for other activities', async () => {
    let lists = 0;
    mockApi({
      'GET /api/v1/tasks/mine': (_request, url) => {
        if (url.searchParams.get('limit') === '50') lists += 1;
        return jsonResponse({ items: [], next_cursor: null, total: 0 });
      },
    });
    renderApp('/tasks');
    await screen.findByRole('heading', { name: 'Nothing to do' });
    expect(lists).toBe(1);

    // The note, then the batch window passes (on a fake clock, so it surely has), then a task as the sentinel:
    // had the note asked for a refresh, the sentinel's would be a second one.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      act(() => hub.push('ActivityChanged', created('note')));
      await act(() => vi.advanceTimersByTimeAsync(300));
      act(() => hub.push('ActivityChanged', created('task')));
      await act(() => vi.advanceTimersByTimeAsync(300));
    } finally {
      vi.useRealTimers();
    }
    await waitFor(() => expect(lists).toBeGreaterThan(1));
    await act(async () => {});
    expect(lists).toBe(2);

    act(() => hub.push('Notification', notification('n-1', 'Due now')));
    await waitFor(() => expect(lists).toBe(3));
  });
});
