import { useEffect, useId, useRef } from 'react';
import { usePopover } from '../../components/usePopover';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Bell, BellOff, Check, LoaderCircle } from 'lucide-react';
import { useLocaleFormatters } from '../../i18n/format';
import { taskDueData, useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications, type Notification } from './notificationApi';
import { notificationLink, notificationTitle, relativeTime } from './notificationPresentation';

interface NotificationBellProps {
  /** On the dark phone bar or the white desktop header. */
  variant: 'light' | 'dark';
}

/**
 * The bell in the header: the unread count on it, and a panel with the newest notifications.
 * Opening the panel moves focus into it; Escape closes it and returns focus to the bell; a click
 * or focus elsewhere closes it. Following a notification (or its check mark) marks it read.
 * New ones arrive through NotificationLiveRegion, which updates the same query.
 */
export function NotificationBell({ variant }: NotificationBellProps) {
  const { t } = useTranslation();
  const notifications = useNotifications();
  const markAllRead = useMarkAllNotificationsRead();
  const { pathname } = useLocation();
  const panelId = useId();
  const headingId = useId();
  const { open, setOpen, rootRef, buttonRef, onKeyDown } = usePopover();
  const panelRef = useRef<HTMLDivElement>(null);

  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (open) panelRef.current?.focus();
  }, [open]);

  const unread = notifications.data?.unread_count ?? 0;
  const items = notifications.data?.items ?? [];
  const dark = variant === 'dark';

  return (
    <div
      ref={rootRef}
      // On a phone the panel hangs from the (sticky) top bar across the screen; wider, from the bell.
      className="sm:relative"
      onKeyDown={onKeyDown}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((isOpen) => !isOpen)}
        className={`relative flex items-center rounded-md p-2 ${
          dark ? 'text-slate-200 hover:bg-slate-800 hover:text-white focus-visible:outline-white' : 'text-slate-700 hover:bg-slate-100 hover:text-slate-900'
        }`}
      >
        <Bell aria-hidden="true" className="size-5" />
        <span className="sr-only">
          {unread > 0 ? t('notifications.buttonUnread', { unread }) : t('notifications.button')}
        </span>
        {unread > 0 && (
          <span
            aria-hidden="true"
            className={`absolute -right-0.5 -top-0.5 flex h-5 min-w-5 items-center justify-center rounded-full bg-red-600 px-1 text-[11px] font-semibold leading-none text-white ring-2 ${
              dark ? 'ring-slate-900' : 'ring-white'
            }`}
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div
          ref={panelRef}
          id={panelId}
          role="region"
          aria-labelledby={headingId}
          tabIndex={-1}
          className="absolute inset-x-2 top-full z-50 mt-1 flex max-h-[calc(100dvh-6rem)] flex-col overflow-hidden rounded-md bg-white shadow-lg ring-1 ring-slate-200 focus:outline-none sm:inset-x-auto sm:right-0 sm:mt-2 sm:max-h-[32rem] sm:w-96"
        >
          <div className="flex items-center justify-between gap-3 border-b border-slate-200 px-4 py-3">
            <h2 id={headingId} className="text-sm font-semibold text-slate-900">
              {t('notifications.title')}
            </h2>
            <span className="flex items-center gap-3 text-xs text-slate-600">
              {unread > 0 ? t('notifications.unreadCount', { unread }) : t('notifications.allRead')}
              {unread > 0 && (
                <button
                  type="button"
                  onClick={() => markAllRead.mutate()}
                  disabled={markAllRead.isPending}
                  className="rounded font-medium text-indigo-700 hover:text-indigo-900 hover:underline disabled:opacity-60"
                >
                  {t('notifications.markAllRead')}
                </button>
              )}
            </span>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto">
            {notifications.isPending ? (
              <p role="status" className="flex items-center gap-2 px-4 py-6 text-sm text-slate-600">
                <LoaderCircle aria-hidden="true" className="size-4 animate-spin text-indigo-600" />
                {t('common.loading')}
              </p>
            ) : notifications.isError && items.length === 0 ? (
              <div className="space-y-2 px-4 py-6 text-sm">
                <p className="text-red-700">{t('notifications.loadError')}</p>
                <button
                  type="button"
                  onClick={() => void notifications.refetch()}
                  className="rounded font-medium text-indigo-700 hover:text-indigo-900 hover:underline"
                >
                  {t('common.retry')}
                </button>
              </div>
            ) : items.length === 0 ? (
              <div className="flex flex-col items-center gap-2 px-4 py-8 text-center text-sm text-slate-600">
                <BellOff aria-hidden="true" className="size-6 text-slate-400" />
                {t('notifications.empty')}
              </div>
            ) : (
              <ul className="divide-y divide-slate-100">
                {items.map((notification) => (
                  <NotificationRow key={notification.id} notification={notification} onFollow={() => setOpen(false)} />
                ))}
              </ul>
            )}
          </div>
          <div className="border-t border-slate-200 px-4 py-2.5">
            <Link to="/tasks" className="rounded text-sm font-medium text-indigo-700 hover:text-indigo-900 hover:underline">
              {t('notifications.viewTasks')}
            </Link>
          </div>
        </div>
      )}
    </div>
  );
}

function NotificationRow({ notification, onFollow }: { notification: Notification; onFollow: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  const markRead = useMarkNotificationRead();
  const unread = !notification.read_at;
  const title = notificationTitle(notification, t);
  const href = notificationLink(notification);
  const dueAt = taskDueData(notification)?.dueAt;
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const read = () => {
    if (unread) markRead.mutate(notification.id);
  };

  return (
    <li className={unread ? 'bg-indigo-50/60' : undefined}>
      <div className="flex items-start gap-3 px-4 py-3">
        <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? 'bg-indigo-600' : 'bg-transparent'}`} />
        <div className="min-w-0 flex-1">
          {href ? (
            <Link
              to={href}
              onClick={() => {
                read();
                onFollow();
              }}
              className={`block break-words rounded text-sm hover:text-indigo-700 hover:underline ${unread ? 'font-semibold text-slate-900' : 'text-slate-800'}`}
            >
              {title}
              {unread && <span className="sr-only"> ({t('notifications.unread')})</span>}
            </Link>
          ) : (
            <p className={`break-words text-sm ${unread ? 'font-semibold text-slate-900' : 'text-slate-800'}`}>
              {title}
              {unread && <span className="sr-only"> ({t('notifications.unread')})</span>}
            </p>
          )}
          {dueAt && (
            <p className="mt-0.5 text-xs text-slate-700">
              <time dateTime={dueAt}>{t('notifications.dueAt', { time: format.dateTime(dueAt) })}</time>
            </p>
          )}
          <p className="mt-0.5 text-xs text-slate-600">
            <time dateTime={notification.created_at} title={format.dateTime(notification.created_at)}>
              {relativeTime(notification.created_at, locale)}
            </time>
          </p>
        </div>
        {unread && (
          <button
            type="button"
            onClick={read}
            disabled={markRead.isPending}
            aria-label={t('notifications.markRead', { title })}
            title={t('notifications.markReadShort')}
            className="shrink-0 rounded-md p-1.5 text-slate-600 hover:bg-white hover:text-indigo-700 disabled:opacity-60"
          >
            <Check aria-hidden="true" className="size-4" />
          </button>
        )}
      </div>
    </li>
  );
}
