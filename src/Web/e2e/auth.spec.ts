import { adminCredentials, expect, expectNoSeriousA11yViolations, test } from './support';

// These tests sign in through the form themselves.
test.use({ signedIn: false });

test('a wrong password shows an error and keeps the visitor on /login', async ({ page }) => {
  const { email } = adminCredentials();
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/login');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('definitely not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('alert')).toHaveText('Incorrect email or password.');
  await expect(page).toHaveURL(/\/login$/);
  await expectNoSeriousA11yViolations(page, '/login with an error');
});

test('signing in goes back to the page asked for; signing out returns to /login', async ({ page }) => {
  const { email, password } = adminCredentials();
  await page.goto('/customers');
  await expect(page).toHaveURL(/\/login\?next=%2Fcustomers$/);

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();
  await expect(page).toHaveURL(/\/customers$/);
  expect(await page.evaluate(() => localStorage.getItem('simplecrm.refresh_token'))).toBeTruthy();

  // A reload keeps the session (the refresh token is exchanged for a new access token).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();

  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  expect(await page.evaluate(() => localStorage.getItem('simplecrm.refresh_token'))).toBeNull();

  // Signed out for real: the app asks for a sign-in again.
  await page.goto('/settings/profile');
  await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Fprofile$/);
});

test('the password reset request never says whether the address exists', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, '/forgot-password');

  await page.getByLabel('Email').fill(`nobody-${Date.now()}@example.com`);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account exists for that address');
});
