import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createCustomerThroughApi, deleteCustomerThroughApi, expect, expectNoSeriousA11yViolations, test, uniqueEmail, uniqueToken } from './support';

test('an email composed from a German customer’s page is sent in German, lands in the local mailbox and on the timeline', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(90_000);
  const SCREENSHOTS = join(testInfo.project.outputDir, 'email');
  await mkdir(SCREENSHOTS, { recursive: true });
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Greta',
    last_name: 'Gruber',
    email: uniqueEmail('e2e-mail'),
    country_code: 'DE',
    currency: 'EUR',
    language: 'de',
  });
  const name = `Welcome ${uniqueToken()}`;
  const created = await request.post('/api/v1/templates', {
    data: {
      name,
      kind: 'email',
      default_language: 'en',
      variants: [
        { language: 'en', subject: 'Welcome, {{ customer.first_name }}', body_html: '<p>Hello {{ customer.first_name }}</p>', body_text: 'Hello {{ customer.first_name }}' },
        { language: 'de', subject: 'Willkommen, {{ customer.first_name }}', body_html: '<p>Hallo {{ customer.first_name }}</p>', body_text: 'Hallo {{ customer.first_name }}' },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const template = (await created.json()) as { id: string };

  try {
    await page.goto(`/customers/${customer.id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Greta Gruber' })).toBeVisible();
    await page.getByRole('button', { name: 'Send email' }).click();
    const dialog = page.getByRole('dialog', { name: 'Email to Greta Gruber' });
    await dialog.getByRole('combobox', { name: 'Template' }).selectOption({ label: name });
    await expect(dialog.getByRole('region', { name: 'Preview' })).toContainText('Willkommen, Greta');
    await expectNoSeriousA11yViolations(page, 'compose email');
    await page.screenshot({ path: join(SCREENSHOTS, 'compose-desktop.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Email to Greta Gruber queued.' })).toBeVisible();

    // The dispatcher sends it and the email activity arrives on the open page's live timeline.
    await expect(page.getByText('Willkommen, Greta').first()).toBeVisible({ timeout: 30_000 });

    await page.goto('/settings/mailbox');
    await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'local mailbox');
    const sent = page.getByRole('region', { name: 'Sent messages' }).getByRole('button', { name: /Willkommen, Greta/ }).first();
    await sent.click();
    const message = page.getByRole('article', { name: 'Willkommen, Greta' });
    await expect(message).toContainText(customer.email);
    await expect(message.locator('pre')).toContainText('Hallo Greta');
    const frame = message.locator('iframe');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(page.frameLocator('iframe').getByText('Hallo Greta')).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'mailbox-desktop.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(message).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'mailbox-390.png'), fullPage: true });
    await page.goto(`/customers/${customer.id}`);
    await page.getByRole('button', { name: 'Send email' }).click();
    await page.screenshot({ path: join(SCREENSHOTS, 'compose-390.png'), fullPage: true });
  } finally {
    await request.delete(`/api/v1/templates/${template.id}`);
    await deleteCustomerThroughApi(request, customer.id);
  }
});
