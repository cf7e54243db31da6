import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { customer, jsonResponse, mockApi, problemResponse, referenceData } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';
import { COLUMNS_STORAGE_KEY } from './customerColumns';

const anna = customer({ id: 'a', first_name: 'Anna', email: 'anna@example.de', country_code: 'DE', tags: ['vip'] });
const li = customer({ id: 'b', first_name: 'Li', last_name: 'Wei', email: 'li@example.cn', country_code: 'CN', status: 'vip' });

/** The list's helpers (reference data for the filters, tag suggestions) answer the same in every test. */
const helpers = {
  'GET /api/v1/reference': () => jsonResponse(referenceData),
  'GET /api/v1/tags': () => jsonResponse([{ tag: 'vip', customers: 1 }]),
};

const listRequests = (requests: Request[]) =>
  requests.map((request) => new URL(request.url)).filter((url) => url.pathname === '/api/v1/customers');

afterEach(() => localStorage.clear());

describe('Customers list', () => {
  it('shows customers, the total, and loads the next page with the cursor', async () => {
    const { requests } = mockApi({
      ...helpers,
      'GET /api/v1/customers': (_request, url) =>
        url.searchParams.get('cursor') === 'page-2'
          ? jsonResponse({ items: [li], next_cursor: null, total: null })
          : jsonResponse({ items: [anna], next_cursor: 'page-2', total: 2 }),
    });
    const user = userEvent.setup();
    renderApp('/customers');

    const table = await screen.findByRole('table', { name: 'Customers' });
    const annaRow = within(table).getByRole('row', { name: /Anna Schmidt/ });
    expect(annaRow).toHaveTextContent('Germany');
    expect(annaRow).toHaveTextContent('Active');
    expect(annaRow).toHaveTextContent('vip');
    expect(screen.getByText('Showing 1 of 2')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await within(table).findByRole('row', { name: /Wei Li/ })).toHaveTextContent('China');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    const [first, second] = listRequests(requests);
    expect(first?.searchParams.get('limit')).toBe('25');
    expect(first?.searchParams.get('include_total')).toBe('true');
    expect(second?.searchParams.get('cursor')).toBe('page-2');
    expect(second?.searchParams.has('include_total')).toBe(false);
  });

  it('searches through ?q= and says when nothing matches', async () => {
    const { requests } = mockApi({
      ...helpers,
      'GET /api/v1/customers': (_request, url) =>
        jsonResponse({ items: url.searchParams.get('q') ? [] : [anna], next_cursor: null, total: null }),
    });
    const user = userEvent.setup();
    const { router } = renderApp('/customers');

    await screen.findByRole('row', { name: /Anna Schmidt/ });
    await user.type(screen.getByRole('searchbox', { name: 'Search customers' }), 'nobody');

    expect(await screen.findByRole('heading', { name: 'No matching customers' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?q=nobody');
    expect(listRequests(requests).at(-1)?.searchParams.get('q')).toBe('nobody');
  });

  it('sends the filters of the URL, and keeps filter changes in the URL', async () => {
    const { requests } = mockApi({
      ...helpers,
      'GET /api/v1/customers': () => jsonResponse({ items: [anna], next_cursor: null, total: 1 }),
    });
    const user = userEvent.setup();
    const { router } = renderApp('/customers?country=DE&status=vip&ltv_gte=100&created_after=2025-01-01&sort=last_name');

    await screen.findByRole('row', { name: /Anna Schmidt/ });
    const sent = listRequests(requests)[0]!;
    expect(sent.searchParams.get('country')).toBe('DE');
    expect(sent.searchParams.get('status')).toBe('vip');
    expect(sent.searchParams.get('ltv_gte')).toBe('100');
    expect(sent.searchParams.get('created_after')).toBe(new Date(2025, 0, 1).toISOString());
    expect(sent.searchParams.get('sort')).toBe('last_name');
    // Only the fields the visible columns need.
    expect(sent.searchParams.get('fields')?.split(',').sort()).toEqual(
      // language and country_code also order the name as the customer's culture does.
      ['company_name', 'country_code', 'created_at', 'email', 'first_name', 'language', 'last_name', 'lifetime_value_usd', 'status', 'tags'].sort(),
    );
    // The filter bar shows them.
    expect(screen.getByRole('button', { name: 'Country Germany' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Status VIP' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Status VIP' }));
    await user.click(screen.getByRole('checkbox', { name: 'Blocked' }));
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('status')).toBe('vip,blocked'));
    await waitFor(() => expect(listRequests(requests).at(-1)?.searchParams.get('status')).toBe('vip,blocked'));

    await user.type(screen.getByRole('combobox', { name: 'Tag' }), 'wholesale{Enter}');
    await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('tag')).toBe('wholesale'));

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=last_name'));
  });

  it('sorts by clicking a column header', async () => {
    mockApi({ ...helpers, 'GET /api/v1/customers': () => jsonResponse({ items: [anna], next_cursor: null, total: 1 }) });
    const user = userEvent.setup();
    const { router } = renderApp('/customers');

    await screen.findByRole('row', { name: /Anna Schmidt/ });
    expect(screen.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'descending');

    await user.click(screen.getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=last_name'));
    expect(screen.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByRole('button', { name: 'Name' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-last_name'));

    await user.click(screen.getByRole('button', { name: 'Lifetime value' }));
    await waitFor(() => expect(router.state.location.search).toBe('?sort=-lifetime_value_usd'));
  });

  it('remembers the chosen columns and asks only for their fields', async () => {
    const { requests } = mockApi({
      ...helpers,
      'GET /api/v1/customers': () => jsonResponse({ items: [anna], next_cursor: null, total: 1 }),
    });
    const user = userEvent.setup();
    renderApp('/customers');

    await screen.findByRole('row', { name: /Anna Schmidt/ });
    await user.click(screen.getByRole('button', { name: 'Visible columns' }));
    await user.click(screen.getByRole('checkbox', { name: 'Tags' }));
    await user.click(screen.getByRole('checkbox', { name: 'Orders' }));

    expect(JSON.parse(localStorage.getItem(COLUMNS_STORAGE_KEY)!)).toEqual(['country', 'status', 'lifetime_value', 'total_orders', 'created']);
    await waitFor(() => expect(screen.getByRole('columnheader', { name: 'Orders' })).toBeInTheDocument());
    expect(screen.queryByRole('columnheader', { name: 'Tags' })).not.toBeInTheDocument();
    const fields = listRequests(requests).at(-1)?.searchParams.get('fields')?.split(',') ?? [];
    expect(fields).toContain('total_orders');
    expect(fields).not.toContain('tags');
  });

  it('tags the ticked rows by id', async () => {
    const { requests } = mockApi({
      ...helpers,
      'GET /api/v1/customers': () => jsonResponse({ items: [anna, li], next_cursor: null, total: 2 }),
      'POST /api/v1/customers/bulk': () => jsonResponse({ matched: 1, succeeded: 1, failures: [] }),
    });
    const user = userEvent.setup();
    renderApp('/customers');

    await user.click(await screen.findByRole('checkbox', { name: 'Select Wei Li' }));
    expect(screen.getByText('1 selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add tag' }));
    const dialog = screen.getByRole('dialog', { name: 'Add tags' });
    await user.type(within(dialog).getByRole('textbox', { name: /Tags/ }), 'asia, b2b');
    await user.click(within(dialog).getByRole('button', { name: 'Add tags' }));

    expect(await screen.findByText('Done. Matched: 1 · Changed: 1 · Failed: 0')).toBeInTheDocument();
    const bulk = requests.find((request) => request.method === 'POST');
    expect(await bulk?.json()).toEqual({ action: 'add_tags', tags: ['asia', 'b2b'], ids: ['b'] });
  });

  it('acts on every customer matching the filter, and shows failures', async () => {
    const { requests } = mockApi({
      ...helpers,
      'GET /api/v1/customers': () => jsonResponse({ items: [anna, li], next_cursor: 'more', total: 40 }),
      'POST /api/v1/customers/bulk': () =>
        jsonResponse({ matched: 40, succeeded: 39, failures: [{ id: 'x-1', message: 'The customer was deleted meanwhile.' }] }),
    });
    const user = userEvent.setup();
    renderApp('/customers?country=DE,CN&tag=vip&sort=last_name');

    await user.click(await screen.findByRole('checkbox', { name: 'Select all customers on this page' }));
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Select all 40 customers matching this filter' }));
    expect(screen.getByText('All 40 customers matching this filter are selected.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Set status' }));
    const dialog = screen.getByRole('dialog', { name: 'Set status' });
    expect(dialog).toHaveAccessibleDescription('Customers affected: 40.');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Status' }), 'inactive');
    await user.click(within(dialog).getByRole('button', { name: 'Set status' }));

    const result = await screen.findByRole('alert');
    expect(result).toHaveTextContent('Matched: 40 · Changed: 39 · Failed: 1');
    expect(result).toHaveTextContent('The customer was deleted meanwhile.');
    const bulk = requests.find((request) => request.method === 'POST');
    expect(await bulk?.json()).toEqual({ action: 'set_status', status: 'inactive', filter: 'country=DE%2CCN&tag=vip' });
  });

  it('asks before deleting and shows the server’s answer in the dialog', async () => {
    const { requests } = mockApi({
      ...helpers,
      'GET /api/v1/customers': () => jsonResponse({ items: [anna], next_cursor: null, total: 1 }),
      'POST /api/v1/customers/bulk': () =>
        problemResponse({ status: 400, title: 'Selection too large', detail: 'The filter matches more than 10000 customers; narrow it.', errors: { filter: ['Matches more than 10000 customers.'] } }),
    });
    const user = userEvent.setup();
    renderApp('/customers');

    await user.click(await screen.findByRole('checkbox', { name: 'Select Anna Schmidt' }));
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete customers?' });
    expect(dialog).toHaveAccessibleDescription(/cannot be undone/);
    expect(requests.some((request) => request.method === 'POST')).toBe(false);
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Matches more than 10000 customers.');
  });

  it('downloads the export of the current filters, sending the access token', async () => {
    const { requests } = mockApi({
      ...helpers,
      'GET /api/v1/customers': () => jsonResponse({ items: [anna], next_cursor: null, total: 1 }),
      'GET /api/v1/customers/export': () =>
        new Response('id,email\n', {
          headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="customers-2025-03-01.csv"' },
        }),
    });
    Object.defineProperty(URL, 'createObjectURL', { value: vi.fn(() => 'blob:export'), configurable: true });
    Object.defineProperty(URL, 'revokeObjectURL', { value: vi.fn(), configurable: true });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const user = userEvent.setup();
    renderApp('/customers?country=DE&q=anna');
    await screen.findByRole('row', { name: /Anna Schmidt/ });

    await user.click(screen.getByRole('button', { name: 'Download CSV', hidden: true }));

    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('customers-2025-03-01.csv');
    expect(link.href).toBe('blob:export');
    const sent = requests.find((request) => new URL(request.url).pathname === '/api/v1/customers/export')!;
    expect(new URL(sent.url).search).toBe('?format=csv&q=anna&country=DE');
    expect(sent.headers.get('authorization')).toBe('Bearer test-access-token');
    click.mockRestore();
  });

  it('invites to create the first customer when there are none', async () => {
    mockApi({ ...helpers, 'GET /api/v1/customers': () => jsonResponse({ items: [], next_cursor: null, total: 0 }) });
    renderApp('/customers');

    expect(await screen.findByRole('heading', { name: 'No customers yet' })).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'New customer' })).toHaveLength(2);
  });

  it('shows the problem and offers a retry when loading fails', async () => {
    let calls = 0;
    mockApi({
      ...helpers,
      'GET /api/v1/customers': () =>
        ++calls === 1
          ? problemResponse({ status: 503, title: 'Service Unavailable', detail: 'The silo is starting.' })
          : jsonResponse({ items: [anna], next_cursor: null, total: 1 }),
    });
    const user = userEvent.setup();
    renderApp('/customers');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The customers could not be loaded.');
    expect(alert).toHaveTextContent('The silo is starting.');

    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('row', { name: /Anna Schmidt/ })).toBeInTheDocument());
  });
});
