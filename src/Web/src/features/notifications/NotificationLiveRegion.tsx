import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useHubConnection, useHubEvent } from '../../realtime/RealtimeProvider';
import { isNotification, NOTIFICATION_EVENT, notificationKeys, withNotificationAdded, type NotificationPage } from './notificationApi';
import { notificationTitle } from './notificationPresentation';

/**
 * Mounted once in the layout (the header has a bell for phones and one for wide screens): a pushed
 * notification goes to the top of the bells' list, raises the unread count and is announced
 * politely. After a reconnect the list is read again, since pushes may have been lost.
 */
export function NotificationLiveRegion() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { reconnects } = useHubConnection();
  const [announcement, setAnnouncement] = useState<{ text: string; seq: number }>();

  useHubEvent<unknown>(NOTIFICATION_EVENT, (payload) => {
    if (!isNotification(payload)) return;
    const page = queryClient.getQueryData<NotificationPage>(notificationKeys.recent);
    if (page) queryClient.setQueryData(notificationKeys.recent, withNotificationAdded(page, payload));
    // No list yet, or one on its way that may have been read before this was written: (re)read it.
    if (!page || queryClient.isFetching({ queryKey: notificationKeys.recent }) > 0) {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.recent });
    }
    setAnnouncement((previous) => ({
      text: t('notifications.announce', { title: notificationTitle(payload, t) }),
      seq: (previous?.seq ?? 0) + 1,
    }));
  });

  useEffect(() => {
    if (reconnects > 0) void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
  }, [queryClient, reconnects]);

  // Keep the region short: a stale announcement should not be read again when someone browses to it.
  useEffect(() => {
    if (!announcement) return;
    const timer = setTimeout(() => setAnnouncement(undefined), 15_000);
    return () => clearTimeout(timer);
  }, [announcement]);

  return (
    <div role="status" aria-live="polite" className="sr-only">
      {/* A new node per notification, so the same text twice is announced twice. */}
      {announcement && <span key={announcement.seq}>{announcement.text}</span>}
    </div>
  );
}
