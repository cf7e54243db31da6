import type { TFunction } from 'i18next';
import { taskDueData, type Notification } from './notificationApi';

/** The line a notification is listed (and announced) by: "Task due: Call back Anna". */
export function notificationTitle(notification: Notification, t: TFunction): string {
  const task = taskDueData(notification);
  if (task) return t('notifications.taskDue', { subject: task.subject || t('activities.noSubject') });
  if (notification.kind === 'webhook.disabled') return t('notifications.webhookDisabled', { url: webhookUrl(notification) });
  return t('notifications.generic');
}

/** Where a notification leads: a task's customer, else the task list. */
export function notificationLink(notification: Notification): string | undefined {
  if (notification.kind === 'webhook.disabled') return '/settings/webhooks';
  const task = taskDueData(notification);
  if (!task) return undefined;
  return task.customerId ? `/customers/${task.customerId}` : '/tasks';
}

/** The URL of a webhook subscription that was switched off ("webhook.disabled": {subscription_id, url, reason}). */
function webhookUrl(notification: Notification): string {
  const data = (typeof notification.data === 'object' && notification.data !== null ? notification.data : {}) as Record<string, unknown>;
  return typeof data.url === 'string' ? data.url : '';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 60 * 60],
  ['day', 24 * 60 * 60],
];

/**
 * "just now", "5 minutes ago", "yesterday" in the UI language, for the last week; older ones as a
 * date. Future times (clock skew) read as now.
 */
export function relativeTime(iso: string, locale: string, now: number = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((time - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const age = -seconds;
  if (age < 45) return format.format(0, 'second');
  if (age < 7 * 24 * 60 * 60) {
    const [unit, size] = age < 60 * 60 ? UNITS[0]! : age < 24 * 60 * 60 ? UNITS[1]! : UNITS[2]!;
    return format.format(-Math.max(1, Math.round(age / size)), unit);
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(time));
}
