import { createCustomerThroughApi, expect, expectNoSeriousA11yViolations, test, uniqueEmail, uniqueToken } from './support';

test('the admin invites a user on the team page and the user appears as invited', async ({ page, request }) => {
  const email = uniqueEmail('e2e-invite');
  const lastName = uniqueToken('Invitee');

  await page.goto('/settings/team');
  await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
  await page.getByRole('button', { name: 'Invite user' }).click();

  const dialog = page.getByRole('dialog', { name: 'Invite a user' });
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('First name').fill('Ivy');
  await dialog.getByLabel('Last name').fill(lastName);
  await dialog.getByLabel('Role').selectOption('agent');
  await expectNoSeriousA11yViolations(page, 'invite dialog');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();

  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const row = page.getByRole('table', { name: 'Team members' }).getByRole('row').filter({ hasText: email });
  await expect(row).toContainText(`Ivy ${lastName}`);
  await expect(row).toContainText('Invited');
  await expect(row.getByRole('combobox', { name: `Role of Ivy ${lastName}` })).toHaveValue('agent');

  // Best-effort cleanup: deactivate the invitee.
  const users = (await (await request.get('/api/v1/users')).json()) as { items: Array<{ id: string; email: string }> };
  const invited = users.items.find((user) => user.email === email);
  if (invited) await request.delete(`/api/v1/users/${invited.id}`);
});

test('creating an API key shows the key once; it works until it is revoked', async ({ page, playwright, baseURL }) => {
  const name = uniqueToken('e2e-key-');

  await page.goto('/settings/api-keys');
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();
  await page.getByRole('button', { name: 'New API key' }).click();

  const form = page.getByRole('dialog', { name: 'New API key' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('checkbox', { name: /customers:read/ }).check();
  await form.getByRole('button', { name: 'Create key' }).click();

  const shown = page.getByRole('dialog', { name: `API key “${name}” created` });
  await expect(shown).toContainText('You will not see it again.');
  const key = await shown.getByLabel('API key').inputValue();
  expect(key.length).toBeGreaterThan(10);
  await expectNoSeriousA11yViolations(page, 'new API key dialog');

  // The key is an integration's credential for the API.
  const integration = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'X-Api-Key': key } });
  try {
    expect((await integration.get('/api/v1/customers?limit=1')).status()).toBe(200);
  } finally {
    await integration.dispose();
  }

  await shown.getByRole('button', { name: 'Done' }).click();
  const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Active');
  // Never shown again.
  await expect(page.getByText(key)).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(key);

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await page.getByRole('dialog', { name: 'Revoke this API key?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');
});

test('the audit page lists entries, filters by action and shows the changes', async ({ page, request }) => {
  // Something to find: the fixtures signed in (sign_in) and this creates a customer (create).
  await createCustomerThroughApi(request, {
    first_name: 'Audit',
    last_name: uniqueToken('Trail'),
    email: uniqueEmail('e2e-audit'),
    country_code: 'DE',
  });

  await page.goto('/settings/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Audit log, newest first' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();

  await page.getByLabel('Action').fill('create');
  await page.getByLabel('Action').press('Enter');
  await expect(page).toHaveURL(/action=create/);
  const created = table.getByRole('row').filter({ hasText: 'create' }).first();
  await expect(created).toBeVisible();
  await created.getByRole('button', { name: 'Show' }).click();
  await expect(table.getByText('After', { exact: true }).first()).toBeVisible();
});
