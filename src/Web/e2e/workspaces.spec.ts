import type { APIRequestContext } from '@playwright/test';
import { expect, invitationTokenFromMail, test, uniqueEmail, uniqueToken } from './support';

// Everyone here starts signed out: workspaces are created through sign-up, as a customer of the service does.
test.use({ signedIn: false });

const PASSWORD = 'e2e-lantern-meadow-77';

interface SignedUp {
  email: string;
  name: string;
  access: string;
}

/** POST /auth/signup: a new workspace and its admin; answers the admin's access token. */
async function signUpThroughApi(anonymous: APIRequestContext, name: string, email = uniqueEmail('e2e-owner')): Promise<SignedUp> {
  const response = await anonymous.post('/api/v1/auth/signup', {
    data: { workspace_name: name, first_name: 'Owner', last_name: name, email, password: PASSWORD },
  });
  expect(response.status(), await response.text()).toBe(201);
  return { email, name, access: ((await response.json()) as { access_token: string }).access_token };
}

const bearer = (access: string) => ({ Authorization: `Bearer ${access}` });

test('a visitor signs up from the sign-in page, lands in the new workspace and changes its settings', async ({ page }) => {
  const workspace = uniqueToken('Harbor Shop ');
  const email = uniqueEmail('e2e-signup');

  await page.goto('/login');
  await page.getByRole('link', { name: 'Create a workspace' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create your workspace' })).toBeVisible();

  // Checked before anything is sent.
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByText('This field is required.').first()).toBeVisible();

  await page.getByLabel('Workspace name').fill(workspace);
  await page.getByLabel('First name').fill('Hana');
  await page.getByLabel('Last name').fill('Harbor');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'New password', exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the new password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create workspace' }).click();

  // In the app, on the landing page (the customer list), signed in as the new workspace's admin.
  await expect(page).toHaveURL(/\/customers$/);
  await page.getByRole('button', { name: /Account menu/ }).first().click();
  await expect(page.getByTestId('current-workspace').first()).toHaveText(workspace);
  await page.keyboard.press('Escape');

  await page.goto('/settings/workspace');
  await expect(page.getByRole('heading', { level: 1, name: 'Workspace' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(workspace);
  await expect(page.getByLabel('Default currency')).toHaveValue('EUR');

  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${workspace} GmbH`);
  await page.getByLabel('Time zone').selectOption('Europe/Berlin');
  await page.getByLabel('Default currency').selectOption('CHF');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('The workspace settings are saved.')).toBeVisible();

  // Kept by the server: a reload shows them again.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(`${workspace} GmbH`);
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
  await expect(page.getByLabel('Default currency')).toHaveValue('CHF');
});

test('a person in two workspaces switches between them and sees only the chosen workspace\'s customers', async ({ page, playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  try {
    const agency = await signUpThroughApi(anonymous, uniqueToken('Agency '));
    const client = await signUpThroughApi(anonymous, uniqueToken('Client '));
    const clientCustomer = uniqueToken('Clientcustomer');
    const created = await anonymous.post('/api/v1/customers', {
      headers: bearer(client.access),
      data: { first_name: 'Cleo', last_name: clientCustomer, email: uniqueEmail('e2e-cleo'), country_code: 'FR' },
    });
    expect(created.status()).toBe(201);

    // The client's admin invites the agency's owner, who joins with the password they already have.
    const invited = await anonymous.post('/api/v1/users', { headers: bearer(client.access), data: { email: agency.email, role: 'manager' } });
    expect(invited.status()).toBe(201);
    const token = await invitationTokenFromMail(agency.email);
    expect((await anonymous.post('/api/v1/auth/invitations/accept', { data: { token, password: PASSWORD } })).status()).toBe(200);

    // Signing in lands in the workspace joined last.
    await page.goto('/login');
    await page.getByLabel('Email').fill(agency.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/customers$/);

    await page.goto('/customers');
    await expect(page.getByText(clientCustomer)).toBeVisible();

    const menu = page.getByRole('button', { name: /Account menu/ }).first();
    const customersLink = page.getByRole('navigation').getByRole('link', { name: 'Customers', exact: true }).first();
    await menu.click();
    await expect(page.getByTestId('current-workspace').first()).toHaveText(client.name);
    await page.screenshot({ path: test.info().outputPath('switcher.png') });
    await page.getByRole('button', { name: agency.name }).click();

    // Now in the agency's workspace (without a reload): the client's customer is gone from the list, fetched anew.
    await expect(page).toHaveURL(/\/customers$/);
    await menu.click();
    await expect(page.getByTestId('current-workspace').first()).toHaveText(agency.name);
    await page.keyboard.press('Escape');
    await customersLink.click();
    await expect(page).toHaveURL(/\/customers$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByText(clientCustomer)).toHaveCount(0);

    // And back.
    await menu.click();
    await page.getByRole('button', { name: client.name }).click();
    await expect(page).toHaveURL(/\/customers$/);
    await customersLink.click();
    await expect(page.getByText(clientCustomer)).toBeVisible();
  } finally {
    await anonymous.dispose();
  }
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the sign-up page fits a 390 px screen', async ({ page }, testInfo) => {
    await page.goto('/signup');
    await expect(page.getByRole('heading', { level: 1, name: 'Create your workspace' })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath('signup-390.png'), fullPage: true });
  });
});
