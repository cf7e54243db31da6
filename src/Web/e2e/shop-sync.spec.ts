import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, test, uniqueToken } from './support';

/** A Shopify domain no other run has connected; nothing answers for it, so its sync ends failed. */
function uniqueShopDomain(): string {
  return `${uniqueToken('e2e-sync-').toLowerCase()}.myshopify.com`;
}

async function connect(request: APIRequestContext, domain: string): Promise<string> {
  const created = await request.post('/api/v1/integrations/shopify', {
    data: { shop_domain: domain, access_token: 'shpat_e2e_token', api_secret_key: 'e2e-api-secret-key' },
  });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

async function expectNoHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement!.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, 'page width').toBeLessThanOrEqual(innerWidth);
}

for (const [name, viewport] of [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test(`the admin starts a shop's sync and follows it (${name})`, async ({ page, request }) => {
    await page.setViewportSize(viewport);
    const domain = uniqueShopDomain();
    const id = await connect(request, domain);
    try {
      await page.goto('/settings/integrations');
      const sync = page.getByRole('region', { name: `Sync of ${domain}` });
      await expect(sync).toContainText('Never synced');
      await expect(sync).toContainText('Last completed sync: never');

      await sync.getByRole('button', { name: `Sync ${domain} now` }).click();
      await expect(sync.getByRole('progressbar', { name: `Sync progress of ${domain}` })).toBeVisible();
      await expect(sync).toContainText(/Queued|Running|Failed/);
      // A second start while one is queued or running is refused by the server (409), and the button says so first.
      const again = await request.post(`/api/v1/integrations/${id}/sync`);
      expect([409, 202]).toContain(again.status());

      await expectNoHorizontalOverflow(page);
      await expectNoSeriousA11yViolations(page, `shop sync (${name})`);
      await page.screenshot({ path: `test-results/screenshots/shop-sync-${name}.png`, fullPage: true });
    } finally {
      await request.delete(`/api/v1/integrations/${id}`);
    }
  });
}
