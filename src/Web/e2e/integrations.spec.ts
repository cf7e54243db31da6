import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, test, uniqueToken } from './support';

/** A Shopify domain no other run has connected (shops are unique across workspaces). */
function uniqueShopDomain(): string {
  return `${uniqueToken('e2e-shop-').toLowerCase()}.myshopify.com`;
}

async function disconnectThroughApi(request: APIRequestContext, domain: string) {
  const list = (await (await request.get('/api/v1/integrations')).json()) as { items: Array<{ id: string; domain: string }> };
  const shop = list.items.find((item) => item.domain === domain);
  if (shop) await request.delete(`/api/v1/integrations/${shop.id}`);
}

/** Nothing sticks out sideways: the page does not scroll horizontally. */
async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, 'page width').toBeLessThanOrEqual(innerWidth);
}

test('the admin connects a Shopify shop, sees its webhook URL and disconnects it', async ({ page, request, baseURL }) => {
  const domain = uniqueShopDomain();
  try {
    await page.goto('/settings');
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Integrations' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Failed events' })).toBeVisible();

    await page.getByRole('button', { name: 'Connect shop' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connect a shop' });
    await expect(dialog.getByRole('tab', { name: 'Shopify' })).toHaveAttribute('aria-selected', 'true');

    // The server checks the domain; its problem lands on that field.
    await dialog.getByLabel('Shop domain').fill('not a shop');
    await dialog.getByLabel('Admin API access token').fill('shpat_e2e_token');
    await dialog.getByLabel('API secret key').fill('e2e-api-secret-key');
    await dialog.getByRole('button', { name: 'Connect' }).click();
    const domainField = dialog.getByLabel('Shop domain');
    await expect(domainField).toHaveAttribute('aria-invalid', 'true');
    await expect(domainField).toHaveAccessibleDescription(/myshopify\.com domain/);
    await expectNoSeriousA11yViolations(page, 'connect shop dialog');

    await domainField.fill(domain);
    await dialog.getByRole('button', { name: 'Connect' }).click();
    await expect(dialog).toBeHidden();

    const card = page.getByRole('article', { name: domain });
    await expect(card).toContainText('Shopify');
    await expect(card).toContainText('Connected');
    await expect(card.getByTestId('webhook-url')).toHaveText(`${new URL(baseURL!).origin}/webhooks/shopify`);
    await expect(card.getByRole('button', { name: 'Copy URL' })).toBeVisible();
    await expect(card).toContainText('Received0');
    await expectNoSeriousA11yViolations(page, 'integrations page');
    await page.screenshot({ path: 'test-results/screenshots/integrations-desktop.png', fullPage: true });

    // Still there after a reload: it is stored, not just shown.
    await page.reload();
    await expect(card).toBeVisible();

    await card.getByRole('button', { name: `Disconnect ${domain}` }).click();
    await page.getByRole('dialog', { name: 'Disconnect this shop?' }).getByRole('button', { name: 'Disconnect' }).click();
    await expect(card).toBeHidden();
    const list = (await (await request.get('/api/v1/integrations')).json()) as { items: Array<{ domain: string }> };
    expect(list.items.map((item) => item.domain)).not.toContain(domain);
  } finally {
    await disconnectThroughApi(request, domain);
  }
});

test.describe('on a phone (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a connected shop is shown whole, with nothing cut off', async ({ page, request }) => {
    const domain = uniqueShopDomain();
    const created = await request.post('/api/v1/integrations/shopify', {
      data: { shop_domain: domain, access_token: 'shpat_e2e_token', api_secret_key: 'e2e-api-secret-key' },
    });
    expect(created.status(), await created.text()).toBe(201);
    try {
      await page.goto('/settings/integrations');
      const card = page.getByRole('article', { name: domain });
      await expect(card.getByTestId('webhook-url')).toContainText('/webhooks/shopify');
      await expect(card.getByRole('button', { name: `Disconnect ${domain}` })).toBeInViewport();
      await expectNoHorizontalOverflow(page);
      await page.screenshot({ path: 'test-results/screenshots/integrations-390.png', fullPage: true });
    } finally {
      await disconnectThroughApi(request, domain);
    }
  });
});
