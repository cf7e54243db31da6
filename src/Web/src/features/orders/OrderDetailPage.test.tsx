import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { customer, jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

function order(overrides: Record<string, unknown> = {}) {
  return {
    id: 'o1',
    customer_id: 'c1',
    order_number: 'SC-1001',
    status: 'pending',
    next_statuses: ['processing', 'cancelled'],
    payment_status: 'paid',
    currency: 'JPY',
    subtotal_amount: 3000,
    tax_amount: 100,
    shipping_amount: 500,
    discount_amount: 0,
    total_amount: 3600,
    refunded_amount: 0,
    total_amount_usd: 23.17,
    refunded_amount_usd: 0,
    fx_rate_date: '2025-03-01',
    shipping_country: 'JP',
    shipping_address: { name: 'Hiroshi Tanaka', line1: '1-2-3 Ginza', city: 'Tokyo', postal_code: '104-0061' },
    carrier: 'Yamato',
    tracking_number: 'YT123',
    tracking_url: 'https://track.example.com/YT123',
    source: 'shopify',
    notes: null,
    items: [{ id: 'i1', product_id: 'tea-1', product_name: 'Sencha', sku: 'TEA-1', quantity: 2, unit_price: 1500, total_price: 3000 }],
    refunds: [],
    ordered_at: '2025-03-01T10:00:00Z',
    shipped_at: null,
    delivered_at: null,
    cancelled_at: null,
    created_at: '2025-03-01T10:00:00Z',
    updated_at: '2025-03-01T10:00:00Z',
    version: 1,
    ...overrides,
  };
}

const tanaka = customer({ id: 'c1', first_name: 'Hiroshi', last_name: 'Tanaka', currency: 'JPY' });

describe('Order detail', () => {
  it('shows the USD total as pending, with why, while the currency has no exchange rate, and lists duties and tips', async () => {
    const kwd = order({
      currency: 'KWD',
      subtotal_amount: 30,
      tax_amount: 0,
      shipping_amount: 0,
      duties_amount: 0.5,
      tip_amount: 0.25,
      total_amount: 30.75,
      total_amount_usd: null,
      refunded_amount_usd: null,
      usd_pending: true,
      fx_rate_date: null,
      items: [{ id: 'i1', product_id: 'tea-1', product_name: 'Sencha', sku: 'TEA-1', quantity: 2, unit_price: 15, total_price: 30 }],
    });
    mockApi({
      'GET /api/v1/orders/o1': () => jsonResponse(kwd),
      'GET /api/v1/customers/c1': () => jsonResponse(tanaka),
    });
    renderApp('/orders/o1');

    expect(await screen.findByRole('heading', { level: 1, name: 'Order SC-1001' })).toBeInTheDocument();
    expect(screen.getByText('Total in USD').nextElementSibling).toHaveTextContent('Rate pending');
    expect(screen.getByText(/No exchange rate for KWD is known yet/)).toBeInTheDocument();
    expect(screen.queryByText(/At the exchange rate of/)).not.toBeInTheDocument();
    expect(screen.getByText('Duties').nextElementSibling).toHaveTextContent('0.500');
    expect(screen.getByText('Tips').nextElementSibling).toHaveTextContent('0.250');
  });

  it('shows items, totals in the order currency and USD, shipping and the customer', async () => {
    mockApi({
      'GET /api/v1/orders/o1': () => jsonResponse(order()),
      'GET /api/v1/customers/c1': () => jsonResponse(tanaka),
    });
    renderApp('/orders/o1');

    expect(await screen.findByRole('heading', { level: 1, name: 'Order SC-1001' })).toBeInTheDocument();
    const items = screen.getByRole('table', { name: 'Items' });
    expect(within(items).getByRole('row', { name: /Sencha/ })).toHaveTextContent(/Sencha.*TEA-1.*2.*¥1,500.*¥3,000/);
    expect(screen.getByText('Total').nextElementSibling).toHaveTextContent('¥3,600');
    expect(screen.getByText('Total in USD').nextElementSibling).toHaveTextContent('$23.17');
    expect(screen.getByText('At the exchange rate of Mar 1, 2025')).toBeInTheDocument();
    expect(screen.getByText('1-2-3 Ginza')).toBeInTheDocument();
    const tracking = screen.getByRole('link', { name: /YT123/ });
    expect(tracking).toHaveAttribute('href', 'https://track.example.com/YT123');
    expect(tracking).toHaveAttribute('target', '_blank');
    expect(tracking).toHaveAttribute('rel', expect.stringContaining('noopener'));
    expect(await screen.findByRole('link', { name: 'Hiroshi Tanaka' })).toHaveAttribute('href', '/customers/c1');
  });

  it('offers only the allowed next statuses and shows a 409 detail', async () => {
    const { requests } = mockApi({
      'GET /api/v1/orders/o1': () => jsonResponse(order()),
      'GET /api/v1/customers/c1': () => jsonResponse(tanaka),
      'POST /api/v1/orders/o1/status': () =>
        problemResponse({ status: 409, title: 'Conflict', detail: 'The order changed meanwhile; reload it.', errors: { status: ['The order changed meanwhile; reload it.'] } }),
    });
    const user = userEvent.setup();
    renderApp('/orders/o1');

    await user.click(await screen.findByRole('button', { name: 'Mark as Processing' }));
    expect(screen.getByRole('button', { name: 'Mark as Cancelled' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mark as Shipped' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mark as Delivered' })).not.toBeInTheDocument();

    expect(await screen.findByRole('alert')).toHaveTextContent('The order changed meanwhile; reload it.');
    const post = requests.find((request) => request.method === 'POST');
    expect(await post?.json()).toEqual({ status: 'processing' });
  });

  it('maps refund errors from the server onto the fields', async () => {
    const { requests } = mockApi({
      'GET /api/v1/orders/o1': () => jsonResponse(order({ status: 'delivered', next_statuses: ['refunded'] })),
      'GET /api/v1/customers/c1': () => jsonResponse(tanaka),
      'POST /api/v1/orders/o1/refunds': () =>
        problemResponse({ status: 400, title: 'Invalid input', errors: { amount: ['At most 3600 JPY is left to refund.'] } }),
    });
    const user = userEvent.setup();
    renderApp('/orders/o1');

    const amount = await screen.findByLabelText(/Amount \(JPY\)/);
    expect(amount).toHaveAccessibleDescription('Up to ¥3,600 can still be refunded.');
    await user.type(amount, '99999');
    await user.type(screen.getByLabelText('Reason'), 'Broken');
    await user.click(screen.getByLabelText('The goods came back (a return)'));
    await user.click(screen.getByRole('button', { name: 'Record refund' }));

    await waitFor(() => expect(amount).toHaveAccessibleDescription('At most 3600 JPY is left to refund.'));
    expect(amount).toHaveAttribute('aria-invalid', 'true');
    expect(amount).toHaveFocus();
    const post = requests.find((request) => request.method === 'POST');
    expect(await post?.json()).toEqual({ amount: 99999, reason: 'Broken', is_return: true });
  });

  it('checks the amount before sending', async () => {
    const { requests } = mockApi({
      'GET /api/v1/orders/o1': () => jsonResponse(order({ status: 'shipped', next_statuses: ['delivered', 'refunded'] })),
      'GET /api/v1/customers/c1': () => jsonResponse(tanaka),
    });
    const user = userEvent.setup();
    renderApp('/orders/o1');

    await user.type(await screen.findByLabelText(/Amount/), '-5');
    await user.click(screen.getByRole('button', { name: 'Record refund' }));
    expect(await screen.findByText('Enter an amount greater than zero.')).toBeInTheDocument();
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
  });

  it('never links a tracking URL that is not a web address', async () => {
    mockApi({
      'GET /api/v1/orders/o1': () => jsonResponse(order({ tracking_url: 'javascript:alert(1)' })),
      'GET /api/v1/customers/c1': () => jsonResponse(tanaka),
    });
    renderApp('/orders/o1');
    expect(await screen.findByText('YT123')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /YT123/ })).not.toBeInTheDocument();
  });
});
