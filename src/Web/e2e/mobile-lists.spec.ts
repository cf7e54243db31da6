import type { Page } from '@playwright/test';
import { createCustomerThroughApi, createOrderThroughApi, expect, test, uniqueEmail, uniqueToken } from './support';

/** Nothing sticks out sideways: the page does not scroll horizontally. */
async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, 'page width').toBeLessThanOrEqual(innerWidth);
}

/** The element lies wholly inside the viewport's width (not cut off at the right edge). */
async function expectWhollyInView(page: Page, locator: ReturnType<Page['locator']>) {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x, 'left edge').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'right edge').toBeLessThanOrEqual(width);
}

async function seed(request: Parameters<typeof createCustomerThroughApi>[0]) {
  const lastName = uniqueToken('Phone');
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Hana',
    last_name: lastName,
    email: uniqueEmail('e2e-phone-lists'),
    country_code: 'JP',
    language: 'ja',
    currency: 'JPY',
    phone: '+81312345678',
  });
  const number = uniqueToken('PH-');
  await createOrderThroughApi(request, {
    customer_id: customer.id,
    order_number: number,
    currency: 'JPY',
    items: [{ product_id: 'tea', product_name: 'Gyokuro', quantity: 2, unit_price: 1800 }],
  });
  const subject = uniqueToken('Call about the tea ');
  const activity = await request.post('/api/v1/activities', { data: { customer_id: customer.id, type: 'call', subject } });
  expect(activity.status(), await activity.text()).toBe(201);
  return { customer, lastName, number, subject };
}

test.describe('on a phone (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('customer, order and activity lists are cards with nothing cut off', async ({ page, request }) => {
    const { lastName, number, subject } = await seed(request);

    await page.goto(`/customers?q=${lastName}`);
    const customerCard = page.getByRole('row').filter({ hasText: lastName });
    // Family name first for a Japanese customer; the status in full, the lifetime value on screen.
    await expectWhollyInView(page, customerCard.getByRole('link', { name: `${lastName} Hana` }));
    await expectWhollyInView(page, customerCard.getByText('Active', { exact: true }));
    await expectWhollyInView(page, customerCard.locator('td[data-label="Lifetime value"]'));
    await expect(customerCard.locator('td[data-label="Lifetime value"]')).toContainText('$');
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: 'test-results/screenshots/customers-390.png', fullPage: true });

    await page.goto(`/orders?q=${number}`);
    const orderCard = page.getByRole('row').filter({ hasText: number });
    await expectWhollyInView(page, orderCard.getByRole('link', { name: number }));
    // The status once, not twice.
    await expect(orderCard.getByText('Pending', { exact: true })).toHaveCount(1);
    await expectWhollyInView(page, orderCard.getByText('Pending', { exact: true }));
    await expectWhollyInView(page, orderCard.getByText('¥3,600'));
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: 'test-results/screenshots/orders-390.png', fullPage: true });

    await page.goto('/activities');
    const activityCard = page.getByRole('row').filter({ hasText: subject });
    await expectWhollyInView(page, activityCard.getByText(subject));
    await expectWhollyInView(page, activityCard.getByRole('link', { name: `${lastName} Hana` }));
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: 'test-results/screenshots/activities-390.png', fullPage: true });
  });

  test('the new order form fits the phone', async ({ page }) => {
    await page.goto('/orders/new');
    await expect(page.getByRole('heading', { level: 1, name: 'New order' })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Matching customers' }).getByRole('button').first()).toBeVisible();
    await expectWhollyInView(page, page.getByLabel('Find customer'));
    await expectWhollyInView(page, page.getByLabel('Unit price'));
    await expectNoHorizontalOverflow(page);
    await page.screenshot({ path: 'test-results/screenshots/new-order-390.png', fullPage: true });
  });
});

test('on a desktop the lists stay tables, with the phone formatted', async ({ page, request }) => {
  const { customer, lastName, number } = await seed(request);
  await page.goto(`/customers?q=${lastName}`);
  await expect(page.getByRole('columnheader', { name: 'Status' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: lastName })).toContainText('Active');
  await expectNoHorizontalOverflow(page);
  await page.screenshot({ path: 'test-results/screenshots/customers-desktop.png' });

  await page.goto(`/orders?q=${number}`);
  await expect(page.getByRole('columnheader', { name: 'Customer' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: number })).toContainText(`${lastName} Hana`);
  await page.screenshot({ path: 'test-results/screenshots/orders-desktop.png' });

  await page.goto(`/customers/${customer.id}`);
  // National format for a number of the customer's own country.
  await expect(page.getByRole('complementary', { name: 'Profile' })).toContainText('03-1234-5678');
  await page.screenshot({ path: 'test-results/screenshots/customer-desktop.png' });
});
