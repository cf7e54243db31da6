import { describe, expect, it } from 'vitest';
import { isNotification, taskDueData, withNotificationAdded, withNotificationRead, type Notification, type NotificationPage } from './notificationApi';
import { notificationLink, relativeTime } from './notificationPresentation';

function notification(id: string, overrides: Partial<Notification> = {}): Notification {
  return {
    id,
    user_id: 'u-admin',
    kind: 'task.due',
    data: { activity_id: `a-${id}`, customer_id: `c-${id}`, subject: `Task ${id}`, due_at: '2025-03-10T12:00:00Z' },
    created_at: '2025-03-10T12:00:00Z',
    read_at: null,
    ...overrides,
  };
}

const page = (items: Notification[], unread: number): NotificationPage => ({ items, next_cursor: null, unread_count: unread });

describe('withNotificationAdded', () => {
  it('puts a new notification on top and counts it as unread', () => {
    const older = notification('1', { created_at: '2025-03-10T11:00:00Z' });
    const next = withNotificationAdded(page([older], 1), notification('2'));
    expect(next.items.map((item) => item.id)).toEqual(['2', '1']);
    expect(next.unread_count).toBe(2);
  });

  it('ignores a notification it already lists (a repeated push)', () => {
    const current = page([notification('1')], 1);
    expect(withNotificationAdded(current, notification('1'))).toBe(current);
  });

  it('keeps at most the limit', () => {
    const items = ['1', '2', '3'].map((id, index) => notification(id, { created_at: `2025-03-10T0${index}:00:00Z` }));
    const next = withNotificationAdded(page(items, 0), notification('4'), 3);
    expect(next.items.map((item) => item.id)).toEqual(['4', '3', '2']);
  });
});

describe('withNotificationRead', () => {
  it('marks it read and lowers the count once', () => {
    const first = withNotificationRead(page([notification('1'), notification('2')], 2), '1', '2025-03-10T13:00:00Z');
    expect(first.items[0]!.read_at).toBe('2025-03-10T13:00:00Z');
    expect(first.unread_count).toBe(1);
    // The server's answer replaces the row without counting it again.
    const server = notification('1', { read_at: '2025-03-10T13:00:01Z' });
    const second = withNotificationRead(first, '1', 'ignored', server);
    expect(second.items[0]).toBe(server);
    expect(second.unread_count).toBe(1);
  });

  it('ignores unknown ids', () => {
    const current = page([notification('1')], 1);
    expect(withNotificationRead(current, 'x', '2025-03-10T13:00:00Z')).toBe(current);
  });
});

describe('task.due data', () => {
  it('reads the fields the hub and the API send, and links to the customer', () => {
    const item = notification('1');
    expect(taskDueData(item)).toEqual({ activityId: 'a-1', customerId: 'c-1', subject: 'Task 1', dueAt: '2025-03-10T12:00:00Z' });
    expect(notificationLink(item)).toBe('/customers/c-1');
    expect(notificationLink(notification('2', { data: { subject: 'x' } }))).toBe('/tasks');
  });

  it('does not trust the shape of other kinds or odd data', () => {
    expect(taskDueData(notification('1', { kind: 'something.else' }))).toBeUndefined();
    expect(taskDueData(notification('1', { data: 'text' }))).toEqual({ subject: '' });
    expect(isNotification(notification('1'))).toBe(true);
    expect(isNotification({ id: 'x' })).toBe(false);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2025-03-10T12:00:00Z');
  it('says how long ago in the UI language', () => {
    expect(relativeTime('2025-03-10T11:59:50Z', 'en', now)).toBe('now');
    expect(relativeTime('2025-03-10T11:55:00Z', 'en', now)).toBe('5 minutes ago');
    expect(relativeTime('2025-03-10T09:00:00Z', 'en', now)).toBe('3 hours ago');
    expect(relativeTime('2025-03-09T12:00:00Z', 'en', now)).toBe('yesterday');
    expect(relativeTime('2025-03-10T11:55:00Z', 'de', now)).toBe('vor 5 Minuten');
    expect(relativeTime('2025-01-01T12:00:00Z', 'en', now)).toBe('Jan 1, 2025');
  });
});
