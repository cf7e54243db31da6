import AxeBuilder from '@axe-core/playwright';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/** Where the web app keeps the refresh token (src/auth/session.ts). */
const REFRESH_TOKEN_KEY = 'simplecrm.refresh_token';
/** Access tokens live 15 minutes; a worker signs in again well before that. */
const ACCESS_TOKEN_REUSE_MS = 10 * 60_000;

export interface AdminCredentials {
  email: string;
  password: string;
}

/**
 * The admin the server creates on its first start. The test runner and the server get the same
 * CRM_ADMIN_EMAIL / CRM_ADMIN_PASSWORD.
 */
export function adminCredentials(): AdminCredentials {
  const email = process.env.CRM_ADMIN_EMAIL;
  const password = process.env.CRM_ADMIN_PASSWORD;
  if (!email || !password) {
    throw new Error(
      'The browser tests sign in as the admin the server creates on first start: set CRM_ADMIN_EMAIL and ' +
        'CRM_ADMIN_PASSWORD for the test runner, with the same values the server was started with.',
    );
  }
  return { email, password };
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
}

/** POST /api/v1/auth/login; fails the test with the server's answer unless it returns tokens. */
export async function signInThroughApi(request: APIRequestContext, credentials = adminCredentials()): Promise<Tokens> {
  const response = await request.post('/api/v1/auth/login', { data: credentials });
  const text = await response.text();
  if (response.status() !== 200) {
    throw new Error(`Signing in as ${credentials.email} failed with ${response.status()}: ${text}`);
  }
  const body = JSON.parse(text) as Partial<Tokens> & { mfa_required?: boolean };
  if (body.mfa_required || !body.access_token || !body.refresh_token) {
    throw new Error(`Signing in as ${credentials.email} did not return tokens (an admin with MFA cannot run these tests): ${text}`);
  }
  return body as Tokens;
}

/**
 * Starts `page` signed in (as the admin unless `credentials` say otherwise): a fresh refresh token (each is single use) goes into localStorage before
 * the app's first script runs, and the app exchanges it for an access token like after a reload.
 * A flag in sessionStorage keeps later reloads from putting the spent token back.
 */
export async function signInPage(page: Page, request: APIRequestContext, credentials = adminCredentials()): Promise<void> {
  const tokens = await signInThroughApi(request, credentials);
  await page.addInitScript(
    ({ key, token }) => {
      try {
        if (sessionStorage.getItem('e2e.signed-in')) return;
        sessionStorage.setItem('e2e.signed-in', '1');
        localStorage.setItem(key, token);
      } catch {
        // about:blank and other opaque origins have no storage.
      }
    },
    { key: REFRESH_TOKEN_KEY, token: tokens.refresh_token },
  );
}

interface AuthFixtures {
  /** Whether `page` starts signed in as the admin (default). Sign-in tests turn it off with test.use. */
  signedIn: boolean;
}

interface AuthWorkerFixtures {
  /** "Bearer …" for the admin; signed in once per worker and reused while the token is fresh. */
  adminAuthorization: () => Promise<string>;
}

/**
 * Playwright's test with the admin signed in: `page` starts with a session, and `request` sends
 * the admin's access token with every API call.
 */
export const test = base.extend<AuthFixtures, AuthWorkerFixtures>({
  signedIn: [true, { option: true }],

  adminAuthorization: [
    async ({ playwright }, use, workerInfo) => {
      const anonymous = await playwright.request.newContext({ baseURL: workerInfo.project.use.baseURL });
      let cached: { header: string; at: number } | undefined;
      await use(async () => {
        if (!cached || Date.now() - cached.at > ACCESS_TOKEN_REUSE_MS) {
          const tokens = await signInThroughApi(anonymous);
          cached = { header: `Bearer ${tokens.access_token}`, at: Date.now() };
        }
        return cached.header;
      });
      await anonymous.dispose();
    },
    { scope: 'worker' },
  ],

  request: async ({ playwright, baseURL, adminAuthorization }, use) => {
    const context = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: await adminAuthorization() },
    });
    await use(context);
    await context.dispose();
  },

  page: async ({ page, signedIn, playwright, baseURL }, use) => {
    if (signedIn) {
      const anonymous = await playwright.request.newContext({ baseURL });
      try {
        await signInPage(page, anonymous);
      } finally {
        await anonymous.dispose();
      }
    }
    await use(page);
  },
});

