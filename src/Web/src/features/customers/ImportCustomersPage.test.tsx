import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';
import { ImportReportView } from './ImportReportView';

const csv = 'first_name,last_name,email,country_code\nAna,Gómez,ana@example.com,ES\nBad,Row,not-an-email,ES\n';
const dryRunReport = {
  rows: 2,
  valid: 1,
  invalid: 1,
  created: 0,
  updated: 0,
  skipped: 1,
  dry_run: true,
  errors: [{ row: 3, field: 'email', message: "'not-an-email' is not a valid email address." }],
};

describe('ImportReportView', () => {
  it('shows the figures of a dry run and a table of the row errors', () => {
    render(<ImportReportView report={dryRunReport} />);
    expect(screen.getByText('Rows').nextElementSibling).toHaveTextContent('2');
    expect(screen.getByText('Valid').nextElementSibling).toHaveTextContent('1');
    expect(screen.getByText('Invalid').nextElementSibling).toHaveTextContent('1');
    const table = screen.getByRole('table', { name: 'Rows with errors (1)' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('3');
    expect(row).toHaveTextContent('email');
    expect(row).toHaveTextContent("'not-an-email' is not a valid email address.");
  });

  it('shows created/updated/skipped after a real import and no table without errors', () => {
    render(<ImportReportView report={{ ...dryRunReport, dry_run: false, created: 4, updated: 2, skipped: 0, errors: [] }} />);
    expect(screen.getByText('Created').nextElementSibling).toHaveTextContent('4');
    expect(screen.getByText('Updated').nextElementSibling).toHaveTextContent('2');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});

describe('Import wizard', () => {
  it('checks the file with a dry run, then imports only the valid rows', async () => {
    const { requests } = mockApi({
      'POST /api/v1/customers/import': (_request, url) =>
        url.searchParams.get('dry_run') === 'true'
          ? jsonResponse(dryRunReport)
          : jsonResponse({ ...dryRunReport, dry_run: false, created: 1, skipped: 1 }),
    });
    const user = userEvent.setup();
    renderApp('/customers/import');

    await user.upload(screen.getByLabelText('CSV file'), new File([csv], 'customers.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Check file' }));

    expect(await screen.findByRole('heading', { name: 'Check of customers.csv' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Rows with errors (1)' })).toHaveTextContent('not a valid email address');
    expect(screen.getByRole('listitem', { current: 'step' })).toHaveTextContent('Check the rows');

    await user.click(screen.getByRole('button', { name: 'Import valid rows only (1)' }));
    expect(await screen.findByRole('heading', { name: 'Import finished' })).toBeInTheDocument();
    expect(screen.getByText('Created').nextElementSibling).toHaveTextContent('1');

    const [dryRun, real] = requests;
    expect(new URL(dryRun!.url).search).toBe('?mode=skip_invalid&dry_run=true');
    expect(dryRun!.headers.get('content-type')).toBe('text/csv');
    expect(await dryRun!.text()).toBe(csv);
    expect(new URL(real!.url).search).toBe('?mode=skip_invalid');
  });

  it('imports everything in one go when every row is valid', async () => {
    const { requests } = mockApi({
      'POST /api/v1/customers/import': (_request, url) =>
        jsonResponse({ ...dryRunReport, valid: 2, invalid: 0, errors: [], dry_run: url.searchParams.has('dry_run'), created: 2 }),
    });
    const user = userEvent.setup();
    renderApp('/customers/import');

    await user.upload(screen.getByLabelText('CSV file'), new File([csv], 'ok.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    await user.click(await screen.findByRole('button', { name: 'Import all rows (2)' }));
    await screen.findByRole('heading', { name: 'Import finished' });
    expect(new URL(requests[1]!.url).search).toBe('?mode=all_or_nothing');
  });

  it('sends the file as its bytes, with the encoding chosen, so letters in other encodings survive', async () => {
    const { requests } = mockApi({
      'POST /api/v1/customers/import': (_request, url) =>
        jsonResponse({ ...dryRunReport, valid: 1, invalid: 0, errors: [], dry_run: url.searchParams.has('dry_run'), created: 1 }),
    });
    const user = userEvent.setup();
    renderApp('/customers/import');

    // "Łukasz" in Windows-1250: 0xA3 is not UTF-8, so decoding it in the browser would lose the letter.
    const bytes = new Uint8Array([...new TextEncoder().encode('first_name,last_name,email,country_code\n'), 0xa3, ...new TextEncoder().encode('ukasz,Nowak,l@example.pl,PL\n')]);
    await user.upload(screen.getByLabelText('CSV file'), new File([bytes], 'cp1250.csv', { type: 'text/csv' }));
    expect(screen.getByLabelText('File encoding')).toHaveValue('auto');
    await user.selectOptions(screen.getByLabelText('File encoding'), 'Windows-1250 (Central European)');
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    await user.click(await screen.findByRole('button', { name: 'Import all rows (1)' }));
    await screen.findByRole('heading', { name: 'Import finished' });

    const [dryRun, real] = requests;
    expect(new URL(dryRun!.url).search).toBe('?mode=skip_invalid&dry_run=true&encoding=windows-1250');
    expect(new Uint8Array(await dryRun!.arrayBuffer())).toEqual(bytes);
    expect(new URL(real!.url).search).toBe('?mode=all_or_nothing&encoding=windows-1250');
    expect(new Uint8Array(await real!.arrayBuffer())).toEqual(bytes);
  });

  it('says why a file is refused (a bad header) and lets you choose another', async () => {
    mockApi({
      'POST /api/v1/customers/import': () =>
        problemResponse({
          status: 400,
          title: 'Invalid CSV header',
          detail: 'Unknown columns: foo. Missing columns: email.',
          errors: { header: ['Unknown columns: foo. Missing columns: email.'] },
        }),
    });
    const user = userEvent.setup();
    renderApp('/customers/import');

    await user.upload(screen.getByLabelText('CSV file'), new File(['foo\n1\n'], 'bad.csv', { type: 'text/csv' }));
    await user.click(screen.getByRole('button', { name: 'Check file' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The file could not be processed.');
    expect(alert).toHaveTextContent('Unknown columns: foo. Missing columns: email.');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Check file' })).toBeEnabled());
  });
});
