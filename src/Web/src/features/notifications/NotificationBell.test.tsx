import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

const CUSTOMER = '0b7f6d2e-6a53-4bde-9d43-4f2c4b1c9a01';
const UNREAD = 'd1a9c3f0-0000-4000-8000-000000000001';
const READ = 'd1a9c3f0-0000-4000-8000-000000000002';

function notification(id: string, subject: string, readAt: string | null) {
  return {
    id,
    user_id: 'u-admin',
    kind: 'task.due',
    data: { activity_id: `a-${id}`, customer_id: CUSTOMER, subject, due_at: '2025-03-10T12:00:00Z' },
    created_at: '2025-03-10T12:00:00Z',
    read_at: readAt,
  };
}

const unread = notification(UNREAD, 'Call Anna back', null);
const read = notification(READ, 'Send the quote', '2025-03-10T12:30:00Z');

/** The layout has a bell for phones and one for wide screens (CSS shows one): the first will do. */
async function bell(name: string) {
  return (await screen.findAllByRole('button', { name }))[0]!;
}

describe('Notification bell', () => {
  it('shows the unread count, opens a panel with focus in it, and closes on Escape', async () => {
    const { requests } = mockApi({
      'GET /api/v1/notifications': () => jsonResponse({ items: [unread, read], next_cursor: null, unread_count: 1 }),
    });
    const user = userEvent.setup();
    renderApp('/');

    const button = await bell('Notifications (1 unread)');
    expect(new URL(requests[0]!.url).searchParams.get('limit')).toBe('20');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveTextContent('1');

    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const panel = screen.getByRole('region', { name: 'Notifications' });
    expect(panel).toHaveFocus();
    expect(within(panel).getByText('1 unread')).toBeInTheDocument();
    const link = within(panel).getByRole('link', { name: /^Task due: Call Anna back ?\(unread\)$/ });
    expect(link).toHaveAttribute('href', `/customers/${CUSTOMER}`);
    expect(within(panel).getByRole('link', { name: 'Task due: Send the quote' })).toBeInTheDocument();
    expect(within(panel).getByRole('link', { name: 'Go to my tasks' })).toHaveAttribute('href', '/tasks');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Notifications' })).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('marks one read with its check mark, lowering the count at once', async () => {
    const { requests } = mockApi({
      'GET /api/v1/notifications': () => jsonResponse({ items: [unread, read], next_cursor: null, unread_count: 1 }),
      [`POST /api/v1/notifications/${UNREAD}/read`]: () => jsonResponse({ ...unread, read_at: '2025-03-10T13:00:00Z' }),
    });
    const user = userEvent.setup();
    renderApp('/');

    await user.click(await bell('Notifications (1 unread)'));
    const panel = screen.getByRole('region', { name: 'Notifications' });
    await user.click(within(panel).getByRole('button', { name: 'Mark “Task due: Call Anna back” as read' }));

    expect(await within(panel).findByText('All read')).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: /as read/ })).not.toBeInTheDocument();
    expect(requests.some((request) => request.method === 'POST' && request.url.endsWith(`/notifications/${UNREAD}/read`))).toBe(true);
    expect(screen.getAllByRole('button', { name: 'Notifications' })[0]).toHaveAttribute('aria-expanded', 'true');
  });

  it('marks all read at once, then shows what the server says', async () => {
    const other = notification('d1a9c3f0-0000-4000-8000-000000000003', 'Book the courier', null);
    let marked = false;
    const { requests } = mockApi({
      'GET /api/v1/notifications': () =>
        jsonResponse(
          marked
            ? { items: [{ ...unread, read_at: '2025-03-10T13:00:00Z' }, { ...other, read_at: '2025-03-10T13:00:00Z' }, read], next_cursor: null, unread_count: 0 }
            : { items: [unread, other, read], next_cursor: null, unread_count: 2 },
        ),
      'POST /api/v1/notifications/read': () => {
        marked = true;
        return jsonResponse({ marked: 2 });
      },
    });
    const user = userEvent.setup();
    renderApp('/');

    await user.click(await bell('Notifications (2 unread)'));
    const panel = screen.getByRole('region', { name: 'Notifications' });
    await user.click(within(panel).getByRole('button', { name: 'Mark all as read' }));

    expect(await within(panel).findByText('All read')).toBeInTheDocument();
    expect(within(panel).queryByRole('button', { name: /as read/ })).not.toBeInTheDocument();
    expect(within(panel).queryByRole('link', { name: /\(unread\)$/ })).not.toBeInTheDocument();
    expect(requests.filter((request) => request.method === 'POST').map((request) => new URL(request.url).pathname)).toEqual(['/api/v1/notifications/read']);
    await waitFor(() => expect(requests.filter((request) => request.method === 'GET' && request.url.includes('/notifications')).length).toBe(2));
    expect(await bell('Notifications')).toBeInTheDocument();
  });

  it('marks a notification read when it is followed to its customer', async () => {
    const { requests } = mockApi({
      'GET /api/v1/notifications': () => jsonResponse({ items: [unread], next_cursor: null, unread_count: 1 }),
      [`POST /api/v1/notifications/${UNREAD}/read`]: () => jsonResponse({ ...unread, read_at: '2025-03-10T13:00:00Z' }),
    });
    const user = userEvent.setup();
    const { router } = renderApp('/');

    await user.click(await bell('Notifications (1 unread)'));
    await user.click(screen.getByRole('link', { name: /^Task due: Call Anna back ?\(unread\)$/ }));

    expect(router.state.location.pathname).toBe(`/customers/${CUSTOMER}`);
    expect(screen.queryByRole('region', { name: 'Notifications' })).not.toBeInTheDocument();
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(await bell('Notifications')).toBeInTheDocument();
  });

  it('puts the count back when the server refuses', async () => {
    let refuse: () => void = () => {};
    mockApi({
      'GET /api/v1/notifications': () => jsonResponse({ items: [unread], next_cursor: null, unread_count: 1 }),
      [`POST /api/v1/notifications/${UNREAD}/read`]: () =>
        new Promise<Response>((resolve) => {
          refuse = () => resolve(problemResponse({ status: 404, title: 'Not found', detail: `You have no notification ${UNREAD}.` }));
        }),
    });
    const user = userEvent.setup();
    renderApp('/');

    await user.click(await bell('Notifications (1 unread)'));
    await user.click(screen.getByRole('button', { name: 'Mark “Task due: Call Anna back” as read' }));
    // Read at once, before the server has answered…
    expect(await screen.findByText('All read')).toBeInTheDocument();
    refuse();
    // …and unread again when it refuses.
    expect(await screen.findByRole('button', { name: 'Mark “Task due: Call Anna back” as read' })).toBeInTheDocument();
    expect(screen.getByText('1 unread')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Notifications (1 unread)' })[0]).toBeInTheDocument();
  });

  it('says when there is nothing yet', async () => {
    mockApi({ 'GET /api/v1/notifications': () => jsonResponse({ items: [], next_cursor: null, unread_count: 0 }) });
    const user = userEvent.setup();
    renderApp('/');
    const button = await bell('Notifications');
    await waitFor(() => expect(button).not.toHaveTextContent(/\d/));
    await user.click(button);
    expect(screen.getByText(/No notifications yet/)).toBeInTheDocument();
  });
});
