import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { customer, customersByIdRoute, jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';
import { activity } from '../activities/activityFixtures';

const ANNA = '0b7f6d2e-6a53-4bde-9d43-4f2c4b1c9a01';
const DAY = 24 * 60 * 60 * 1000;

const overdue = activity({
  id: 'a0000000-0000-4000-8000-00000000000a',
  subject: 'Call back about the invoice',
  due_at: new Date(Date.now() - 2 * DAY).toISOString(),
  overdue: true,
});
const upcoming = activity({
  id: 'a0000000-0000-4000-8000-00000000000b',
  subject: 'Send the quote',
  due_at: new Date(Date.now() + 3 * DAY).toISOString(),
});
const done = activity({
  id: 'a0000000-0000-4000-8000-00000000000c',
  subject: 'Book the meeting room',
  status: 'completed',
  completed_at: '2025-03-01T10:00:00Z',
});

/** GET /tasks/mine as the server would answer each tab (and the one-row count requests). */
function myTasks(state: { pending: ReturnType<typeof activity>[]; completed: ReturnType<typeof activity>[] }) {
  return (_request: Request, url: URL) => {
    const query = url.searchParams;
    const items =
      query.get('overdue') === 'true'
        ? state.pending.filter((task) => task.overdue)
        : query.get('status') === 'completed'
          ? state.completed
          : state.pending;
    const limit = Number(query.get('limit') ?? 25);
    return jsonResponse({ items: items.slice(0, limit), next_cursor: null, total: query.get('include_total') ? items.length : null });
  };
}

const tabs = () => screen.getByRole('tablist', { name: 'Task lists' });

describe('My tasks', () => {
  it('groups open tasks by due time, with counts on the tabs and links to the customers', async () => {
    const { requests } = mockApi({
      'GET /api/v1/tasks/mine': myTasks({ pending: [overdue, upcoming], completed: [done] }),
      'GET /api/v1/customers': customersByIdRoute([customer({ id: ANNA })]),
    });
    const user = userEvent.setup();
    const { router } = renderApp('/tasks');

    const overdueGroup = await screen.findByRole('region', { name: /^Overdue/ });
    expect(within(overdueGroup).getByText('Call back about the invoice')).toBeInTheDocument();
    expect(within(overdueGroup).getByRole('listitem')).toHaveTextContent(/Overdue$/);
    expect(await within(overdueGroup).findByRole('link', { name: 'Anna Schmidt' })).toHaveAttribute('href', `/customers/${ANNA}`);
    expect(within(screen.getByRole('region', { name: /^Upcoming/ })).getByText('Send the quote')).toBeInTheDocument();
    expect(await within(tabs()).findByRole('tab', { name: /^Open ?2$/ })).toHaveAttribute('aria-selected', 'true');
    expect(within(tabs()).getByRole('tab', { name: /^Overdue ?1$/ })).toBeInTheDocument();
    const listQuery = new URL(requests.find((request) => new URL(request.url).searchParams.get('limit') === '50')!.url).searchParams;
    expect(listQuery.get('status')).toBe('pending');

    await user.click(within(tabs()).getByRole('tab', { name: /^Completed/ }));
    expect(router.state.location.search).toBe('?view=completed');
    expect(await screen.findByText('Book the meeting room')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Complete/ })).not.toBeInTheDocument();
  });

  it('completes a task at once and moves it to Completed', async () => {
    const state = { pending: [overdue, upcoming], completed: [done] };
    let answer: () => void = () => {};
    mockApi({
      'GET /api/v1/tasks/mine': myTasks(state),
      'GET /api/v1/customers': customersByIdRoute([customer({ id: ANNA })]),
      [`POST /api/v1/activities/${overdue.id}/complete`]: () =>
        new Promise<Response>((resolve) => {
          answer = () => {
            const completed = { ...overdue, status: 'completed' as const, overdue: false };
            state.pending = [upcoming];
            state.completed = [completed, done];
            resolve(jsonResponse(completed));
          };
        }),
    });
    const user = userEvent.setup();
    renderApp('/tasks');

    await user.click(await screen.findByRole('button', { name: 'Complete “Call back about the invoice”' }));
    // Gone before the server has answered.
    await waitFor(() => expect(screen.queryByText('Call back about the invoice')).not.toBeInTheDocument());
    expect(screen.queryByRole('region', { name: /^Overdue/ })).not.toBeInTheDocument();
    expect(within(tabs()).getByRole('tab', { name: /^Open ?1$/ })).toBeInTheDocument();
    answer();
    expect(await screen.findByText('Task “Call back about the invoice” completed.')).toBeInTheDocument();

    await user.click(within(tabs()).getByRole('tab', { name: /^Completed/ }));
    expect(await screen.findByText('Call back about the invoice')).toBeInTheDocument();
  });

  it('puts the task back and says why when completing fails', async () => {
    let refuse: () => void = () => {};
    mockApi({
      'GET /api/v1/tasks/mine': myTasks({ pending: [overdue, upcoming], completed: [] }),
      'GET /api/v1/customers': customersByIdRoute([customer({ id: ANNA })]),
      [`POST /api/v1/activities/${overdue.id}/complete`]: () =>
        new Promise<Response>((resolve) => {
          refuse = () => resolve(problemResponse({ status: 404, title: 'Not found', detail: `Activity ${overdue.id} does not exist.` }));
        }),
    });
    const user = userEvent.setup();
    renderApp('/tasks');

    await user.click(await screen.findByRole('button', { name: 'Complete “Call back about the invoice”' }));
    await waitFor(() => expect(screen.queryByText('Call back about the invoice')).not.toBeInTheDocument());
    refuse();
    expect(await screen.findByRole('alert')).toHaveTextContent('“Call back about the invoice” could not be completed.');
    expect(screen.getByRole('alert')).toHaveTextContent(`Activity ${overdue.id} does not exist.`);
    expect(within(screen.getByRole('region', { name: /^Overdue/ })).getByText('Call back about the invoice')).toBeInTheDocument();
  });

  it('opens the tab of the URL and says when it is empty', async () => {
    mockApi({ 'GET /api/v1/tasks/mine': myTasks({ pending: [upcoming], completed: [] }) });
    renderApp('/tasks?view=overdue');
    expect(await screen.findByRole('heading', { name: 'Nothing overdue' })).toBeInTheDocument();
    expect(within(tabs()).getByRole('tab', { name: /^Overdue/ })).toHaveAttribute('aria-selected', 'true');
  });
});
