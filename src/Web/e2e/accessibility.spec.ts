import { expect, expectNoSeriousA11yViolations, test } from './support';

const pages = [
  { path: '/dashboard', heading: 'Dashboard' },
  { path: '/customers', heading: 'Customers' },
  { path: '/orders/new', heading: 'New order' },
  { path: '/customers/new', heading: 'New customer' },
  { path: '/customers/import', heading: 'Import customers' },
  { path: '/orders', heading: 'Orders' },
  { path: '/activities', heading: 'Activities' },
  { path: '/analytics', heading: 'Analytics' },
  { path: '/settings', heading: 'Settings' },
  { path: '/settings/profile', heading: 'Profile' },
  { path: '/settings/team', heading: 'Team' },
  { path: '/settings/api-keys', heading: 'API keys' },
  { path: '/settings/audit', heading: 'Audit log' },
];

for (const { path, heading } of pages) {
  test(`no serious accessibility violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    // Wait until data-driven content has replaced the loading indicator.
    await expect(page.getByText('Loading…')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page, path);
  });
}

test('no serious accessibility violations in German and Chinese', async ({ page }) => {
  await page.goto('/customers/new');
  // Each step picks the switcher by its label in the language that is showing at that moment.
  for (const { switcher, language } of [
    { switcher: 'Display language', language: 'de' },
    { switcher: 'Anzeigesprache', language: 'zh' },
  ]) {
    await page.getByRole('combobox', { name: switcher }).selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expectNoSeriousA11yViolations(page, `/customers/new (${language})`);
  }
});

test('the form can be reached and submitted with the keyboard alone', async ({ page }) => {
  await page.goto('/customers/new');
  await expect(page.getByLabel('First name')).toBeVisible();

  // Skip link first, then into the page.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
  await page.keyboard.press('Enter');

  await page.getByLabel('First name').focus();
  await page.keyboard.press('Enter'); // submits the form from a text field
  await expect(page.getByLabel('First name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('First name')).toBeFocused();
});
