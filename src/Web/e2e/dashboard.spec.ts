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

test('the analytics page shows each report, the new ones included, and has no serious accessibility violations', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const SCREENSHOTS = join(testInfo.project.outputDir, 'analytics');
  await mkdir(SCREENSHOTS, { recursive: true });
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Rita',
    last_name: 'Report',
    email: uniqueEmail('e2e-analytics'),
    country_code: 'PT',
    region: 'Lisboa',
    currency: 'USD',
  });
  // A first order on the 1st of last month and another on the 1st of this month: a cohort with a return in month 1.
  const firstOfMonth = (monthsBack: number) => {
    const day = new Date();
    day.setUTCHours(12, 0, 0, 0);
    day.setUTCDate(1);
    day.setUTCMonth(day.getUTCMonth() - monthsBack);
    return day;
  };
  for (const monthsBack of [1, 0]) {
    await createOrderThroughApi(request, {
      customer_id: customer.id,
      order_number: uniqueToken('ANA-'),
      currency: 'USD',
      ordered_at: firstOfMonth(monthsBack).toISOString(),
      items: [{ product_id: 'cork-01', product_name: 'Cork notebook', quantity: 2, unit_price: 30 }],
    });
  }

  await page.goto('/analytics');
  await expect(page.getByRole('heading', { level: 1, name: 'Analytics' })).toBeVisible();
  await page.getByLabel('Time zone').selectOption('UTC');
  await page.getByLabel('From').fill(firstOfMonth(1).toISOString().slice(0, 10));
  await expect(page.getByText('Loading…')).toHaveCount(0);
  for (const title of ['Revenue by country', 'Customer acquisition', 'Geographic distribution', 'Lifetime value distribution', 'Cohort retention', 'Product performance']) {
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
  }

  // The cohort heatmap is a table with a row per first-order month; the product chart names the notebook.
  await expect(page.getByTestId('report-cohort-retention').getByRole('columnheader', { name: 'Month 1' })).toBeVisible();
  await expect(page.getByTestId('report-product-performance').getByText('Cork notebook').first()).toBeVisible();
  await expect(page.getByTestId('report-ltv-distribution').getByText(/^Median /)).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/analytics');
  await page.screenshot({ path: join(SCREENSHOTS, 'desktop.png'), fullPage: true });

  // Each chart keeps its table view and its CSV export.
  const products = page.getByTestId('report-product-performance');
  await products.getByRole('button', { name: 'Show as table' }).click();
  await expect(products.getByRole('cell', { name: 'Cork notebook' })).toBeVisible();
  const geography = page.getByTestId('report-geographic-distribution');
  await geography.getByRole('button', { name: 'Show as table' }).click();
  await expect(geography.getByRole('cell', { name: 'Lisboa' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV: Cohort retention' }).click();
  expect((await download).suggestedFilename()).toMatch(/^cohort-retention-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  await expectNoSeriousA11yViolations(page, '/analytics (tables)');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: true });
});
