import { createCustomerThroughApi, expect, test, uniqueEmail, uniqueToken } from './support';

test('create an order from the orders list: pick the customer, two items (one removed again), totals', async ({ page, request }) => {
  const lastName = uniqueToken('Buyer');
  await createCustomerThroughApi(request, {
    first_name: 'Greta',
    last_name: lastName,
    email: uniqueEmail('e2e-new-order'),
    country_code: 'DE',
    currency: 'EUR',
  });
  const number = uniqueToken('NO-');

  await page.goto('/orders');
  await page.getByRole('link', { name: 'New order' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New order' })).toBeVisible();

  await page.getByLabel('Find customer').fill(lastName);
  await page.getByRole('list', { name: 'Matching customers' }).getByRole('button', { name: new RegExp(`Greta ${lastName}`) }).click();
  await expect(page.getByRole('button', { name: 'Change customer' })).toBeVisible();
  // The customer's currency is taken over.
  await expect(page.getByLabel('Currency')).toHaveValue('EUR');

  await page.getByLabel('Order number').fill(number);
  await page.getByLabel('Status').selectOption('processing');
  await page.getByLabel('Product').fill('Linen shirt');
  await page.getByLabel('SKU').fill('LS-01');
  await page.getByLabel('Quantity').fill('2');
  await page.getByLabel('Unit price').fill('45,50');

  await page.getByRole('button', { name: 'Add item' }).click();
  await page.getByLabel('Product').nth(1).fill('Mistake');
  await page.getByRole('button', { name: 'Remove item 2' }).click();
  await expect(page.getByLabel('Product')).toHaveCount(1);

  await page.getByLabel('Shipping').fill('4.90');
  await page.getByLabel('Discount').fill('10');
  await page.getByRole('button', { name: 'Create order' }).click();

  // The new order opens.
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(number);
  await expect(page.getByRole('region', { name: 'Status' })).toContainText('Status now: Processing');
  await expect(page.getByText('Total', { exact: true }).locator('..')).toContainText('€85.90');
  await expect(page.getByText('Linen shirt')).toBeVisible();
});

test('create an order from a customer page; a server error shows on its field', async ({ page, request }) => {
  const customer = await createCustomerThroughApi(request, {
    first_name: 'Kenji',
    last_name: uniqueToken('Order'),
    email: uniqueEmail('e2e-customer-order'),
    country_code: 'JP',
    currency: 'JPY',
  });

  await page.goto(`/customers/${customer.id}`);
  await page.getByRole('link', { name: 'New order' }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/new\\?customer=${customer.id}$`));
  await expect(page.getByRole('button', { name: 'Change customer' })).toBeVisible();
  await expect(page.getByLabel('Currency')).toHaveValue('JPY');

  await page.getByLabel('Order number').fill(uniqueToken('CO-'));
  await page.getByLabel('Product').fill('Gyokuro');
  await page.getByLabel('Quantity').fill('3');
  // Yen have no decimals: the server refuses, and says so on the unit price.
  await page.getByLabel('Unit price').fill('1800.5');
  await page.getByRole('button', { name: 'Create order' }).click();
  await expect(page.getByText('JPY allows 0 decimal places.')).toBeVisible();
  await expect(page.getByLabel('Unit price')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Unit price').fill('1800');
  await page.getByRole('button', { name: 'Create order' }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Total', { exact: true }).locator('..')).toContainText('¥5,400');
  await page.getByRole('link', { name: 'Kenji' }).first().click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customer.id}`));
});

test('a new customer opens its own page', async ({ page }) => {
  const email = uniqueEmail('e2e-opens');
  await page.goto('/customers/new');
  await page.getByLabel('First name').fill('Péter');
  await page.getByLabel('Last name').fill('Nagy');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Country').selectOption('HU');
  await page.getByLabel('Phone').fill('+36 1 234 5678');
  await page.getByRole('button', { name: 'Create customer' }).click();

  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  // Hungarian order, no comma; the phone formatted for Hungary.
  await expect(page.getByRole('heading', { level: 1, name: 'Nagy Péter' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Profile' })).toContainText('(06 1) 234 5678');
});
