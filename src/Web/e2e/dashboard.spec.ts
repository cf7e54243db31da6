import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createCustomerThroughApi,
  createOrderThroughApi,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  uniqueToken,
} from './support';

test('the dashboard map and bars move when an order is posted through the API', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const SCREENSHOTS = join(testInfo.project.outputDir, 'dashboard');
  await mkdir(SCREENSHOTS, { recursive: true });
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Maja',
    last_name: 'Map',
    email: uniqueEmail('e2e-dashboard'),
    country_code: 'IS',
    currency: 'USD',
  });

  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('Live updates on')).toBeVisible();
  const iceland = page.getByTestId('revenue-map').locator('path[data-country="IS"]');
  await expect(iceland).toHaveCount(1);
  const before = Number((await iceland.getAttribute('data-revenue')) ?? '0');

  await createOrderThroughApi(request, {
    customer_id: customer.id,
    order_number: uniqueToken('DASH-'),
    currency: 'USD',
    shipping_country: 'IS',
    items: [{ product_id: 'wool-01', product_name: 'Wool sweater', quantity: 1, unit_price: 250 }],
  });

  // No reload: the push moves the map's colour and the bar of Iceland.
  await expect(iceland).toHaveAttribute('data-revenue', (before + 250).toFixed(2), { timeout: 5_000 });
  await expect(page.getByTestId('revenue-bars').locator('li[data-country="IS"]')).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/dashboard');
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop.png'), fullPage: true });

  await page.getByRole('button', { name: 'Show as table' }).first().click();
  await expect(page.getByRole('cell', { name: /250/ }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/dashboard (table)');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: true });
});

test('the analytics page shows each report and has no serious accessibility violations', async ({ page }) => {
  await page.goto('/analytics');
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Revenue by country' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/analytics');
});