/** An email no earlier run has used, so tests can run again against the same database. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/**
 * Scans the page with axe-core for WCAG 2.0/2.1 A and AA rules and fails on any serious or
 * critical violation, listing the rule and the offending elements.
 */
export async function expectNoSeriousA11yViolations(page: Page, pageName: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  expect(serious, `accessibility violations on ${pageName}`).toEqual([]);
}

export interface TestCustomer {
  id: string;
  email: string;
}

export async function createCustomerThroughApi(
  request: APIRequestContext,
  fields: { first_name: string; last_name: string; email: string; country_code: string } & Record<string, unknown>,
): Promise<TestCustomer> {
  const response = await request.post('/api/v1/customers', { data: fields });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as TestCustomer;
}

/** Best-effort cleanup so runs against a shared database do not pile up test customers. */
export async function deleteCustomerThroughApi(request: APIRequestContext, id: string): Promise<void> {
  await request.delete(`/api/v1/customers/${id}`);
}

/** A token no earlier run has used, for order numbers, tags and names. */
export function uniqueToken(prefix = ''): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export interface TestOrder {
  id: string;
  order_number: string;
  status: string;
}

export async function createOrderThroughApi(
  request: APIRequestContext,
  fields: { customer_id: string; order_number: string; currency: string } & Record<string, unknown>,
): Promise<TestOrder> {
  const response = await request.post('/api/v1/orders', {
    data: {
      items: [{ product_id: 'tea-01', product_name: 'Sencha green tea', quantity: 2, unit_price: 12.5 }],
      ...fields,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as TestOrder;
}

/**
 * The invitation link's token from the mail the server dropped for `email` into CRM_MAIL_PICKUP_DIR (one .eml text
 * file per mail; the server writes each under a temporary name and renames it, so a file seen is complete). Waits for
 * the mail to arrive; the newest one wins if there are several.
 */
export async function invitationTokenFromMail(email: string, timeoutMs = 10_000): Promise<string> {
  const directory = process.env.CRM_MAIL_PICKUP_DIR;
  if (!directory) {
    throw new Error('Set CRM_MAIL_PICKUP_DIR to the directory the server writes its mails to (the same value it was started with).');
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let names: string[] = [];
    try {
      names = (await readdir(directory)).filter((name) => name.endsWith('.eml')).sort().reverse();
    } catch {
      // Not there until the first mail is written.
    }
    for (const name of names) {
      const mail = await readFile(join(directory, name), 'utf8');
      const to = /^To:\s*(.+)$/im.exec(mail)?.[1]?.trim();
      const token = /\/accept-invitation\?token=([^\s&]+)/.exec(mail)?.[1];
      if (to?.toLowerCase() === email.toLowerCase() && token) return decodeURIComponent(token);
    }
    if (Date.now() > deadline) throw new Error(`No invitation mail to ${email} in ${directory} after ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface TeamMember extends AdminCredentials {
  first_name: string;
  last_name: string;
}

/**
 * A second person to work with: the admin (`request`) invites them, their invitation is accepted through the API
 * with a password, and their credentials are returned.
 */
export async function createTeamMemberThroughApi(
  request: APIRequestContext,
  anonymous: APIRequestContext,
  fields: { first_name: string; last_name: string; role: 'admin' | 'manager' | 'agent' | 'readonly' },
): Promise<TeamMember> {
  const email = uniqueEmail(`e2e-${fields.first_name.toLowerCase()}`);
  const invited = await request.post('/api/v1/users', { data: { ...fields, email } });
  expect(invited.status(), await invited.text()).toBe(201);
  const token = await invitationTokenFromMail(email);
  const password = `${uniqueToken('Walnut-')}-harbour-Q7`;
  const accepted = await anonymous.post('/api/v1/auth/invitations/accept', {
    data: { token, password, first_name: fields.first_name, last_name: fields.last_name },
  });
  expect(accepted.status(), await accepted.text()).toBe(200);
  return { ...fields, email, password };
}

/** A separate browser context (its own storage, so its own session) whose page starts signed in as `credentials`. */
export async function openSignedInPage(
  browser: Browser,
  anonymous: APIRequestContext,
  baseURL: string | undefined,
  credentials: AdminCredentials,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale: 'en-US' });
  const page = await context.newPage();
  // Only the credentials: the sign-in endpoint refuses fields it does not know.
  await signInPage(page, anonymous, { email: credentials.email, password: credentials.password });
  return { context, page };
}
