import {
  createCustomerThroughApi,
  deleteCustomerThroughApi,
  expect,
  expectNoSeriousA11yViolations,
  test,
  uniqueEmail,
} from './support';

test('create a customer, find it in the list and by search, then delete it', async ({ page }) => {
  const email = uniqueEmail('e2e-create');
  const lastName = `Playwright${Date.now()}`;

  await page.goto('/customers');
  await page.getByRole('link', { name: 'New customer' }).first().click();
  await expect(page).toHaveURL(/\/customers\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'New customer' })).toBeVisible();

  await page.getByLabel('First name').fill('Erika');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Phone').fill('+49 30 1234567');
  await page.getByLabel('Country').selectOption('DE');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('Currency').selectOption('EUR');
  await page.getByLabel('Status').selectOption('vip');
  await page.getByLabel('Tags').fill('e2e, wholesale');
  await page.getByRole('button', { name: 'Create customer' }).click();

  // The new customer's page opens, then back to the list: newest first, so the new customer is on the first page.
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Customer created.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: `Erika ${lastName}` })).toBeVisible();
  await page.getByRole('link', { name: 'Back to customers' }).click();
  await expect(page).toHaveURL(/\/customers$/);
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toBeVisible();
  await expect(row).toContainText(`Erika ${lastName}`);
  await expect(row).toContainText('Germany');
  await expect(row).toContainText('VIP');

  // Search narrows the list to this customer and is kept in the URL.
  await page.getByRole('searchbox', { name: 'Search customers' }).fill(lastName);
  await expect(page).toHaveURL(new RegExp(`\\?q=${lastName}$`));
  await expect(page.getByRole('row').filter({ hasText: email })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Customers' }).getByRole('row')).toHaveCount(2); // header + the one match

  // The name opens the customer's page; Edit opens the form.
  await page.getByRole('link', { name: `Erika ${lastName}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Erika ${lastName}` })).toBeVisible();
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page).toHaveURL(/\/customers\/[0-9a-f-]+\/edit$/);
  // Edit page shows what was saved; the phone comes back normalised to E.164.
  await expect(page.getByRole('heading', { level: 1, name: 'Edit customer' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Phone')).toHaveValue('+49301234567');
  await expect(page.getByLabel('Tags')).toHaveValue('e2e, wholesale');
  await expectNoSeriousA11yViolations(page, 'edit customer form');

  await page.getByRole('button', { name: 'Delete customer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this customer?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('Customer deleted.')).toBeVisible();
  await expect(page).toHaveURL(/\/customers$/);
  await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0);
});

test('a duplicate email is reported by the server on the email field', async ({ page, request }) => {
  const email = uniqueEmail('e2e-duplicate');
  const existing = await createCustomerThroughApi(request, {
    first_name: 'First',
    last_name: 'Owner',
    email,
    country_code: 'FR',
  });

  try {
    await page.goto('/customers/new');
    await page.getByLabel('First name').fill('Second');
    await page.getByLabel('Last name').fill('Claimant');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Country').selectOption('FR');
    const conflict = page.waitForResponse(
      (response) => response.url().endsWith('/api/v1/customers') && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Create customer' }).click();

    const response = await conflict;
    expect(response.status()).toBe(409);
    const problem = (await response.json()) as { errors?: { email?: string[] }; codes?: { email?: string[] } };
    expect(problem.errors?.email?.[0] ?? '').not.toBe('');
    // Shown by its code, in the UI language.
    expect(problem.codes?.email).toEqual(['already_exists']);
    const serverMessage = 'This is already in use in this workspace.';

    const emailField = page.getByLabel('Email');
    await expect(emailField).toHaveAttribute('aria-invalid', 'true');
    await expect(emailField).toBeFocused();
    // The server's answer, linked to the field through aria-describedby.
    const errorId = (await emailField.getAttribute('aria-describedby'))?.split(' ')[0];
    const message = page.locator(`[id="${errorId}"]`);
    await expect(message).toBeVisible();
    await expect(message).toHaveText(serverMessage);
    await expect(page).toHaveURL(/\/customers\/new$/);
    await expectNoSeriousA11yViolations(page, 'customer form with a server error');
  } finally {
    await deleteCustomerThroughApi(request, existing.id);
  }
});

test('client-side validation flags required fields before anything is sent', async ({ page }) => {
  await page.goto('/customers/new');
  let posted = false;
  page.on('request', (request) => {
    // Only customer API calls count: the live-update connection negotiates with a POST of its own, and the
    // session may refresh its access token (POST /api/v1/auth/refresh) at any time.
    if (request.method() === 'POST' && request.url().includes('/api/') && !request.url().includes('/api/v1/auth/')) posted = true;
  });

  await page.getByRole('button', { name: 'Create customer' }).click();

  await expect(page.getByLabel('First name')).toBeFocused();
  for (const label of ['First name', 'Last name', 'Email', 'Country']) {
    await expect(page.getByLabel(label)).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(page.getByText('This field is required.')).toHaveCount(4);
  expect(posted).toBe(false);
  await expectNoSeriousA11yViolations(page, 'customer form with validation errors');
});
