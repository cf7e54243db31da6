import type { APIRequestContext, Page } from '@playwright/test';
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

// Each test creates its data through the API, scans pages with axe and waits for a reminder: more than the default 30 s.
test.describe.configure({ timeout: 60_000 });

/** Screenshots for reviewing the pages (Playwright's outputDir, so a run starts with a clean folder). */
const ARTIFACTS = 'test-results/artifacts';
const HOUR = 60 * 60 * 1000;

interface CreatedActivity {
  id: string;
  subject: string;
}

async function createActivity(request: APIRequestContext, data: Record<string, unknown>): Promise<CreatedActivity> {
  const response = await request.post('/api/v1/activities', { data });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as CreatedActivity;
}

/**
 * A customer with a note, a task of the admin's that is an hour overdue and one due tomorrow (tasks
 * are the creator's own unless they name someone else, and the API's `request` is the admin's).
 */
async function customerWithActivities(request: APIRequestContext) {
  const token = uniqueToken();
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Tess',
    last_name: `Tasker ${token}`,
    email: uniqueEmail('activities'),
    country_code: 'DE',
  });
  const note = await createActivity(request, { customer_id: customer.id, type: 'note', subject: `Prefers email ${token}` });
  const overdue = await createActivity(request, {
    customer_id: customer.id,
    type: 'task',
    subject: `Call back ${token}`,
    due_at: new Date(Date.now() - HOUR).toISOString(),
  });
  const tomorrow = await createActivity(request, {
    customer_id: customer.id,
    type: 'task',
    subject: `Send the quote ${token}`,
    due_at: new Date(Date.now() + 24 * HOUR).toISOString(),
  });
  return { token, customer, note, overdue, tomorrow };
}

/** The unread count the (visible) bell announces in its name: "Notifications (3 unread)". */
async function unreadCount(page: Page): Promise<number> {
  const text = await page.getByRole('button', { name: /^Notifications/ }).evaluate((button) => button.textContent ?? '');
  const match = /\((\d+) unread\)/.exec(text);
  return match ? Number(match[1]) : 0;
}

