import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, test, uniqueToken } from './support';

// The server under test must have a Shopify app configured (Crm__Shopify__ApiKey and Crm__Shopify__ApiSecret).
// Shopify itself is not reachable from here: the browser is stopped at the consent screen's door, and the way back
// is the callback as Shopify would call it, with a signature that cannot be right.

function uniqueShopDomain(): string {
  return `${uniqueToken('e2e-install-').toLowerCase()}.myshopify.com`;
}

/** Answers the shop's pages in place of Shopify; `consent` is the first address the browser asks of it. */
async function stopAtShopify(page: Page, domain: string): Promise<{ consent: Promise<URL> }> {
  await page.route(`https://${domain}/**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Shopify</title><h1>Consent</h1></html>' }),
  );
  // Wrapped: an async function returning the promise itself would wait for the request before the click that makes it.
  return { consent: page.waitForRequest((request) => request.url().startsWith(`https://${domain}/`)).then((request) => new URL(request.url())) };
}

test('Install Shopify app sends the browser to the shop’s consent screen, coming back to this CRM’s callback', async ({ page, baseURL }) => {
  // Two round trips to the API, an accessibility scan and a navigation: more than the default on a busy machine.
  test.slow();
  const domain = uniqueShopDomain();
  await page.goto('/settings/integrations');
  await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
  await page.getByRole('button', { name: 'Install Shopify app' }).click();
  const dialog = page.getByRole('dialog', { name: 'Install the Shopify app' });

  // The server checks the domain; its problem lands on the field.
  const field = dialog.getByLabel('Shop domain');
  await field.fill('shop.example.com');
  await dialog.getByRole('button', { name: 'Continue to Shopify' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(/myshopify\.com domain/);
  await expectNoSeriousA11yViolations(page, 'install Shopify app dialog');
  await page.screenshot({ path: 'test-results/screenshots/shopify-install-dialog-desktop.png', fullPage: true });

  const { consent } = await stopAtShopify(page, domain);
  await field.fill(` ${domain.toUpperCase()} `);
  await dialog.getByRole('button', { name: 'Continue to Shopify' }).click();
  const url = await consent;
  expect(url.pathname).toBe('/admin/oauth/authorize');
  expect(url.searchParams.get('client_id')).toBeTruthy();
  expect(url.searchParams.get('scope')).toContain('read_orders');
  expect(url.searchParams.get('redirect_uri')).toBe(`${new URL(baseURL!).origin}/api/v1/integrations/shopify/callback`);
  expect(url.searchParams.get('state')?.length).toBeGreaterThan(20);
});

test('a return from Shopify with a bad signature lands on the integrations page, saying so', async ({ page, request }) => {
  const domain = uniqueShopDomain();
  await page.goto(`/api/v1/integrations/shopify/callback?code=e2e-code&shop=${domain}&state=forged&timestamp=1767225600&hmac=${'0'.repeat(64)}`);
  await expect(page).toHaveURL(/\/settings\/integrations\?install_error=signature$/);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The Shopify app was not installed.');
  await expect(alert).toContainText('did not carry a valid signature');
  await expectNoSeriousA11yViolations(page, 'refused Shopify install');
  await page.screenshot({ path: 'test-results/screenshots/shopify-install-refused-desktop.png', fullPage: true });

  // Nothing was stored, and the merchant can start over from the message.
  const list = (await (await request.get('/api/v1/integrations')).json()) as { items: Array<{ domain: string }> };
  expect(list.items.map((item) => item.domain)).not.toContain(domain);
  await alert.getByRole('button', { name: 'Install again' }).click();
  await expect(page.getByRole('dialog', { name: 'Install the Shopify app' })).toBeVisible();
  await page.getByRole('dialog', { name: 'Install the Shopify app' }).getByRole('button', { name: 'Cancel' }).click();
  await alert.getByRole('button', { name: 'Dismiss' }).click();
  await expect(alert).toBeHidden();
  await expect(page).toHaveURL(/\/settings\/integrations$/);
});

test.describe('on a phone (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the install button, its dialog and a refused return fit the screen', async ({ page }) => {
    await page.goto(`/api/v1/integrations/shopify/callback?code=e2e-code&shop=${uniqueShopDomain()}&state=forged&timestamp=1767225600&hmac=${'0'.repeat(64)}`);
    await expect(page.getByRole('alert')).toContainText('did not carry a valid signature');
    const install = page.getByRole('button', { name: 'Install Shopify app' });
    await expect(install).toBeInViewport();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth, 'page width').toBeLessThanOrEqual(innerWidth);
    await expectNoSeriousA11yViolations(page, 'refused Shopify install on a phone');
    await page.screenshot({ path: 'test-results/screenshots/shopify-install-refused-390.png', fullPage: true });

    await install.click();
    const dialog = page.getByRole('dialog', { name: 'Install the Shopify app' });
    await expect(dialog.getByRole('button', { name: 'Continue to Shopify' })).toBeInViewport();
    await page.screenshot({ path: 'test-results/screenshots/shopify-install-dialog-390.png' });
  });
});
