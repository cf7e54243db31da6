import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createCustomerThroughApi, deleteCustomerThroughApi, expect, expectNoSeriousA11yViolations, test, uniqueEmail, uniqueToken } from './support';

test('a template written in English and German previews in German for a German customer', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const SCREENSHOTS = join(testInfo.project.outputDir, 'threads');
  await mkdir(SCREENSHOTS, { recursive: true });
  const last = `Vorschau${uniqueToken()}`;
  const customer = await createCustomerThroughApi(request, { first_name: 'Greta', last_name: last, email: uniqueEmail('e2e-tpl'), country_code: 'DE', currency: 'EUR', language: 'de' });
  const name = `Order news ${uniqueToken()}`;
  try {
    await page.goto('/settings/templates');
    await expect(page.getByRole('heading', { level: 1, name: 'Templates' })).toBeVisible();
    await page.getByRole('button', { name: 'New template' }).first().click();
    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('textbox', { name: 'Subject' }).fill('Your order, ');
    // The variable picker inserts at the caret of the field last focused.
    await page.getByRole('combobox', { name: 'Variable' }).selectOption('customer.first_name');
    await page.getByRole('button', { name: 'Insert variable' }).click();
    await expect(page.getByRole('textbox', { name: 'Subject' })).toHaveValue('Your order, {{ customer.first_name }}');
    await page.getByRole('textbox', { name: 'Plain-text body' }).fill('Hello');

    await page.getByRole('combobox', { name: 'Add a language' }).selectOption('de');
    await page.getByRole('button', { name: 'Add the language variant' }).click();
    await expect(page.getByRole('tab', { name: /German/ })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('textbox', { name: 'Subject' }).fill('Ihre Bestellung, {{ customer.first_name }}');
    await page.getByRole('textbox', { name: 'Plain-text body' }).fill('Hallo');
    await page.getByRole('button', { name: 'Save template' }).click();

    await expect(page.getByRole('heading', { level: 1, name: `Template: ${name}` })).toBeVisible();
    await page.getByRole('searchbox', { name: 'Find a customer' }).fill(last);
    await page.getByRole('combobox', { name: 'Preview for' }).selectOption({ label: `Greta ${last} (German)` });
    await expect(page.getByTestId('preview-subject')).toHaveText('Ihre Bestellung, Greta', { timeout: 20_000 });

    // An unclosed tag: the preview names the variant, field, line and reason.
    await page.getByRole('tab', { name: /German/ }).click();
    await page.getByRole('textbox', { name: 'Plain-text body' }).fill('Hallo\n{% if customer.first_name %}offen');
    await expect(page.getByRole('alert').filter({ hasText: 'German · Plain-text body: line 2' })).toBeVisible({ timeout: 20_000 });

    await expectNoSeriousA11yViolations(page, 'template editor');
    await page.screenshot({ path: join(SCREENSHOTS, 'template-editor-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'template-editor-390.png'), fullPage: true });
  } finally {
    const list = (await (await request.get('/api/v1/templates')).json()) as { items: { id: string; name: string }[] };
    for (const template of list.items.filter((item) => item.name === name)) await request.delete(`/api/v1/templates/${template.id}`);
    await deleteCustomerThroughApi(request, customer.id);
  }
});

test('a reply posted through SendGrid Inbound Parse shows in the customer’s conversation', async ({ page, request, playwright, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const SCREENSHOTS = join(testInfo.project.outputDir, 'threads');
  await mkdir(SCREENSHOTS, { recursive: true });
  const lastName = `Reply${uniqueToken()}`;
  const customer = await createCustomerThroughApi(request, { first_name: 'Rita', last_name: lastName, email: uniqueEmail('e2e-thread'), country_code: 'DE', currency: 'EUR', language: 'de' });
  try {
    const sent = await request.post(`/api/v1/customers/${customer.id}/emails`, { data: { subject: 'Lieferung', body_text: 'Ihre Bestellung ist unterwegs.', purpose: 'transactional' } });
    expect(sent.status(), await sent.text()).toBe(202);
    const message = (await sent.json()) as { id: string; message_id: string };
    await expect
      .poll(async () => (await request.get(`/api/v1/activities/${message.id}`)).status(), { timeout: 30_000 })
      .toBe(200);

    const address = (await (await request.post('/api/v1/mail-sync/inbound-address')).json()) as { url: string };
    const anonymous = await playwright.request.newContext({ baseURL });
    const posted = await anonymous.post(new URL(address.url).pathname, {
      multipart: {
        headers: `Message-ID: <e2e-${uniqueToken()}@mail.example.net>\nIn-Reply-To: <${message.message_id}>\nFrom: Rita <${customer.email}>\nSubject: AW: Lieferung\n`,
        from: `Rita <${customer.email}>`,
        to: 'support@shop.example',
        subject: 'AW: Lieferung',
        text: 'Danke, kam heute an.',
        envelope: JSON.stringify({ to: ['support@shop.example'], from: customer.email }),
      },
    });
    expect(posted.status(), await posted.text()).toBe(200);
    await anonymous.dispose();

    await page.goto(`/customers/${customer.id}?tab=emails`);
    const thread = page.getByRole('article', { name: 'Lieferung' });
    await expect(thread).toContainText('Ihre Bestellung ist unterwegs.');
    await expect(thread).toContainText('Danke, kam heute an.');
    await expect(thread.getByText('Received')).toBeVisible();
    await expectNoSeriousA11yViolations(page, 'email threads');
    await page.screenshot({ path: join(SCREENSHOTS, 'threads-desktop.png'), fullPage: true });

    await thread.getByRole('button', { name: 'Reply' }).click();
    const dialog = page.getByRole('dialog', { name: `Email to Rita ${lastName}` });
    await expect(dialog.getByRole('textbox', { name: 'Subject' })).toHaveValue('Re: Lieferung');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(thread).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'threads-390.png'), fullPage: true });
  } finally {
    await deleteCustomerThroughApi(request, customer.id);
  }
});
