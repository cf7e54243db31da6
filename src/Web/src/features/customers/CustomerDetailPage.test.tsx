import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { customer, jsonResponse, mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

const tanaka = customer({
  id: 'c1',
  first_name: 'Hiroshi',
  last_name: 'Tanaka',
  email: 'hiroshi@example.jp',
  country_code: 'JP',
  city: 'Tokyo',
  currency: 'JPY',
  language: 'ja',
  timezone: 'Asia/Tokyo',
  status: 'vip',
  tags: ['wholesale'],
  lifetime_value: 123456,
  average_order_value: 41152,
  lifetime_value_usd: 826.5,
  average_order_value_usd: 275.5,
  total_orders: 3,
  first_order_date: '2025-01-05T09:00:00Z',
  last_order_date: '2025-03-01T10:00:00Z',
});

const summary = {
  id: 'o1',
  customer_id: 'c1',
  customer_name: 'Hiroshi Tanaka',
  order_number: 'SC-1001',
  status: 'shipped',
  payment_status: 'paid',
  currency: 'JPY',
  total_amount: 3600,
  refunded_amount: 0,
  total_amount_usd: 23.17,
  shipping_country: 'JP',
  carrier: null,
  tracking_number: null,
  source: 'shopify',
  ordered_at: '2025-03-01T10:00:00Z',
  created_at: '2025-03-01T10:00:00Z',
};

/** The timeline is the landing tab; these tests give it nothing to show. */
const emptyTimeline = { 'GET /api/v1/customers/c1/timeline': () => jsonResponse({ items: [], next_cursor: null }) };

describe('Customer detail', () => {
  it('shows the profile and the figures in the customer currency and in USD', async () => {
    mockApi({ 'GET /api/v1/customers/c1': () => jsonResponse(tanaka) });
    renderApp('/customers/c1?tab=overview');

    // A Japanese customer: family name first.
    expect(await screen.findByRole('heading', { level: 1, name: 'Tanaka Hiroshi' })).toBeInTheDocument();
    const profile = screen.getByRole('complementary', { name: 'Profile' });
    expect(profile).toHaveTextContent('Japan');
    expect(profile).toHaveTextContent('Japanese');
    expect(profile).toHaveTextContent('JPY – Japanese Yen');
    expect(profile).toHaveTextContent('VIP');
    expect(within(profile).getByRole('button', { name: 'Remove tag wholesale' })).toBeInTheDocument();

    const ltv = screen.getByText('Lifetime value').nextElementSibling;
    expect(ltv).toHaveTextContent('¥123,456');
    expect(ltv).toHaveTextContent('Converted: $826.50');
    expect(screen.getByText('Average order value').nextElementSibling).toHaveTextContent('¥41,152');
    expect(screen.getByText('Total orders').nextElementSibling).toHaveTextContent('3');
    expect(screen.getByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/customers/c1/edit');
  });

  it("lists the customer's orders on the Orders tab, with links to each order", async () => {
    const { requests } = mockApi({
      'GET /api/v1/customers/c1': () => jsonResponse(tanaka),
      'GET /api/v1/customers/c1/orders': () => jsonResponse({ items: [summary], next_cursor: null, total: 1 }),
      ...emptyTimeline,
    });
    const user = userEvent.setup();
    const { router } = renderApp('/customers/c1');

    await user.click(await screen.findByRole('tab', { name: /Orders/ }));
    expect(router.state.location.search).toBe('?tab=orders');
    const table = await screen.findByRole('table', { name: 'Orders of this customer, newest first' });
    const row = within(table).getByRole('row', { name: /SC-1001/ });
    expect(row).toHaveTextContent('Shipped');
    expect(row).toHaveTextContent('¥3,600');
    expect(within(row).getByRole('link', { name: 'SC-1001' })).toHaveAttribute('href', '/orders/o1');
    expect(requests.some((request) => new URL(request.url).pathname === '/api/v1/customers/c1/orders')).toBe(true);
  });

  it('says when orders awaiting an exchange rate are not in the lifetime value yet, and shows them as rate pending', async () => {
    const waiting = { ...tanaka, pending_usd_orders: 2 };
    const kwd = { ...summary, id: 'o2', order_number: 'SC-1002', currency: 'KWD', total_amount: 30.75, total_amount_usd: null, usd_pending: true };
    mockApi({
      'GET /api/v1/customers/c1': () => jsonResponse(waiting),
      'GET /api/v1/customers/c1/orders': () => jsonResponse({ items: [{ ...summary, usd_pending: false }, kwd], next_cursor: null, total: 2 }),
      ...emptyTimeline,
    });
    const user = userEvent.setup();
    renderApp('/customers/c1?tab=overview');

    const ltv = (await screen.findByText('Lifetime value')).nextElementSibling;
    expect(ltv).toHaveTextContent('¥123,456');
    expect(ltv).toHaveTextContent('Orders awaiting an exchange rate, not included yet: 2');

    await user.click(screen.getByRole('tab', { name: /Orders/ }));
    const table = await screen.findByRole('table', { name: 'Orders of this customer, newest first' });
    const pendingRow = within(table).getByRole('row', { name: /SC-1002/ });
    expect(pendingRow).toHaveTextContent('Rate pending');
    expect(within(pendingRow).getByText('Rate pending')).toHaveAttribute('title', expect.stringContaining('No exchange rate for KWD'));
    expect(within(table).getByRole('row', { name: /SC-1001/ })).toHaveTextContent('$23.17');
  });

  it('shows no pending note when every order has its USD value', async () => {
    mockApi({ 'GET /api/v1/customers/c1': () => jsonResponse(tanaka), ...emptyTimeline });
    renderApp('/customers/c1?tab=overview');
    expect(await screen.findByText('Lifetime value')).toBeInTheDocument();
    expect(screen.queryByText(/awaiting an exchange rate/)).not.toBeInTheDocument();
  });

  it('lands on the timeline, moves between tabs with the arrow keys and keeps the choice in the URL', async () => {
    mockApi({ 'GET /api/v1/customers/c1': () => jsonResponse(tanaka), ...emptyTimeline });
    const user = userEvent.setup();
    const { router } = renderApp('/customers/c1');

    const timeline = await screen.findByRole('tab', { name: 'Timeline' });
    expect(timeline).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByRole('heading', { name: 'Nothing has happened yet' })).toBeInTheDocument();
    timeline.focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveFocus();
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
    expect(router.state.location.search).toBe('?tab=overview');
    expect(screen.getByRole('tabpanel')).toHaveTextContent('Lifetime value');
    await user.keyboard('{ArrowLeft}');
    expect(router.state.location.search).toBe('');
  });

  it('opens the timeline for the links of the former Activities and Notes tabs', async () => {
    mockApi({ 'GET /api/v1/customers/c1': () => jsonResponse(tanaka), ...emptyTimeline });
    renderApp('/customers/c1?tab=notes');
    expect(await screen.findByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
  });

  it('adds and removes tags through the tag endpoints', async () => {
    const { requests } = mockApi({
      'GET /api/v1/customers/c1': () => jsonResponse(tanaka),
      'POST /api/v1/customers/c1/tags': () => jsonResponse({ ...tanaka, tags: ['wholesale', 'asia'] }),
      'DELETE /api/v1/customers/c1/tags/wholesale': () => jsonResponse({ ...tanaka, tags: ['asia'] }),
      ...emptyTimeline,
    });
    const user = userEvent.setup();
    renderApp('/customers/c1');

    await user.type(await screen.findByRole('textbox', { name: 'New tag' }), 'asia');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    await user.click(await screen.findByRole('button', { name: 'Remove tag wholesale' }));
    await screen.findByRole('button', { name: 'Remove tag asia' });
    expect(screen.queryByRole('button', { name: 'Remove tag wholesale' })).not.toBeInTheDocument();

    const post = requests.find((request) => request.method === 'POST');
    expect(await post?.json()).toEqual({ tags: ['asia'] });
  });
});
