import {
  createCustomerThroughApi,
  createOrderThroughApi,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  uniqueToken,
} from './support';

test('find a customer by an accent-free search, see its orders and open one', async ({ page, request }) => {
  const firstName = uniqueToken('Zoe');
  const email = uniqueEmail('e2e-muller');
  const customer = await createCustomerThroughApi(request, {
    first_name: firstName,
    last_name: 'Müller',
    email,
    country_code: 'DE',
    currency: 'EUR',
  });
  const orderNumber = uniqueToken('E2E-');
  await createOrderThroughApi(request, { customer_id: customer.id, order_number: orderNumber, currency: 'EUR' });

  await page.goto('/customers');
  await page.getByRole('searchbox', { name: 'Search customers' }).fill('muller');
  await expect(page).toHaveURL(/\?q=muller$/);
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: `${firstName} Müller` }).click();

  await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `${firstName} Müller` })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Profile' })).toContainText('Germany');
  // The page opens on the timeline; the figures are on the Overview tab.
  await page.getByRole('tab', { name: 'Overview' }).click();
  // The order counts: 2 × €12.50 in euros, and its USD value next to it.
  await expect(page.getByText('Lifetime value', { exact: true }).locator('..')).toContainText('€25.00');

  await page.getByRole('tab', { name: /Orders/ }).click();
  const orders = page.getByRole('table', { name: 'Orders of this customer, newest first' });
  await expect(orders.getByRole('row').filter({ hasText: orderNumber })).toContainText('Pending');
  await orders.getByRole('link', { name: orderNumber }).click();

  await expect(page.getByRole('heading', { level: 1, name: `Order ${orderNumber}` })).toBeVisible();
  await expect(page.getByRole('link', { name: `${firstName} Müller` })).toHaveAttribute('href', `/customers/${customer.id}`);
});

test('the customer page follows changes made elsewhere without a reload', async ({ page, request }) => {
  const email = uniqueEmail('e2e-live');
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Ingrid',
    last_name: 'Live',
    email,
    country_code: 'NO',
  });

  await page.goto(`/customers/${customer.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Ingrid Live' })).toBeVisible();
  // Pushes only reach a connected page.
  await expect(page.getByText('Live updates on')).toBeVisible();
  let reloaded = false;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) reloaded = true;
  });

  const response = await request.put(`/api/v1/customers/${customer.id}`, {
    data: { first_name: 'Ingrid', last_name: 'Updated', email, country_code: 'NO', status: 'vip', tags: ['pushed'] },
  });
  expect(response.status(), await response.text()).toBe(200);

  await expect(page.getByRole('heading', { level: 1, name: 'Ingrid Updated' })).toBeVisible();
  const profile = page.getByRole('complementary', { name: 'Profile' });
  await expect(profile).toContainText('VIP');
  await expect(profile.getByRole('button', { name: 'Remove tag pushed' })).toBeVisible();
  expect(reloaded).toBe(false);
});

test('no serious accessibility violations on the customer page and its tabs', async ({ page, request }) => {
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Axe',
    last_name: 'Detail',
    email: uniqueEmail('e2e-axe-detail'),
    country_code: 'JP',
    currency: 'JPY',
    tags: ['wholesale'],
  });
  await createOrderThroughApi(request, {
    customer_id: customer.id,
    order_number: uniqueToken('AXE-'),
    currency: 'JPY',
    items: [{ product_id: 'cup', product_name: 'Cup', quantity: 1, unit_price: 3200 }],
  });

  await page.goto(`/customers/${customer.id}`);
  // A customer in Japan: family name first.
  await expect(page.getByRole('heading', { level: 1, name: 'Detail Axe' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Timeline of this customer, newest first' })).toContainText('placed');
  await expectNoSeriousA11yViolations(page, 'customer detail (timeline)');

  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByText('Lifetime value', { exact: true }).locator('..')).toContainText('¥3,200');
  await expectNoSeriousA11yViolations(page, 'customer detail (overview)');

  await page.getByRole('tab', { name: /Orders/ }).click();
  await expect(page.getByRole('table', { name: 'Orders of this customer, newest first' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'customer detail (orders)');

  // Arrow keys move between tabs (from the last one, the emails, round to the first, the timeline).
  await page.getByRole('tab', { name: /Orders/ }).press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Emails' })).toBeFocused();
  await page.getByRole('tab', { name: 'Emails' }).press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Timeline' })).toBeFocused();
  await expect(page.getByRole('tabpanel')).toContainText('placed');
});
