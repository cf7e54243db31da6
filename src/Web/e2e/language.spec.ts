import { expect, test } from './support';

test('switch the UI to German and back to English', async ({ page }) => {
  await page.goto('/customers');
  const navigation = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(navigation.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByRole('combobox', { name: 'Display language' }).selectOption('de');

  const germanNavigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
  for (const label of ['Übersicht', 'Kunden', 'Bestellungen', 'Aktivitäten', 'Analysen', 'Einstellungen']) {
    await expect(germanNavigation.getByRole('link', { name: label })).toBeVisible();
  }
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');

  // The choice survives a reload, and pages follow it.
  await page.reload();
  await germanNavigation.getByRole('link', { name: 'Kunden' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kunden' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Neuer Kunde' }).first()).toBeVisible();

  await page.getByRole('combobox', { name: 'Anzeigesprache' }).selectOption('en');
  await expect(navigation.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('Spanish names countries in Spanish on the customer form', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('simplecrm.language', 'es'));
  await page.goto('/customers/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Nuevo cliente' })).toBeVisible();
  await expect(page.getByLabel('País').locator('option[value="DE"]')).toHaveText('Alemania');
});
