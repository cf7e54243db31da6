import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

const firstRender = { timeout: 5000 };

const shop = {
  id: '0193b7a0-0000-7000-8000-000000000002',
  platform: 'shopify',
  domain: 'eu-store.myshopify.com',
  status: 'connected',
  webhook_path: '/webhooks/shopify',
  external_id_source: 'shopify',
  created_at: '2025-03-01T09:00:00Z',
  disconnected_at: null,
  events_received: 0,
  events_processed: 0,
  events_pending: 0,
  events_dead: 0,
  last_event_at: null,
};

const idle = {
  shop_id: shop.id,
  status: 'idle',
  kind: null,
  phase: null,
  customers: 0,
  orders: 0,
  products: 0,
  done: 0,
  total: 0,
  percent: null,
  eta_seconds: null,
  started_at: null,
  updated_at: null,
  finished_at: null,
  last_success_at: null,
  last_error: null,
};

const running = {
  ...idle,
  status: 'running',
  kind: 'full',
  phase: 'orders',
  customers: 40,
  orders: 10,
  done: 50,
  total: 200,
  percent: 25,
  eta_seconds: 90,
  started_at: '2025-03-02T14:00:00Z',
  updated_at: '2025-03-02T14:00:30Z',
};

function page(sync: () => Response, start?: () => Response) {
  mockApi({
    'GET /api/v1/integrations': () => jsonResponse({ items: [shop] }),
    'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: [] }),
    [`GET /api/v1/integrations/${shop.id}/sync`]: sync,
    ...(start ? { [`POST /api/v1/integrations/${shop.id}/sync`]: start } : {}),
  });
  renderApp('/settings/integrations');
}

describe('Shop sync on the Integrations page', () => {
  it('shows a running sync as a progress bar with counts, percentage and time left', async () => {
    page(() => jsonResponse(running));

    const bar = await screen.findByRole('progressbar', { name: 'Sync progress of eu-store.myshopify.com' }, firstRender);
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    const panel = screen.getByRole('region', { name: 'Sync of eu-store.myshopify.com' });
    expect(panel).toHaveTextContent('Running');
    expect(panel).toHaveTextContent('50 of 200 records · 25 %');
    expect(panel).toHaveTextContent('40 customers · 10 orders · 0 products');
    expect(panel).toHaveTextContent('about 2 minutes left');
    expect(within(panel).getByRole('button', { name: 'Sync eu-store.myshopify.com now' })).toBeDisabled();
  });

  it('starts a sync with "Sync now" and follows it', async () => {
    let current: Record<string, unknown> = idle;
    page(
      () => jsonResponse(current),
      () => {
        current = { ...running, status: 'queued', done: 0, customers: 0, orders: 0, percent: null, eta_seconds: null };
        return jsonResponse(current, 202);
      },
    );

    const panel = await screen.findByRole('region', { name: 'Sync of eu-store.myshopify.com' }, firstRender);
    await waitFor(() => expect(panel).toHaveTextContent('Never synced'));
    expect(panel).toHaveTextContent('Last completed sync: never');
    await userEvent.click(within(panel).getByRole('button', { name: 'Sync eu-store.myshopify.com now' }));
    await waitFor(() => expect(panel).toHaveTextContent('Queued'));
    expect(within(panel).getByRole('button', { name: 'Sync eu-store.myshopify.com now' })).toBeDisabled();
    expect(within(panel).getByRole('progressbar')).not.toHaveAttribute('aria-valuenow');
  });

  it('shows why a sync failed, and the server’s answer when one cannot start', async () => {
    page(
      () => jsonResponse({ ...running, status: 'failed', percent: 25, eta_seconds: null, last_error: 'The shop could not be reached: Connection refused' }),
      () => problemResponse({ status: 409, title: 'Conflict', detail: 'A sync of this shop is already queued or running; follow its progress.' }),
    );

    const panel = await screen.findByRole('region', { name: 'Sync of eu-store.myshopify.com' }, firstRender);
    await waitFor(() => expect(panel).toHaveTextContent('The sync failed: The shop could not be reached: Connection refused'));
    await userEvent.click(within(panel).getByRole('button', { name: 'Sync eu-store.myshopify.com now' }));
    expect(await within(panel).findByText(/already queued or running/)).toBeInTheDocument();
  });
});
