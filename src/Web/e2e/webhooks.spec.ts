import { expect, expectNoSeriousA11yViolations, test, uniqueToken } from './support';

// A phone: the subscriptions are cards, so nothing needs sideways scrolling.
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('an admin creates a webhook, sees its secret once and then finds it listed', async ({ page, request }) => {
  // A public address (TEST-NET-3) that the default target rules accept without DNS; nothing answers there.
  const url = `https://203.0.113.10/${uniqueToken('e2e-hook-')}`;

  await page.goto('/settings/webhooks');
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
  await page.getByRole('button', { name: 'New webhook' }).click();

  const form = page.getByRole('dialog', { name: 'New webhook' });
  await form.getByLabel('URL').fill(url);
  await form.getByRole('checkbox', { name: 'customer.created' }).check();
  await form.getByRole('checkbox', { name: 'order.status_changed' }).check();
  await form.getByRole('button', { name: 'Create webhook' }).click();

  const shown = page.getByRole('dialog', { name: 'Webhook created' });
  await expect(shown).toContainText('You will not see it again.');
  const secret = await shown.getByLabel('Signing secret').inputValue();
  expect(secret).toMatch(/^whsec_/);
  await expectNoSeriousA11yViolations(page, 'new webhook secret');
  await shown.getByRole('button', { name: 'Done' }).click();

  const card = page.getByRole('list', { name: 'Webhook subscriptions' }).getByRole('listitem', { name: url });
  await expect(card).toContainText('customer.created');
  await expect(card).toContainText('order.status_changed');
  await expect(card).toContainText('Active');
  await expect(page.getByText(secret)).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await expectNoSeriousA11yViolations(page, 'webhooks on a phone');

  // The delivery log opens (empty: nothing happened since).
  await card.getByRole('button', { name: `Deliveries of ${url}` }).click();
  await expect(page.getByRole('dialog', { name: 'Deliveries' })).toContainText('No deliveries yet');

  // Clean up, so later tests' changes are not sent to an address that never answers.
  const listed = (await (await request.get('/api/v1/webhooks')).json()) as { items: Array<{ id: string; url: string }> };
  const mine = listed.items.find((webhook) => webhook.url === url);
  if (mine) await request.delete(`/api/v1/webhooks/${mine.id}`);
});