test.describe('activities, my tasks and the notification bell', () => {
  const customers: TestCustomer[] = [];

  test.afterEach(async ({ request }) => {
    for (const customer of customers.splice(0)) await deleteCustomerThroughApi(request, customer.id);
  });

  test('the activities page lists them, and a type filter narrows the list and survives a reload', async ({ page, request }) => {
    const { customer, note, overdue, tomorrow } = await customerWithActivities(request);
    customers.push(customer);

    // Arriving from a customer: only its activities.
    await page.goto(`/activities?customer_id=${customer.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Activities' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Activities' });
    await expect(table.getByRole('row')).toHaveCount(4);
    for (const activity of [note, overdue, tomorrow]) await expect(table.getByText(activity.subject, { exact: true })).toBeVisible();
    await expect(page.getByText(`Customer: Tess Tasker`)).toBeVisible();

    const overdueRow = table.getByRole('row').filter({ hasText: overdue.subject });
    await expect(overdueRow.getByRole('cell').nth(4)).toHaveText('Overdue');
    await expect(table.getByRole('row').filter({ hasText: tomorrow.subject }).getByRole('cell').nth(4)).toHaveText('Open');
    await expect(overdueRow.getByRole('button', { name: `Complete: ${overdue.subject}` })).toBeVisible();
    await expect(overdueRow.getByRole('link', { name: /^Tess Tasker/ })).toHaveAttribute('href', `/customers/${customer.id}`);
    await expect(overdueRow.getByText('Admin User', { exact: true })).toBeVisible();
    await expect(overdueRow.getByText('by Admin User')).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    await page.screenshot({ path: `${ARTIFACTS}/activities-desktop.png`, fullPage: true });
    await expectNoSeriousA11yViolations(page, '/activities');

    // Type: Task.
    await page.getByRole('button', { name: 'Type Any' }).click();
    await page.getByRole('checkbox', { name: 'Task', exact: true }).check();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/[?&]type=task(&|$)/);
    await expect(table.getByText(note.subject)).toHaveCount(0);
    await expect(table.getByRole('row')).toHaveCount(3);
    await expect(table.getByText(overdue.subject, { exact: true })).toBeVisible();
    await expect(table.getByText(tomorrow.subject, { exact: true })).toBeVisible();

    await page.reload();
    await expect(page).toHaveURL(/[?&]type=task(&|$)/);
    await expect(page.getByRole('button', { name: 'Type Task' })).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(3);
    await expect(table.getByText(note.subject)).toHaveCount(0);

    // Sorting by due date, soonest first: the overdue task leads.
    await page.getByRole('button', { name: 'Due' }).click();
    await expect(page).toHaveURL(/[?&]sort=due_at(&|$)/);
    await expect(table.getByRole('row').nth(1)).toContainText(overdue.subject);
  });

  test('my tasks shows an overdue task under Overdue, and completing it moves it to Completed', async ({ page, request }) => {
    const { customer, overdue, tomorrow } = await customerWithActivities(request);
    customers.push(customer);

    await page.goto('/customers');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My tasks' }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByRole('heading', { level: 1, name: 'My tasks' })).toBeVisible();

    const overdueGroup = page.getByRole('region', { name: /^Overdue/ });
    await expect(overdueGroup.getByText(overdue.subject)).toBeVisible();
    await expect(overdueGroup.getByRole('listitem').filter({ hasText: overdue.subject }).getByRole('link', { name: /^Tess Tasker/ })).toHaveAttribute(
      'href',
      `/customers/${customer.id}`,
    );
    await expect(page.getByRole('region', { name: /^Upcoming/ }).getByText(tomorrow.subject)).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0);
    await page.screenshot({ path: `${ARTIFACTS}/tasks-desktop.png`, fullPage: true });
    await expectNoSeriousA11yViolations(page, '/tasks');

    await page.getByRole('button', { name: `Complete “${overdue.subject}”` }).click();
    await expect(page.getByText(`Task “${overdue.subject}” completed.`)).toBeAttached();
    await expect(page.getByRole('tabpanel').getByText(overdue.subject)).toHaveCount(0);

    await page.getByRole('tab', { name: /^Completed/ }).click();
    await expect(page).toHaveURL(/\/tasks\?view=completed$/);
    await expect(page.getByRole('tabpanel').getByText(overdue.subject)).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/tasks-completed-desktop.png`, fullPage: true });

    // The server agrees: a reload still shows it as completed.
    await page.reload();
    await expect(page.getByRole('tabpanel').getByText(overdue.subject)).toBeVisible();
    const status = await request.get(`/api/v1/activities/${overdue.id}`);
    expect(((await status.json()) as { status: string }).status).toBe('completed');
  });

  test('the bell counts a task falling due without a reload and lists it', async ({ page, request }) => {
    const token = uniqueToken();
    const customer = await createCustomerThroughApi(request, {
      first_name: 'Bella',
      last_name: `Bell ${token}`,
      email: uniqueEmail('bell'),
      country_code: 'FR',
    });
    customers.push(customer);

    const firstCount = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/v1/notifications');
    await page.goto('/customers');
    await firstCount;
    // Pushes arrive only over a live connection.
    await expect(page.getByText('Live updates on')).toBeVisible();
    const bell = page.getByRole('button', { name: /^Notifications/ });
    await expect(bell).toBeVisible();
    // Remember the count, and mark the page to prove later that it was not reloaded.
    const before = await unreadCount(page);
    await page.evaluate(() => ((window as unknown as { e2eNoReload: boolean }).e2eNoReload = true));

    const task = await createActivity(request, {
      customer_id: customer.id,
      type: 'task',
      subject: `Due now ${token}`,
      due_at: new Date(Date.now() + 2_000).toISOString(),
    });

    // Reminders fire at the due time; the push then raises the count.
    await expect.poll(() => unreadCount(page), { timeout: 20_000 }).toBeGreaterThan(before);
    await expect(page.getByRole('status').filter({ hasText: `New notification: Task due: ${task.subject}` })).toBeAttached();
    expect(await page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true);

    await bell.click();
    await expect(bell).toHaveAttribute('aria-expanded', 'true');
    const panel = page.getByRole('region', { name: 'Notifications' });
    await expect(panel).toBeFocused();
    const item = panel.getByRole('link', { name: new RegExp(`^Task due: ${task.subject}`) });
    await expect(item).toBeVisible();
    await expect(item).toHaveAttribute('href', `/customers/${customer.id}`);
    await page.screenshot({ path: `${ARTIFACTS}/bell-open-desktop.png` });
    await expectNoSeriousA11yViolations(page, 'the open notification panel');

    // Escape closes and gives focus back to the bell.
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    await expect(bell).toBeFocused();

    // Following it opens the customer and marks it read.
    await bell.click();
    await panel.getByRole('link', { name: `Task due: ${task.subject} (unread)` }).click();
    await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}$`));
    await expect(panel).toHaveCount(0);
    await bell.click();
    await expect(panel.getByRole('link', { name: `Task due: ${task.subject}`, exact: true })).toBeVisible();
    await page.keyboard.press('Escape');
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('activities, my tasks and the bell fit a 390 px screen', async ({ page, request }) => {
    const { customer, overdue } = await customerWithActivities(request);
    try {
      await page.goto(`/activities?customer_id=${customer.id}`);
      await expect(page.getByRole('table', { name: 'Activities' }).getByText(overdue.subject, { exact: true })).toBeVisible();
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await page.screenshot({ path: `${ARTIFACTS}/activities-mobile.png`, fullPage: true });
      await expectNoSeriousA11yViolations(page, '/activities on a phone');

      await page.goto('/tasks');
      await expect(page.getByRole('region', { name: /^Overdue/ }).getByText(overdue.subject)).toBeVisible();
      await page.screenshot({ path: `${ARTIFACTS}/tasks-mobile.png`, fullPage: true });
      await expectNoSeriousA11yViolations(page, '/tasks on a phone');

      const bell = page.getByRole('button', { name: /^Notifications/ });
      await bell.click();
      const panel = page.getByRole('region', { name: 'Notifications' });
      await expect(panel).toBeVisible();
      const box = await panel.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}/bell-open-mobile.png` });
      await expectNoSeriousA11yViolations(page, 'the open notification panel on a phone');
      await page.keyboard.press('Escape');
      await expect(panel).toHaveCount(0);
    } finally {
      await deleteCustomerThroughApi(request, customer.id);
    }
  });
});
