import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createCustomerThroughApi,
  createTeamMemberThroughApi,
  deleteCustomerThroughApi,
  expect,
  expectNoSeriousA11yViolations,
  openSignedInPage,
  test,
  uniqueEmail,
  uniqueToken,
} from './support';


test('a note typed and saved by one user shows on another user’s open customer page without a reload', async ({
  page,
  request,
  browser,
  playwright,
  baseURL,
}, testInfo) => {
  test.setTimeout(90_000);
  // Screenshots for a person to look at: test-results/artifacts/live-timeline/ (Playwright's outputDir, emptied at
  // the start of each run).
  const SCREENSHOTS = join(testInfo.project.outputDir, 'live-timeline');
  await mkdir(SCREENSHOTS, { recursive: true });
  const anonymous = await playwright.request.newContext({ baseURL });
  // User A is the admin (`page`); user B a manager invited for this test.
  const bea = await createTeamMemberThroughApi(request, anonymous, { first_name: 'Bea', last_name: 'Navarro', role: 'manager' });
  const beaName = `${bea.first_name} ${bea.last_name}`;
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Tilda',
    last_name: 'Timeline',
    email: uniqueEmail('e2e-timeline'),
    country_code: 'SE',
    currency: 'SEK',
  });
  const { context: contextB, page: pageB } = await openSignedInPage(browser, anonymous, baseURL, bea);
  const subject = `Met at the trade fair ${uniqueToken()}`;

  try {
    await test.step('both open the customer; each sees the other viewing', async () => {
      for (const current of [page, pageB]) {
        await current.goto(`/customers/${customer.id}`);
        await expect(current.getByRole('heading', { level: 1, name: 'Tilda Timeline' })).toBeVisible();
        await expect(current.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
        // Pushes only reach a connected page.
        await expect(current.getByText('Live updates on')).toBeVisible();
      }
      await expect(page.getByRole('img', { name: `${beaName} is viewing` })).toBeVisible();
      await expect(pageB.getByRole('list', { name: 'Also viewing this customer' }).getByRole('img', { name: / is viewing$/ })).toHaveCount(1);
      // Nobody sees themselves.
      await expect(pageB.getByRole('img', { name: new RegExp(beaName) })).toHaveCount(0);
    });

    let reloaded = false;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloaded = true;
    });

    const dialogB = pageB.getByRole('dialog', { name: 'Log activity' });
    await test.step('B starts typing a note: A sees it', async () => {
      await pageB.getByRole('button', { name: 'Log activity' }).first().click();
      await expect(dialogB.getByRole('radio', { name: 'Note' })).toBeChecked();
      await dialogB.getByRole('textbox', { name: 'Subject' }).pressSequentially(subject.slice(0, 12), { delay: 30 });
      await expect(page.getByRole('status').filter({ hasText: `${beaName} is typing a note…` })).toBeVisible();
      await expect(page.getByRole('img', { name: `${beaName} is typing a note…` })).toBeVisible();
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: `${SCREENSHOTS}/user-a-sees-b-typing.png` });
      await dialogB.getByRole('textbox', { name: 'Subject' }).fill(subject);
      await dialogB.getByRole('textbox', { name: 'Description' }).fill('Wants samples of the spring range.\nCall back next week.');
      await expectNoSeriousA11yViolations(pageB, 'the activity composer dialog');
      await pageB.setViewportSize({ width: 1280, height: 900 });
      await pageB.screenshot({ path: `${SCREENSHOTS}/user-b-composer.png` });
    });

    await test.step('B saves: the note appears on A’s page', async () => {
      // Watched inside A's page, so the time is not rounded up to an expect() polling step.
      const appeared = page.waitForFunction(
        (text) => (Array.from(document.querySelectorAll('li')).some((item) => item.textContent?.includes(text)) ? Date.now() : 0),
        subject,
        { polling: 10, timeout: 10_000 },
      );
      const posted = pageB.waitForResponse(
        (response) => response.request().method() === 'POST' && response.url().endsWith(`/customers/${customer.id}/activities`),
      );
      const clickedAt = Date.now();
      await dialogB.getByRole('button', { name: 'Save' }).click();
      const postAnsweredAt = await posted.then((response) => {
        expect(response.status()).toBe(201);
        return Date.now();
      });
      const appearedAt = (await (await appeared).jsonValue()) as number;
      console.log(
        `Live timeline: B clicked Save → note visible on A's page after ${appearedAt - clickedAt} ms ` +
          `(POST answered after ${postAnsweredAt - clickedAt} ms, as B's page saw it)`,
      );

      const entry = page.getByRole('listitem').filter({ hasText: subject });
      await expect(entry).toBeVisible();
      await expect(entry).toContainText('Note added');
      await expect(entry).toContainText(`by ${beaName}`);
      await expect(entry).toContainText('Wants samples of the spring range.');
      await expect(entry).toContainText('New');
      await expect(dialogB).toBeHidden();
      // Saving ends the typing; B is still there.
      await expect(page.getByRole('status').filter({ hasText: 'is typing' })).toHaveCount(0);
      await expect(page.getByRole('img', { name: `${beaName} is viewing` })).toBeVisible();
      await expect(pageB.getByRole('listitem').filter({ hasText: subject })).toContainText('by you');
      expect(reloaded).toBe(false);
    });

    await test.step('the page with the timeline and presence passes axe; screenshots', async () => {
      await expectNoSeriousA11yViolations(page, 'the customer page with its timeline');
      await page.screenshot({ path: `${SCREENSHOTS}/user-a-timeline.png` });
      await pageB.screenshot({ path: `${SCREENSHOTS}/user-b-timeline.png` });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: `${SCREENSHOTS}/user-a-timeline-mobile.png`, fullPage: true });
      await pageB.setViewportSize({ width: 390, height: 844 });
      await pageB.getByRole('button', { name: 'Log activity' }).first().click();
      await dialogB.getByRole('radio', { name: 'Task' }).check();
      await expect(dialogB.getByLabel(/^Due/)).toBeVisible();
      await pageB.screenshot({ path: `${SCREENSHOTS}/user-b-composer-task-mobile.png` });
      await dialogB.getByRole('button', { name: 'Cancel' }).click();
    });

    await test.step('B leaves: A no longer sees them', async () => {
      await pageB.goto('/customers');
      await expect(page.getByRole('img', { name: new RegExp(beaName) })).toHaveCount(0);
    });
  } finally {
    await contextB.close();
    await anonymous.dispose();
    await deleteCustomerThroughApi(request, customer.id);
  }
});
