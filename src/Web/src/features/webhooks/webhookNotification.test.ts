import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import type { Notification } from '../notifications/notificationApi';
import { notificationLink, notificationTitle } from '../notifications/notificationPresentation';

const disabled: Notification = {
  id: 'n1',
  user_id: 'u-admin',
  kind: 'webhook.disabled',
  data: { subscription_id: 'w1', url: 'https://erp.example.com/hooks', reason: 'Switched off automatically: …' },
  created_at: '2026-03-02T09:00:00Z',
  read_at: null,
};

describe('a switched-off webhook notification', () => {
  it('names the URL and leads to the webhooks settings', async () => {
    const t = await i18n.changeLanguage('en');
    expect(notificationTitle(disabled, t)).toBe('Webhook switched off: https://erp.example.com/hooks');
    expect(notificationLink(disabled)).toBe('/settings/webhooks');
  });

  it('copes with data that is not what it expects', async () => {
    const t = await i18n.changeLanguage('en');
    expect(notificationTitle({ ...disabled, data: 'text' }, t)).toBe('Webhook switched off: ');
  });
});
