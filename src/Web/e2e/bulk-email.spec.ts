import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
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

/** One customer of the send: their language and whether they consented to marketing email. */
interface Recipient extends TestCustomer {
  first_name: string;
  language: 'de' | 'en' | 'fr';
  consents: boolean;
}

const PEOPLE = [
  { first_name: 'Anke', language: 'de', consents: true, country_code: 'DE' },
  { first_name: 'Bruno', language: 'de', consents: false, country_code: 'AT' },
  { first_name: 'Emma', language: 'en', consents: true, country_code: 'GB' },
  // No French variant: the template's default language (English) answers.
  { first_name: 'Jules', language: 'fr', consents: true, country_code: 'FR' },
] as const;

/** The subject each language's variant renders for a first name. */
function subjectFor(recipient: Recipient, marker: string): string {
  return recipient.language === 'de' ? `Neuigkeiten für ${recipient.first_name} ${marker}` : `News for ${recipient.first_name} ${marker}`;
}

/** Four customers sharing a fresh tag (two German, one English, one French; Bruno without marketing consent) and a two-language template. */
async function seed(request: APIRequestContext) {
  const marker = uniqueToken('Bulk');
  const tag = marker.toLowerCase();
  const recipients: Recipient[] = [];
  for (const person of PEOPLE) {
    const customer = await createCustomerThroughApi(request, {
      first_name: person.first_name,
      last_name: marker,
      email: uniqueEmail(`e2e-bulkmail-${person.first_name.toLowerCase()}`),
      country_code: person.country_code,
      language: person.language,
      tags: [tag],
    });
    const consent = await request.post(`/api/v1/customers/${customer.id}/consents`, {
      data: { purpose: 'marketing_email', granted: person.consents, source: 'newsletter_form', text_version: '1' },
    });
    expect(consent.status(), await consent.text()).toBe(201);
    recipients.push({ ...customer, first_name: person.first_name, language: person.language, consents: person.consents });
  }
  const name = `Newsletter ${marker}`;
  const created = await request.post('/api/v1/templates', {
    data: {
      name,
      kind: 'email',
      default_language: 'en',
      variants: [
        {
          language: 'en',
          subject: `News for {{ customer.first_name }} ${marker}`,
          body_html: '<p>Hello {{ customer.first_name }}, here is our news.</p>',
          body_text: 'Hello {{ customer.first_name }}, here is our news.',
        },
        {
          language: 'de',
          subject: `Neuigkeiten für {{ customer.first_name }} ${marker}`,
          body_html: '<p>Hallo {{ customer.first_name }}, hier sind unsere Neuigkeiten.</p>',
          body_text: 'Hallo {{ customer.first_name }}, hier sind unsere Neuigkeiten.',
        },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const template = (await created.json()) as { id: string };
  return { marker, tag, recipients, template: { id: template.id, name } };
}

async function cleanUp(request: APIRequestContext, seeded: Awaited<ReturnType<typeof seed>> | undefined, segmentId?: string) {
  if (!seeded) return;
  if (segmentId) await request.delete(`/api/v1/segments/${segmentId}`);
  await request.delete(`/api/v1/templates/${seeded.template.id}`);
  for (const recipient of seeded.recipients) await deleteCustomerThroughApi(request, recipient.id);
}

/** The figure under a count's label in the progress view ("Sent" → "3"). */
function count(dialog: Locator, label: string): Locator {
  return dialog.locator('dl > div').filter({ has: dialog.page().locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
}

async function expectNoHorizontalScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways').toBe(true);
}

/**
 * Chooses the template and purpose in the open bulk dialog, sends, and follows the progress to its end, taking a
 * screenshot at each step (choose, count, progress, done). Returns the dialog.
 */
async function sendFromDialog(page: Page, options: { template: string; purpose: string; screenshots: string; prefix: string }): Promise<Locator> {
  const dialog = page.getByRole('dialog', { name: 'Email to these customers' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: /Template/ }).selectOption({ label: options.template });
  const purpose = dialog.getByRole('combobox', { name: /Purpose/ });
  await expect(purpose.getByRole('option')).toHaveText(['Transactional', 'Marketing', 'Service']);
  await purpose.selectOption({ label: options.purpose });
  await expect(purpose).toHaveAccessibleDescription(
    options.purpose === 'Marketing' ? /only to customers who consented to marketing email/ : /go to every customer, whatever their marketing consent/,
  );
  await expectNoSeriousA11yViolations(page, `bulk email dialog (${options.prefix})`);
  await page.screenshot({ path: join(options.screenshots, `${options.prefix}-1-choose.png`) });

  await dialog.getByRole('button', { name: 'Send to all' }).click();
  const bar = dialog.getByRole('progressbar', { name: 'Bulk send progress' });
  await expect(bar).toBeVisible();
  // The Send button is gone with the form: focus lands on the recipient count, not on the page behind.
  await expect(dialog.getByText(/^Recipients after consent:/)).toBeFocused();
  await page.screenshot({ path: join(options.screenshots, `${options.prefix}-2-count.png`) });
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: join(options.screenshots, `${options.prefix}-3-progress.png`) });
  await expect(dialog.getByText('All recipients handled.')).toBeVisible({ timeout: 60_000 });
  await expect(bar).toHaveAttribute('aria-valuenow', '100');
  await expectNoSeriousA11yViolations(page, `bulk email progress (${options.prefix})`);
  await page.screenshot({ path: join(options.screenshots, `${options.prefix}-4-done.png`) });
  return dialog;
}

/** The local mailbox's messages to one address. */
function mailsTo(page: Page, recipient: Recipient): Locator {
  return page.getByRole('region', { name: 'Sent messages' }).getByRole('button').filter({ hasText: recipient.email });
}

test('bulk marketing email to a filtered customer list: consent-checked count, progress, one mail per consenting customer in their language', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(240_000);
  const screenshots = join(testInfo.project.outputDir, 'bulk-email');
  await mkdir(screenshots, { recursive: true });
  const seeded = await seed(request);
  const { marker, tag, recipients, template } = seeded;
  const [anke, bruno, emma, jules] = recipients;
  try {
    await page.goto(`/customers?tag=${tag}`);
    await expect(page.getByText('Results: 4')).toBeVisible();
    await page.getByRole('button', { name: 'Send email to these customers' }).click();
    const send = page.waitForRequest((request) => request.url().endsWith('/api/v1/emails/bulk') && request.method() === 'POST');
    const dialog = await sendFromDialog(page, { template: template.name, purpose: 'Marketing', screenshots, prefix: 'desktop-list' });
    // The list's filter, not ids, went to the server.
    expect((await send).postDataJSON()).toMatchObject({ purpose: 'marketing', filter: `tag=${tag}` });

    // Bruno has not consented: three of the four get the mail, and the reason he was skipped is shown.
    await expect(dialog.getByText('Recipients after consent: 3 of 4 matched customers')).toBeVisible();
    await expect(count(dialog, 'Queued')).toHaveText('3');
    await expect(count(dialog, 'Sent')).toHaveText('3');
    await expect(count(dialog, 'Failed')).toHaveText('0');
    await expect(count(dialog, 'Skipped')).toHaveText('1');
    await expect(dialog.getByRole('region', { name: 'Why recipients were skipped' })).toHaveText(/No marketing consent: 1$/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    // The local mailbox: exactly one mail to each consenting customer, in their language (French falls back to English), none to Bruno.
    await page.goto('/settings/mailbox');
    await expect(page.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
    for (const recipient of [anke, emma, jules]) {
      await expect(mailsTo(page, recipient)).toHaveCount(1);
      await expect(mailsTo(page, recipient)).toContainText(subjectFor(recipient, marker));
      await expect(mailsTo(page, recipient)).toContainText('Marketing');
    }
    await expect(mailsTo(page, bruno)).toHaveCount(0);
    await mailsTo(page, anke).click();
    const message = page.getByRole('article', { name: subjectFor(anke, marker) });
    await expect(message.locator('pre')).toContainText('Hallo Anke, hier sind unsere Neuigkeiten.');
    await message.getByText('Headers').click();
    await expect(message.getByRole('definition').filter({ hasText: 'List-Unsubscribe=One-Click' })).toBeVisible();
    await page.screenshot({ path: join(screenshots, 'desktop-mailbox.png'), fullPage: true });

    // Anke's timeline shows the email activity.
    await page.goto(`/customers/${anke.id}`);
    await expect(page.getByRole('heading', { level: 1, name: `Anke ${marker}` })).toBeVisible();
    await expect(page.getByText(subjectFor(anke, marker)).first()).toBeVisible();
  } finally {
    await cleanUp(request, seeded);
  }
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('bulk service email from a segment’s page reaches every member, with or without marketing consent', async ({ page, request }, testInfo) => {
    test.setTimeout(240_000);
    const screenshots = join(testInfo.project.outputDir, 'bulk-email');
    await mkdir(screenshots, { recursive: true });
    const seeded = await seed(request);
    const { marker, recipients, template } = seeded;
    const bruno = recipients[1];
    let segmentId: string | undefined;
    try {
      const response = await request.post('/api/v1/segments', {
        data: { name: `Newsletter ${marker}`, kind: 'static', customer_ids: recipients.map((recipient) => recipient.id) },
      });
      expect(response.status(), await response.text()).toBe(201);
      segmentId = ((await response.json()) as { id: string }).id;

      await page.goto(`/segments/${segmentId}`);
      await expect(page.getByTestId('segment-member-count')).toHaveText('4 members');
      await page.getByRole('button', { name: 'Send email to these customers' }).click();
      await expectNoHorizontalScroll(page);
      const dialog = await sendFromDialog(page, { template: template.name, purpose: 'Service', screenshots, prefix: 'phone-segment' });
      await expectNoHorizontalScroll(page);

      // Service mail does not ask for marketing consent: all four are mailed, none skipped.
      await expect(dialog.getByText('Recipients after consent: 4 of 4 matched customers')).toBeVisible();
      await expect(count(dialog, 'Sent')).toHaveText('4');
      await expect(count(dialog, 'Skipped')).toHaveText('0');
      await expect(dialog.getByRole('region', { name: 'Why recipients were skipped' })).toHaveCount(0);
      await dialog.getByRole('button', { name: 'Close' }).click();

      // Bruno gets it too, in German, marked transactional.
      await page.goto('/settings/mailbox');
      await expect(mailsTo(page, bruno)).toHaveCount(1);
      await expect(mailsTo(page, bruno)).toContainText(subjectFor(bruno, marker));
      await expect(mailsTo(page, bruno)).toContainText('Transactional');
      await mailsTo(page, bruno).click();
      const message = page.getByRole('article', { name: subjectFor(bruno, marker) });
      // Under the list on a phone: the tap scrolls the message up into view.
      await expect(message).toBeInViewport({ ratio: 0.5 });
      await expect(message.locator('pre')).toContainText('Hallo Bruno');
      await expect(page.frameLocator('iframe').getByText('Hallo Bruno, hier sind unsere Neuigkeiten.')).toBeVisible();
      await expectNoHorizontalScroll(page);
      // What the tap shows: the message brought into view under the list.
      await page.screenshot({ path: join(screenshots, 'phone-mailbox.png') });

      // His Emails tab lists the conversation the send started.
      await page.goto(`/customers/${bruno.id}`);
      await page.getByRole('tab', { name: 'Emails' }).click();
      await expect(page.getByRole('tabpanel')).toContainText(subjectFor(bruno, marker));
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page, 'customer emails tab on a phone');
      await page.screenshot({ path: join(screenshots, 'phone-customer-emails.png'), fullPage: true });
    } finally {
      await cleanUp(request, seeded, segmentId);
    }
  });
});
