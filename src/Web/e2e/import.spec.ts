import { expect, expectNoSeriousA11yViolations, test, uniqueToken } from './support';

test('the import wizard shows a bad row in the dry run, then imports the valid rows', async ({ page }) => {
  const run = uniqueToken().toLowerCase();
  const csv = [
    'first_name,last_name,email,country_code,tags',
    `Ana,Gómez,ana-${run}@example.com,ES,import`,
    `Bad,Row,not-an-email-${run},ES,`,
    `Jean,Dupont,jean-${run}@example.com,FR,import`,
  ].join('\n');

  await page.goto('/customers');
  await page.getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import customers' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, 'import wizard (choose a file)');

  await page.getByLabel('CSV file').setInputFiles({ name: `customers-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dryRun = page.waitForRequest((request) => request.url().includes('/customers/import'));
  await page.getByRole('button', { name: 'Check file' }).click();
  expect(new URL((await dryRun).url()).searchParams.get('dry_run')).toBe('true');

  await expect(page.getByRole('heading', { name: `Check of customers-${run}.csv` })).toBeVisible();
  const errors = page.getByRole('table', { name: /Rows with errors/ });
  const bad = errors.getByRole('row').filter({ hasText: 'email' });
  await expect(bad).toContainText('3'); // the file's line 3 (the header is line 1)
  await expect(bad).toContainText(`not-an-email-${run}`);
  await expectNoSeriousA11yViolations(page, 'import wizard (dry run report)');

  await page.getByRole('button', { name: 'Import valid rows only (2)' }).click();
  await expect(page.getByRole('heading', { name: 'Import finished' })).toBeVisible();
  await expect(page.getByText('Created', { exact: true }).locator('..')).toContainText('2');
  await expectNoSeriousA11yViolations(page, 'import wizard (result)');

  await page.getByRole('link', { name: 'Go to customers' }).click();
  await page.getByRole('searchbox', { name: 'Search customers' }).fill(run);
  await expect(page.getByRole('table', { name: 'Customers' }).getByRole('row')).toHaveCount(3);
});
