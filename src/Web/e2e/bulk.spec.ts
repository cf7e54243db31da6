import { createCustomerThroughApi, expect, test, uniqueEmail, uniqueToken } from './support';

test('tag all customers matching a filter, then find exactly them by that tag', async ({ page, request }) => {
  test.slow(); // creates 28 customers through the API
  // A marker in the last name keeps this run's customers apart from earlier runs'.
  const marker = uniqueToken('Bulk');
  const tag = uniqueToken('bulk-').toLowerCase();
  // 27 Icelanders: more than one page (25), so "all matching" is more than the ticked rows.
  for (let i = 0; i < 27; i++) {
    await createCustomerThroughApi(request, { first_name: `Is${i}`, last_name: marker, email: uniqueEmail('e2e-bulk'), country_code: 'IS' });
  }
  await createCustomerThroughApi(request, { first_name: 'Ola', last_name: marker, email: uniqueEmail('e2e-bulk'), country_code: 'NO' });

  await page.goto(`/customers?q=${marker}`);
  await expect(page.getByText('Results: 28')).toBeVisible();

  // Filter by the country in the filter bar; the URL keeps it.
  await page.getByRole('button', { name: 'Country Any' }).click();
  await page.getByRole('searchbox', { name: 'Filter the Country options' }).fill('Icel');
  await page.getByRole('checkbox', { name: 'Iceland' }).check();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/country=IS/);
  await expect(page.getByText('Results: 27')).toBeVisible();
  const table = page.getByRole('table', { name: 'Customers' });
  await expect(table.getByRole('row').filter({ hasText: 'Ola' })).toHaveCount(0);

  // Tick the page, then choose all 27 matching.
  await page.getByRole('checkbox', { name: 'Select all customers on this page' }).check();
  await expect(page.getByText('25 selected')).toBeVisible();
  await page.getByRole('button', { name: 'Select all 27 customers matching this filter' }).click();
  await expect(page.getByText('All 27 customers matching this filter are selected.')).toBeVisible();

  await page.getByRole('button', { name: 'Add tag' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add tags' });
  await expect(dialog).toContainText('Customers affected: 27.');
  await dialog.getByRole('textbox', { name: /Tags/ }).fill(tag);
  const bulk = page.waitForRequest((request) => request.url().endsWith('/api/v1/customers/bulk'));
  await dialog.getByRole('button', { name: 'Add tags' }).click();
  await expect(page.getByText('Done. Matched: 27 · Changed: 27 · Failed: 0')).toBeVisible();
  // The filter, not a list of ids, went to the server.
  expect((await bulk).postDataJSON()).toEqual({ action: 'add_tags', tags: [tag], filter: `q=${marker}&country=IS` });

  // Filter by the new tag alone: exactly the 27 Icelanders.
  await page.goto(`/customers?tag=${tag}`);
  await expect(page.getByText('Results: 27')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: 'Ola' })).toHaveCount(0);
  await expect(table.getByRole('row').filter({ hasText: `Is26 ${marker}` })).toContainText(tag);
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByText('Showing 27 of 27')).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: marker })).toHaveCount(27);
});
