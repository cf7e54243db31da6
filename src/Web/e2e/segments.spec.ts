import {
  createCustomerThroughApi,
  deleteCustomerThroughApi,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
  uniqueToken,
  type TestCustomer,
} from './support';

const ARTIFACTS = 'test-results/artifacts';

/** How many customers of the workspace live in a country, as the customer list counts them. */
async function customersIn(request: import('@playwright/test').APIRequestContext, country: string): Promise<number> {
  const response = await request.get(`/api/v1/customers?country=${country}&include_total=true&limit=1`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

test.describe('segments', () => {
  const created: TestCustomer[] = [];
  const segmentIds: string[] = [];

  test.afterAll(async ({ request }) => {
    for (const id of segmentIds) await request.delete(`/api/v1/segments/${id}`);
    for (const customer of created) await deleteCustomerThroughApi(request, customer.id);
  });

  test('a rule built in the page counts live, saves, and shows its members', async ({ page, request }) => {
    const marker = uniqueToken('Seg');
    for (const [first, country] of [['Greta', 'DE'], ['Jonas', 'DE'], ['Amélie', 'FR']] as const) {
      created.push(await createCustomerThroughApi(request, { first_name: first, last_name: marker, email: uniqueEmail('e2e-seg'), country_code: country }));
    }
    const inGermany = await customersIn(request, 'DE');
    const name = `Germany ${marker}`;

    await page.goto('/segments');
    await expect(page.getByRole('heading', { level: 1, name: 'Segments' })).toBeVisible();
    await page.getByRole('link', { name: 'New segment' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'New segment' })).toBeVisible();
    await page.getByLabel('Name').fill(name);

    // The first condition starts as "Country is one of …": pick Germany.
    const condition = page.getByRole('group', { name: 'Condition 1' });
    await expect(condition.getByLabel('Field')).toHaveValue('country_code');
    await expect(condition.getByLabel('Operator')).toHaveValue('in');
    await condition.getByRole('button', { name: /^Value/ }).click();
    await condition.getByRole('searchbox').fill('Germany');
    await condition.getByRole('checkbox', { name: 'Germany' }).check();
    await page.keyboard.press('Escape');

    const liveCount = page.getByTestId('segment-live-count');
    await expect(liveCount).toHaveText(`${inGermany.toLocaleString('en-US')} customers match now`);

    // A second condition with a bad value: the server's error shows next to that row, and the count waits for it.
    await page.getByRole('button', { name: 'Add condition' }).click();
    const second = page.getByRole('group', { name: 'Condition 2' });
    // Just added and still blank: unfinished, not yet an error.
    await expect(liveCount).toHaveText('Complete the conditions to see the count.');
    await expect(second).not.toContainText('Must be');
    await second.getByLabel('Field').selectOption('last_order_at');
    await expect(second.getByLabel('Operator')).toHaveValue('within_days');
    await second.getByLabel('Value (days)').fill('0');
    await expect(second).toContainText('Must be a number of days above 0');
    await expect(liveCount).toHaveText('Fix the marked conditions to see the count.');
    await expect(condition).not.toContainText('Must be');
    await page.screenshot({ path: `${ARTIFACTS}/segment-builder-error-desktop.png`, fullPage: true });
    await page.getByRole('button', { name: 'Remove condition 2' }).click();
    await expect(liveCount).toHaveText(`${inGermany.toLocaleString('en-US')} customers match now`);
    await expectNoSeriousA11yViolations(page, 'segment builder');
    await page.screenshot({ path: `${ARTIFACTS}/segment-builder-desktop.png`, fullPage: true });

    await page.getByRole('button', { name: 'Create segment' }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    segmentIds.push(page.url().split('/').pop()!);
    await expect(page.getByTestId('segment-member-count')).toHaveText(`${inGermany.toLocaleString('en-US')} members`);
    await expect(page.getByText('Country is one of Germany')).toBeVisible();
    const members = page.getByRole('list', { name: 'Members' });
    await expect(members.getByRole('link', { name: `Greta ${marker}` })).toBeVisible();
    await expect(members.getByRole('link', { name: `Jonas ${marker}` })).toBeVisible();
    await expect(members.getByRole('link', { name: `Amélie ${marker}` })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, 'segment page');
    await page.screenshot({ path: `${ARTIFACTS}/segment-page-desktop.png`, fullPage: true });

    // The customer list narrowed to the segment.
    await page.getByRole('link', { name: 'Open in customer list' }).click();
    await expect(page).toHaveURL(/\/customers\?segment=/);
    await expect(page.getByText('Only the members of the segment')).toBeVisible();
    await page.getByRole('searchbox').first().fill(marker);
    await expect(page.getByRole('link', { name: new RegExp(`Greta ${marker}`) }).first()).toBeVisible();
    await expect(page.getByRole('link', { name: new RegExp(`Amélie ${marker}`) })).toHaveCount(0);

    // The list of segments names it with its kind and count.
    await page.goto('/segments');
    const row = page.getByRole('list', { name: 'Segments' }).getByRole('listitem').filter({ hasText: name });
    await expect(row).toContainText('Dynamic');
    await expect(row).toContainText(`${inGermany.toLocaleString('en-US')} members`);
    await expectNoSeriousA11yViolations(page, 'segment list');
  });

  test.describe('on a phone', () => {
    test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

    test('the builder and a static segment fit a phone', async ({ page, request }) => {
      const marker = uniqueToken('Pick');
      const customer = await createCustomerThroughApi(request, { first_name: 'Noa', last_name: marker, email: uniqueEmail('e2e-seg'), country_code: 'NL' });
      created.push(customer);
      const response = await request.post('/api/v1/segments', { data: { name: `Picked ${marker}`, kind: 'static', customer_ids: [customer.id] } });
      expect(response.status(), await response.text()).toBe(201);
      const segment = (await response.json()) as { id: string };
      segmentIds.push(segment.id);

      await page.goto(`/segments/${segment.id}`);
      await expect(page.getByTestId('segment-member-count')).toHaveText('1 member');
      await expect(page.getByRole('link', { name: `Noa ${marker}` })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectNoSeriousA11yViolations(page, 'static segment on a phone');
      await page.screenshot({ path: `${ARTIFACTS}/segment-static-mobile.png`, fullPage: true });

      await page.getByRole('button', { name: `Remove Noa ${marker} from the segment` }).click();
      await expect(page.getByTestId('segment-member-count')).toHaveText('0 members');
      await expect(page.getByText('No members right now')).toBeVisible();

      await page.goto('/segments/new');
      await page.getByRole('button', { name: 'Add group' }).click();
      await expect(page.getByRole('group', { name: 'Condition 1' }).first()).toBeVisible();
      await expect(page.getByTestId('segment-live-count')).toHaveText('Complete the conditions to see the count.');
      await expect(page.getByText('Must be')).toHaveCount(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expectNoSeriousA11yViolations(page, 'segment builder on a phone');
      await page.screenshot({ path: `${ARTIFACTS}/segment-builder-mobile.png`, fullPage: true });
    });
  });
});
