import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

const catalog = ['customer.created', 'customer.updated', 'customer.deleted', 'order.created', 'order.updated', 'order.status_changed'];

const existing = {
  id: 'w1',
  url: 'https://erp.example.com/hooks',
  events: ['order.created'],
  active: false,
  disabled_reason: 'Switched off automatically after 20 failed attempts in a row.',
  created_at: '2026-03-01T09:00:00Z',
  updated_at: '2026-03-02T09:00:00Z',
};

const delivery = {
  id: 'd1',
  subscription_id: 'w1',
  event: 'order.created',
  status: 'failed',
  next_attempt_at: null,
  created_at: '2026-03-01T10:00:00Z',
  completed_at: '2026-03-02T10:00:00Z',
  redelivery_of: null,
  attempts: [
    { attempt: 1, attempted_at: '2026-03-01T10:00:00Z', duration_ms: 120, status_code: 500, error: 'The receiver answered 500.', next_retry_at: '2026-03-01T10:00:30Z' },
    { attempt: 2, attempted_at: '2026-03-01T10:00:30Z', duration_ms: 10000, status_code: null, error: 'No answer within 10 s.', next_retry_at: null },
  ],
};

describe('Webhooks page', () => {
  it('creates a subscription, shows its secret once and lists it', async () => {
    let webhooks: Array<Omit<typeof existing, 'disabled_reason'> & { disabled_reason: string | null }> = [existing];
    const { requests } = mockApi({
      'GET /api/v1/webhook-events': () => jsonResponse({ items: catalog }),
      'GET /api/v1/webhooks': () => jsonResponse({ items: webhooks }),
      'POST /api/v1/webhooks': async (request) => {
        const body = (await request.json()) as { url: string; events: string[] };
        const created = { ...existing, id: 'w2', active: true, disabled_reason: null, url: body.url, events: body.events };
        webhooks = [...webhooks, created];
        return jsonResponse({ ...created, secret: 'whsec_the-whole-secret' }, 201);
      },
    });
    const user = userEvent.setup();
    renderApp('/settings/webhooks');

    const list = await screen.findByRole('list', { name: 'Webhook subscriptions' });
    // A switched-off subscription says why.
    expect(within(list).getByText(/Switched off automatically after 20 failed attempts/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'New webhook' }));
    const dialog = screen.getByRole('dialog', { name: 'New webhook' });
    await user.type(within(dialog).getByLabelText(/^URL/), 'ftp://nope');
    await user.click(within(dialog).getByRole('button', { name: 'Create webhook' }));
    expect(await within(dialog).findByText('Enter an http:// or https:// address.')).toBeInTheDocument();
    expect(within(dialog).getByText('Choose at least one event.')).toBeInTheDocument();

    await user.clear(within(dialog).getByLabelText(/^URL/));
    await user.type(within(dialog).getByLabelText(/^URL/), 'https://shop.example.com/crm');
    await user.click(await within(dialog).findByRole('checkbox', { name: 'customer.created' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'order.status_changed' }));
    await user.click(within(dialog).getByRole('button', { name: 'Create webhook' }));

    const shown = await screen.findByRole('dialog', { name: 'Webhook created' });
    expect(within(shown).getByLabelText('Signing secret')).toHaveValue('whsec_the-whole-secret');
    expect(shown).toHaveTextContent('You will not see it again.');
    expect(await requests.find((request) => request.method === 'POST')!.json()).toEqual({
      url: 'https://shop.example.com/crm',
      events: ['customer.created', 'order.status_changed'],
      secret: null,
      active: true,
    });

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.getByRole('listitem', { name: 'https://shop.example.com/crm' })).toBeInTheDocument());
    expect(screen.queryByDisplayValue('whsec_the-whole-secret')).not.toBeInTheDocument();
    expect(screen.queryByText('whsec_the-whole-secret')).not.toBeInTheDocument();
  });

  it('shows every attempt of a delivery and sends it again', async () => {
    const active = { ...existing, active: true, disabled_reason: null };
    const { requests } = mockApi({
      'GET /api/v1/webhooks': () => jsonResponse({ items: [active] }),
      'GET /api/v1/webhooks/w1/deliveries': () => jsonResponse({ items: [delivery], next_cursor: null }),
      'POST /api/v1/webhooks/deliveries/d1/redeliver': () =>
        jsonResponse({ ...delivery, id: 'd2', status: 'pending', redelivery_of: 'd1', attempts: [] }, 202),
    });
    const user = userEvent.setup();
    renderApp('/settings/webhooks');

    await user.click(await screen.findByRole('button', { name: 'Deliveries of https://erp.example.com/hooks' }));
    const log = await screen.findByRole('dialog', { name: 'Deliveries' });
    const attempts = await within(log).findByRole('list', { name: 'Attempts' });
    expect(within(attempts).getAllByRole('listitem')).toHaveLength(2);
    expect(attempts).toHaveTextContent('HTTP 500');
    expect(attempts).toHaveTextContent('No answer');
    expect(within(log).getByText('Failed')).toBeInTheDocument();

    await user.click(within(log).getByRole('button', { name: 'Send again' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'POST' && request.url.endsWith('/deliveries/d1/redeliver'))).toBe(true));
  });
});
