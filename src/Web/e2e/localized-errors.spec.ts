import { createCustomerThroughApi, expect, test, uniqueEmail, uniqueToken } from './support';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('simplecrm.language', 'de'));
});

test('in German, the server’s validation errors are shown in German', async ({ page }) => {
  await page.goto('/customers/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Neuer Kunde' })).toBeVisible();
  await page.getByLabel('Vorname').fill('Anna');
  await page.getByLabel('Nachname').fill('Müller');
  await page.getByLabel('E-Mail').fill(uniqueEmail('e2e-de-errors'));
  await page.getByRole('combobox', { name: 'Land', exact: true }).selectOption('DE');
  // Only the server knows whether a phone number exists for the country.
  await page.getByLabel('Telefon').fill('12');
  await page.getByRole('button', { name: 'Kunde anlegen' }).click();

  await expect(page.getByText('Geben Sie eine gültige Telefonnummer für das Land des Kunden ein, oder +Ländervorwahl und Nummer.')).toBeVisible();
  await expect(page.getByLabel('Telefon')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/is not a valid phone number/)).toHaveCount(0);
  await expect(page).toHaveURL(/\/customers\/new$/);
});

test('in German, an order amount the currency does not allow is explained in German', async ({ page, request }) => {
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Jonas',
    last_name: uniqueToken('Betrag'),
    email: uniqueEmail('e2e-de-order'),
    country_code: 'DE',
    currency: 'EUR',
  });

  await page.goto(`/orders/new?customer=${customer.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Neue Bestellung' })).toBeVisible();
  await page.getByLabel('Bestellnummer').fill(uniqueToken('DE-'));
  await page.getByLabel('Produkt').fill('Leinenhemd');
  await page.getByLabel('Stückpreis').fill('12,345');
  await page.getByRole('button', { name: 'Bestellung anlegen' }).click();

  await expect(page.getByText('EUR erlaubt 2 Nachkommastellen.')).toBeVisible();
  await expect(page.getByLabel('Stückpreis')).toHaveAttribute('aria-invalid', 'true');
});

test('in German, date filters are written the German way', async ({ page }) => {
  await page.goto('/orders');
  await expect(page.getByRole('heading', { level: 1, name: 'Bestellungen' })).toBeVisible();
  const filtersButton = page.getByRole('button', { name: /Filter/ }).first();
  if ((await filtersButton.getAttribute('aria-expanded')) === 'false') await filtersButton.click();
  const from = page.getByLabel('Von');
  await expect(from).toHaveAttribute('placeholder', '31.12.2025');
  await from.fill('1.3.2025');
  await from.press('Enter');
  await expect(from).toHaveValue('01.03.2025');
  await expect(page).toHaveURL(/ordered_after=2025-03-01/);
  await page.screenshot({ path: 'test-results/screenshots/orders-filters-de.png' });
});
