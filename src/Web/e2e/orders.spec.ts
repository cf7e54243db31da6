import {
  createCustomerThroughApi,
  createOrderThroughApi,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  uniqueToken,
} from './support';

test('move an order along through the UI; illegal moves are not offered', async ({ page, request }) => {
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Kenji',
    last_name: 'Status',
    email: uniqueEmail('e2e-status'),
    country_code: 'JP',
  });
  const order = await createOrderThroughApi(request, {
    customer_id: customer.id,
    order_number: uniqueToken('ST-'),
    currency: 'JPY',
    items: [{ product_id: 'tea', product_name: 'Gyokuro', quantity: 3, unit_price: 1800 }],
  });

  await page.goto(`/orders/${order.id}`);
  const status = page.getByRole('region', { name: 'Status' });
  await expect(status).toContainText('Status now: Pending');
  // Pending → processing or cancelled only.
  await expect(status.getByRole('button', { name: 'Mark as Processing' })).toBeVisible();
  await expect(status.getByRole('button', { name: 'Mark as Cancelled' })).toBeVisible();
  await expect(status.getByRole('button', { name: 'Mark as Shipped' })).toHaveCount(0);
  await expect(status.getByRole('button', { name: 'Mark as Delivered' })).toHaveCount(0);
  await expect(page.getByText('Total', { exact: true }).locator('..')).toContainText('¥5,400');

  await status.getByRole('button', { name: 'Mark as Processing' }).click();
  await expect(status).toContainText('Status now: Processing');
  await expect(status.getByRole('button', { name: 'Mark as Shipped' })).toBeVisible();
  await expect(status.getByRole('button', { name: 'Mark as Processing' })).toHaveCount(0);
  await expect(status.getByRole('button', { name: 'Mark as Pending' })).toHaveCount(0);

  // The server refuses a move the page no longer offers (the order changed elsewhere): its detail is shown.
  const elsewhere = await request.post(`/api/v1/orders/${order.id}/status`, { data: { status: 'cancelled' } });
  expect(elsewhere.status()).toBe(200);
  await status.getByRole('button', { name: 'Mark as Shipped' }).click();
  await expect(status.getByRole('alert')).toContainText('cannot go from cancelled to shipped');
});

test('orders list: search by number, filter by status, open an order; no serious accessibility violations', async ({ page, request }) => {
  test.slow(); // four axe scans
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Amélie',
    last_name: 'Orders',
    email: uniqueEmail('e2e-orders'),
    country_code: 'FR',
  });
  const number = uniqueToken('OL-');
  const order = await createOrderThroughApi(request, {
    customer_id: customer.id,
    order_number: number,
    currency: 'EUR',
    shipping_country: 'FR',
    carrier: 'Colissimo',
    tracking_number: 'CP123456789FR',
    tracking_url: 'https://www.laposte.fr/outils/suivre-vos-envois?code=CP123456789FR',
    shipping_address: { name: 'Amélie Orders', line1: '3 rue de la Paix', postal_code: '75002', city: 'Paris' },
  });

  await page.goto('/orders');
  await expect(page.getByRole('heading', { level: 1, name: 'Orders' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Orders by status' })).toContainText('Pending');
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expectNoSeriousA11yViolations(page, 'orders list');

  await page.getByRole('searchbox', { name: 'Search orders by number' }).fill(number);
  await expect(page).toHaveURL(new RegExp(`q=${number}`));
  const table = page.getByRole('table', { name: 'Orders' });
  await expect(table.getByRole('row')).toHaveCount(2);
  const row = table.getByRole('row').filter({ hasText: number });
  await expect(row).toContainText('Amélie Orders');
  await expect(row).toContainText('Pending');
  await expect(row).toContainText('€25.00');

  // The status pills filter the list and keep it in the URL.
  await page.getByRole('button', { name: /^Shipped/ }).click();
  await expect(page).toHaveURL(/status=shipped/);
  await expect(page.getByRole('heading', { name: 'No matching orders' })).toBeVisible();
  await page.getByRole('button', { name: /^Shipped/ }).click();
  await expect(row).toBeVisible();

  await row.getByRole('link', { name: number }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Order ${number}` })).toBeVisible();
  const tracking = page.getByRole('link', { name: /CP123456789FR/ });
  await expect(tracking).toHaveAttribute('target', '_blank');
  await expect(tracking).toHaveAttribute('rel', /noopener/);
  await expect(page.getByText('3 rue de la Paix')).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'order detail');

  // A refund is refused while pending; the server's detail shows.
  await page.getByRole('region', { name: 'Status' }).getByRole('button', { name: 'Mark as Processing' }).click();
  await page.getByLabel(/Amount \(EUR\)/).fill('999');
  await page.getByRole('button', { name: 'Record refund' }).click();
  await expect(page.getByLabel(/Amount \(EUR\)/)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/left to refund/)).toBeVisible();
  await page.getByLabel(/Amount \(EUR\)/).fill('5');
  await page.getByLabel('Reason').fill('Late delivery');
  await page.getByRole('button', { name: 'Record refund' }).click();
  await expect(page.getByText('Refund recorded.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Refunds' })).toContainText('Late delivery');
  await expectNoSeriousA11yViolations(page, 'order detail after a refund');
  expect(order.id).toBeTruthy();
});
