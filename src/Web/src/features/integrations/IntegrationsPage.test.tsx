import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

// The first render waits for the page's code and two answers: slow on a busy machine.
const firstRender = { timeout: 5000 };

const shop = {
  id: '0193b7a0-0000-7000-8000-000000000001',
  platform: 'woocommerce',
  domain: 'https://shop.example.com',
  status: 'connected',
  webhook_path: '/webhooks/woocommerce/0193b7a0-0000-7000-8000-000000000001',
  external_id_source: 'woocommerce:shop.example.com',
  created_at: '2025-03-01T09:00:00Z',
  disconnected_at: null,
  events_received: 1204,
  events_processed: 1190,
  events_pending: 11,
  events_dead: 3,
  last_event_at: '2025-03-02T14:30:00Z',
};

const deadLetter = {
  id: 42,
  shop_id: shop.id,
  topic: 'order.created',
  entity: 'order:1001',
  received_at: '2025-03-02T14:00:00Z',
  attempts: 5,
  error: 'Currency XYZ is not supported.',
};

describe('Integrations page', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists connected shops with their webhook URL and counts, and failed events', async () => {
    mockApi({
      'GET /api/v1/integrations': () => jsonResponse({ items: [shop] }),
      'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: [deadLetter] }),
    });
    renderApp('/settings/integrations');

    const card = await screen.findByRole('article', { name: 'https://shop.example.com' }, firstRender);
    expect(within(card).getByText('WooCommerce')).toBeInTheDocument();
    expect(within(card).getByText('Connected')).toBeInTheDocument();
    expect(within(card).getByTestId('webhook-url')).toHaveTextContent(`${window.location.origin}${shop.webhook_path}`);
    expect(within(card).getByRole('button', { name: 'Copy URL' })).toBeInTheDocument();
    expect(card).toHaveTextContent('Received1,204');
    expect(card).toHaveTextContent('Processed1,190');
    expect(card).toHaveTextContent('Pending11');
    expect(card).toHaveTextContent('Failed3');

    const failed = await screen.findByRole('table', { name: 'Failed events' }, firstRender);
    const row = within(failed).getByRole('row', { name: /order\.created/ });
    expect(row).toHaveTextContent('order:1001');
    expect(row).toHaveTextContent('Currency XYZ is not supported.');
  });

  it('asks for the counts again every 10 seconds while the page is open', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let processed = 1190;
    mockApi({
      'GET /api/v1/integrations': () => jsonResponse({ items: [{ ...shop, events_processed: processed }] }),
      'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: [] }),
    });
    renderApp('/settings/integrations');

    const card = await screen.findByRole('article', { name: 'https://shop.example.com' }, firstRender);
    expect(card).toHaveTextContent('Processed1,190');
    processed = 1201;
    await vi.advanceTimersByTimeAsync(10_000);
    await waitFor(() => expect(card).toHaveTextContent('Processed1,201'));
  });

  it('shows the empty states when nothing is connected', async () => {
    mockApi({
      'GET /api/v1/integrations': () => jsonResponse({ items: [] }),
      'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: [] }),
    });
    renderApp('/settings/integrations');

    expect(await screen.findByText('No shops connected yet', undefined, firstRender)).toBeInTheDocument();
    expect(await screen.findByText('No failed events.')).toBeInTheDocument();
  });

  it('requires every field, puts the server’s field problem on its field, then connects', async () => {
    let shops: (typeof shop)[] = [];
    let attempt = 0;
    const { requests } = mockApi({
      'GET /api/v1/integrations': () => jsonResponse({ items: shops }),
      'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: [] }),
      'POST /api/v1/integrations/shopify': async (request) => {
        attempt += 1;
        const body = (await request.json()) as { shop_domain: string };
        if (attempt === 1) {
          return problemResponse({
            type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
            title: 'One or more validation errors occurred.',
            status: 400,
            errors: { shop_domain: ["Give the shop's myshopify.com domain, e.g. jsmith.myshopify.com."] },
          });
        }
        const created = { ...shop, id: 's2', platform: 'shopify', domain: body.shop_domain, webhook_path: '/webhooks/shopify' };
        shops = [created];
        return jsonResponse(created, 201);
      },
    });
    const user = userEvent.setup();
    renderApp('/settings/integrations');

    await user.click(await screen.findByRole('button', { name: 'Connect shop' }, firstRender));
    const dialog = screen.getByRole('dialog', { name: 'Connect a shop' });
    expect(within(dialog).getByRole('tab', { name: 'Shopify' })).toHaveAttribute('aria-selected', 'true');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    for (const label of [/^Shop domain/, /^Admin API access token/, /^API secret key/]) {
      expect(within(dialog).getByLabelText(label)).toHaveAccessibleDescription(/This field is required\./);
    }
    expect(requests.some((request) => request.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText(/^Shop domain/), 'not a domain');
    await user.type(within(dialog).getByLabelText(/^Admin API access token/), 'shpat_123');
    await user.type(within(dialog).getByLabelText(/^API secret key/), 'secret-abc');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    const domainField = within(dialog).getByLabelText(/^Shop domain/);
    await waitFor(() => expect(domainField).toHaveAccessibleDescription(/jsmith\.myshopify\.com/));
    expect(domainField).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByLabelText(/^Admin API access token/)).not.toHaveAttribute('aria-invalid');

    await user.clear(domainField);
    await user.type(domainField, 'acme.myshopify.com');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));

    await screen.findByRole('article', { name: 'acme.myshopify.com' }, firstRender);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    const posts = requests.filter((request) => request.method === 'POST');
    expect(await posts[1]!.json()).toEqual({ shop_domain: 'acme.myshopify.com', access_token: 'shpat_123', api_secret_key: 'secret-abc' });
  });

  it('requires the WooCommerce fields on its tab', async () => {
    mockApi({
      'GET /api/v1/integrations': () => jsonResponse({ items: [] }),
      'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: [] }),
    });
    const user = userEvent.setup();
    renderApp('/settings/integrations');

    await user.click(await screen.findByRole('button', { name: 'Connect shop' }, firstRender));
    const dialog = screen.getByRole('dialog', { name: 'Connect a shop' });
    await user.click(within(dialog).getByRole('tab', { name: 'WooCommerce' }));
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    for (const label of [/^Site URL/, /^Consumer key/, /^Consumer secret/, /^Webhook secret/]) {
      expect(within(dialog).getByLabelText(label)).toHaveAccessibleDescription(/This field is required\./);
    }
  });

  it('retries a failed event and loads the list again', async () => {
    let letters = [deadLetter];
    const { requests } = mockApi({
      'GET /api/v1/integrations': () => jsonResponse({ items: [shop] }),
      'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: letters }),
      'POST /api/v1/integrations/dead-letters/42/retry': () => {
        letters = [];
        return new Response(null, { status: 202 });
      },
    });
    const user = userEvent.setup();
    renderApp('/settings/integrations');

    await screen.findByRole('table', { name: 'Failed events' }, firstRender);
    await user.click(screen.getByRole('button', { name: 'Retry order.created order:1001' }));
    expect(await screen.findByText('order.created order:1001 will be applied again.')).toBeInTheDocument();
    expect(await screen.findByText('No failed events.')).toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST').map((request) => new URL(request.url).pathname)).toEqual([
      '/api/v1/integrations/dead-letters/42/retry',
    ]);
  });

  it('disconnects a shop after confirming', async () => {
    const { requests } = mockApi({
      'GET /api/v1/integrations': () => jsonResponse({ items: [shop] }),
      'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: [] }),
      [`DELETE /api/v1/integrations/${shop.id}`]: () => new Response(null, { status: 204 }),
    });
    const user = userEvent.setup();
    renderApp('/settings/integrations');

    await screen.findByRole('article', { name: 'https://shop.example.com' }, firstRender);
    await user.click(screen.getByRole('button', { name: 'Disconnect https://shop.example.com' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Disconnect this shop?' })).getByRole('button', { name: 'Disconnect' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'DELETE')).toBe(true));
  });

  it('is not offered without the permission', async () => {
    mockApi({});
    renderApp('/settings/integrations', { me: { role: 'manager', permissions: ['customers.read', 'users.read'] } });
    expect(await screen.findByRole('heading', { level: 1 }, firstRender)).not.toHaveTextContent('Integrations');
    expect(screen.queryByRole('link', { name: 'Integrations' })).not.toBeInTheDocument();
  });
});
