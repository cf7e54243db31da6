import { expect, expectNoSeriousA11yViolations, test } from './support';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('on a phone the navigation sits behind the menu button', async ({ page }) => {
  await page.goto('/customers');
  const menuButton = page.getByRole('button', { name: 'Open menu' });
  await expect(menuButton).toBeVisible();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  // Only the brand link is there; the section links are hidden until the menu opens.
  await expect(page.getByRole('link', { name: 'Customers', exact: true })).toHaveCount(0);

  await menuButton.click();
  const closeButton = page.getByRole('button', { name: 'Close menu' });
  await expect(closeButton).toHaveAttribute('aria-expanded', 'true');
  const navigation = page.getByRole('navigation', { name: 'Main navigation' });
  for (const label of ['Dashboard', 'Customers', 'Orders', 'Activities', 'Analytics', 'Settings']) {
    await expect(navigation.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(page.getByRole('combobox', { name: 'Display language' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'phone menu');

  await navigation.getByRole('link', { name: 'Customers' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open menu' })).toHaveAttribute('aria-expanded', 'false');
  await expectNoSeriousA11yViolations(page, 'customers on a phone');
});

test('Escape closes the phone menu', async ({ page }) => {
  // The landing page itself: '/' redirects there, and a redirect after the click would close the menu first.
  await page.goto('/customers');
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await page.getByRole('button', { name: 'Open menu' }).click();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toHaveCount(0);
});
