import { createCustomerThroughApi, deleteCustomerThroughApi, expect, test, uniqueEmail, uniqueToken } from './support';

test('markup in a customer name is shown as text on the list and the detail page', async ({ page, request }) => {
  const payload = '<script>alert(1)</script>';
  const lastName = uniqueToken('Escaped');
  const customer = await createCustomerThroughApi(request, {
    first_name: payload,
    last_name: lastName,
    email: uniqueEmail('e2e-xss'),
    country_code: 'DE',
  });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  try {
    await page.goto(`/customers?q=${lastName}`);
    const row = page.getByRole('table', { name: 'Customers' }).getByRole('row').filter({ hasText: lastName });
    await expect(row.getByRole('link', { name: `${payload} ${lastName}` })).toBeVisible();
    await expect(row).toContainText(payload);

    await row.getByRole('link', { name: `${payload} ${lastName}` }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${payload} ${lastName}`);
    await expect(page.locator('#main script')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  } finally {
    await deleteCustomerThroughApi(request, customer.id);
  }
});
