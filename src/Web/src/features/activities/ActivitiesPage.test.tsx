import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { customer, customersByIdRoute, jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';
import { activity } from './activityFixtures';

const ANNA = '0b7f6d2e-6a53-4bde-9d43-4f2c4b1c9a01';
const BEN = '1c8e7f3a-7b64-4cef-8e54-5a3d5c2d0b12';
const ADA = 'a11c3e5f-0000-4000-8000-00000000ada1';

const overdueTask = activity({
  id: 'a0000000-0000-4000-8000-00000000000a',
  subject: 'Call back about the invoice',
  assigned_to: ADA,
  created_by: ADA,
  due_at: '2025-03-01T09:00:00Z',
  overdue: true,
});
const note = activity({
  id: 'a0000000-0000-4000-8000-00000000000b',
  type: 'note',
  subject: 'Prefers email',
  description: 'Do not call before 10.',
  customer_id: BEN,
  assigned_to: null,
  due_at: null,
  status: null,
  created_by: ADA,
});
const laterTask = activity({ id: 'a0000000-0000-4000-8000-00000000000c', subject: 'Send the quote', assigned_to: ADA });

function routes(overrides: Record<string, Parameters<typeof mockApi>[0][string]> = {}) {
  return {
    'GET /api/v1/activities': (_request: Request, url: URL) =>
      url.searchParams.get('cursor') === 'next-1'
        ? jsonResponse({ items: [laterTask], next_cursor: null, total: null })
        : jsonResponse({ items: [overdueTask, note], next_cursor: 'next-1', total: 3 }),
    'GET /api/v1/users': () =>
      jsonResponse({
        items: [{ id: ADA, email: 'ada@example.com', first_name: 'Ada', last_name: 'Admin', role: 'admin', status: 'active' }],
      }),
    'GET /api/v1/customers': customersByIdRoute([customer({ id: ANNA }), customer({ id: BEN, first_name: 'Ben', last_name: 'Okafor' })]),
    ...overrides,
  };
}

const listRequests = (requests: Request[]) =>
  requests.filter((request) => request.method === 'GET' && new URL(request.url).pathname === '/api/v1/activities');

describe('Activities page', () => {
  it('lists activities with their customer, assignee, due time and status, and loads more with the cursor', async () => {
    const { requests } = mockApi(routes());
    const user = userEvent.setup();
    renderApp('/activities');

    const table = await screen.findByRole('table', { name: 'Activities' });
    const first = new URL(listRequests(requests)[0]!.url).searchParams;
    expect(first.get('sort')).toBe('-created_at');
    expect(first.get('limit')).toBe('25');
    expect(first.get('include_total')).toBe('true');
    expect(screen.getByText('Results: 3')).toBeInTheDocument();

    expect(within(table).getAllByRole('columnheader').map((header) => header.textContent)).toEqual([
      'Activity',
      'Customer',
      'Assignee',
      'Due',
      'Status',
      'Created',
      'Actions',
    ]);
    const [, taskRow, noteRow] = within(table).getAllByRole('row');
    const taskCells = within(taskRow!).getAllByRole('cell');
    expect(taskCells[0]).toHaveTextContent('Call back about the invoice');
    expect(taskCells[0]).toHaveTextContent('Task');
    expect(await within(taskRow!).findByRole('link', { name: 'Anna Schmidt' })).toHaveAttribute('href', `/customers/${ANNA}`);
    expect(await within(taskCells[2]!).findByText('Ada Admin')).toBeInTheDocument();
    // Overdue: said in words next to the (red) due time, and as the status.
    expect(taskCells[3]).toHaveTextContent(/Overdue$/);
    expect(taskCells[4]).toHaveTextContent('Overdue');
    expect(within(taskCells[5]!).getByText('by Ada Admin')).toBeInTheDocument();

    expect(within(noteRow!).getAllByRole('cell')[0]).toHaveTextContent('Note · Do not call before 10.');
    expect(within(noteRow!).getAllByRole('cell')[4]).toHaveTextContent('—');
    expect(await within(noteRow!).findByRole('link', { name: 'Ben Okafor' })).toHaveAttribute('href', `/customers/${BEN}`);
    expect(within(noteRow!).queryByRole('button', { name: /Complete/ })).not.toBeInTheDocument();
    // Both names came from one list request, not a detail read per customer.
    const nameRequests = requests.filter((request) => new URL(request.url).pathname.startsWith('/api/v1/customers'));
    expect(nameRequests.map((request) => new URL(request.url).searchParams.get('id'))).toEqual([[ANNA, BEN].sort().join(',')]);

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    const laterRow = (await within(table).findByText('Send the quote')).closest('tr')!;
    expect(within(laterRow).getAllByRole('cell')[4]).toHaveTextContent('Open');
    expect(new URL(listRequests(requests).at(-1)!.url).searchParams.get('cursor')).toBe('next-1');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('sends the filters of the URL, and keeps filter and sort changes in the URL', async () => {
    const { requests } = mockApi(routes());
    const user = userEvent.setup();
    const { router } = renderApp(`/activities?type=task&assigned_to=${ADA}&customer_id=${ANNA}&sort=due_at`);

    await screen.findByRole('table', { name: 'Activities' });
    const first = new URL(listRequests(requests)[0]!.url).searchParams;
    expect(first.get('type')).toBe('task');
    expect(first.get('assigned_to')).toBe(ADA);
    expect(first.get('customer_id')).toBe(ANNA);
    expect(first.get('sort')).toBe('due_at');
    expect(await screen.findByText('Customer: Anna Schmidt')).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'Due' })).toHaveAttribute('aria-sort', 'ascending');

    await user.click(screen.getByLabelText('Only overdue tasks'));
    expect(new URLSearchParams(router.state.location.search).get('overdue')).toBe('true');
    await waitFor(() => expect(new URL(listRequests(requests).at(-1)!.url).searchParams.get('overdue')).toBe('true'));

    await user.click(screen.getByRole('button', { name: 'Created' }));
    expect(new URLSearchParams(router.state.location.search).get('sort')).toBe('-created_at');

    await user.click(screen.getByRole('button', { name: 'Show the activities of all customers' }));
    expect(new URLSearchParams(router.state.location.search).has('customer_id')).toBe(false);
    expect(new URLSearchParams(router.state.location.search).get('type')).toBe('task');
  });

  it('completes a task and refetches; a refusal is shown', async () => {
    let completes = 0;
    const { requests } = mockApi(
      routes({
        [`POST /api/v1/activities/${overdueTask.id}/complete`]: () => {
          completes += 1;
          return completes === 1
            ? problemResponse({ status: 409, title: 'Conflict', detail: 'The activity was changed at the same time. Reload and try again.' })
            : jsonResponse({ ...overdueTask, status: 'completed' });
        },
      }),
    );
    const user = userEvent.setup();
    renderApp('/activities');

    const table = await screen.findByRole('table', { name: 'Activities' });
    const complete = within(table).getByRole('button', { name: /^Complete:? ?Call back about the invoice$/ });
    await user.click(complete);
    expect(await screen.findByRole('alert')).toHaveTextContent('“Call back about the invoice” could not be completed.');
    expect(screen.getByRole('alert')).toHaveTextContent('The activity was changed at the same time.');

    const before = listRequests(requests).length;
    await user.click(complete);
    await waitFor(() => expect(listRequests(requests).length).toBeGreaterThan(before));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('offers no Complete button without customers.write', async () => {
    mockApi(routes());
    renderApp('/activities', { me: { role: 'readonly', permissions: ['customers.read', 'users.read'] } });
    const table = await screen.findByRole('table', { name: 'Activities' });
    expect(within(table).queryByRole('button', { name: /Complete/ })).not.toBeInTheDocument();
  });

  it('shows the empty and the no-match states', async () => {
    mockApi(routes({ 'GET /api/v1/activities': () => jsonResponse({ items: [], next_cursor: null, total: 0 }) }));
    const view = renderApp('/activities');
    expect(await screen.findByRole('heading', { name: 'No activities yet' })).toBeInTheDocument();
    view.unmount();

    renderApp('/activities?type=meeting');
    expect(await screen.findByRole('heading', { name: 'No matching activities' })).toBeInTheDocument();
  });

  it('says when the list cannot be loaded, with a retry', async () => {
    mockApi(
      routes({ 'GET /api/v1/activities': () => problemResponse({ status: 400, title: 'Invalid query', detail: 'cursor: Not a cursor.' }) }),
    );
    renderApp('/activities');
    expect(await screen.findByRole('alert')).toHaveTextContent('The activities could not be loaded.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
