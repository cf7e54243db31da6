import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { unwrap } from '../../api/request';

export type Notification = components['schemas']['Notification'];
export type NotificationPage = components['schemas']['NotificationPage'];

/** The hub event that brings a new notification (docs/realtime.md). */
export const NOTIFICATION_EVENT = 'Notification';

/** How many of the newest notifications the bell lists. */
export const NOTIFICATION_LIMIT = 20;

export const notificationKeys = {
  all: ['notifications'] as const,
  recent: ['notifications', 'recent'] as const,
};

/** The newest notifications and how many are unread (GET /notifications). */
export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.recent,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: NOTIFICATION_LIMIT } }, signal })),
  });
}

export function isNotification(payload: unknown): payload is Notification {
  if (typeof payload !== 'object' || payload === null) return false;
  const { id, kind, created_at: createdAt } = payload as Record<string, unknown>;
  return typeof id === 'string' && id !== '' && typeof kind === 'string' && typeof createdAt === 'string';
}

/**
 * The page with a pushed notification added at the top (newest first, at most `limit` kept) and
 * the unread count raised. One already listed changes nothing, so a repeated push is harmless.
 */
export function withNotificationAdded(page: NotificationPage, notification: Notification, limit = NOTIFICATION_LIMIT): NotificationPage {
  if (page.items.some((item) => item.id === notification.id)) return page;
  const items = [notification, ...page.items]
    .sort((a, b) => new Date(b.created_at).getTime() - new Date(a.created_at).getTime())
    .slice(0, limit);
  return { ...page, items, unread_count: page.unread_count + (notification.read_at ? 0 : 1) };
}

/** The page with one notification read (by the server's copy when there is one) and the count lowered. */
export function withNotificationRead(page: NotificationPage, id: string, readAt: string, server?: Notification): NotificationPage {
  const current = page.items.find((item) => item.id === id);
  if (!current) return page;
  const items = page.items.map((item) => (item.id === id ? (server ?? { ...item, read_at: item.read_at ?? readAt }) : item));
  // Only the first marking lowers the count (the optimistic one; the server's answer then just replaces the row).
  const unreadCount = current.read_at ? page.unread_count : Math.max(0, page.unread_count - 1);
  return { ...page, items, unread_count: unreadCount };
}

/** Marks a notification read at once in the bell; puts it back if the server refuses. */
export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: notificationKeys.recent });
      const previous = queryClient.getQueryData<NotificationPage>(notificationKeys.recent);
      if (previous) queryClient.setQueryData(notificationKeys.recent, withNotificationRead(previous, id, new Date().toISOString()));
      return { previous };
    },
    onError: (_error, _id, context) => {
      if (context?.previous) queryClient.setQueryData(notificationKeys.recent, context.previous);
    },
    onSuccess: (notification, id) => {
      queryClient.setQueryData<NotificationPage>(notificationKeys.recent, (page) =>
        page ? withNotificationRead(page, id, notification.read_at ?? new Date().toISOString(), notification) : page,
      );
    },
  });
}

/** The page with every notification read and nothing unread. */
export function withAllNotificationsRead(page: NotificationPage, readAt: string): NotificationPage {
  return { ...page, items: page.items.map((item) => (item.read_at ? item : { ...item, read_at: readAt })), unread_count: 0 };
}

/** Marks all of the user's notifications read at once in the bell (POST /notifications/read); puts them back if the server refuses. */
export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/notifications/read')),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: notificationKeys.recent });
      const previous = queryClient.getQueryData<NotificationPage>(notificationKeys.recent);
      if (previous) queryClient.setQueryData(notificationKeys.recent, withAllNotificationsRead(previous, new Date().toISOString()));
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(notificationKeys.recent, context.previous);
    },
    // The server's read times, and any notification beyond the listed ones.
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.recent }),
  });
}

/** What a "task.due" notification carries (docs/realtime.md). */
export interface TaskDueData {
  activityId?: string;
  customerId?: string;
  subject: string;
  dueAt?: string;
}

/** The data of a "task.due" notification, read defensively (the API types it as any JSON). */
export function taskDueData(notification: Notification): TaskDueData | undefined {
  if (notification.kind !== 'task.due') return undefined;
  const data = (typeof notification.data === 'object' && notification.data !== null ? notification.data : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    activityId: text(data.activity_id),
    customerId: text(data.customer_id),
    subject: text(data.subject) ?? '',
    dueAt: text(data.due_at),
  };
}
