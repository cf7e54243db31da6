import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { customer, jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

/**
 * A hub the test drives: which events the page listens to, what it invokes, and a reconnect counter. The page reads
 * it through useHubConnection / useHubEvent, replaced here (the app's provider is not part of renderApp).
 */
const hub = vi.hoisted(() => {
  const handlers = new Map<string, Set<(payload: unknown) => void>>();
  const listeners = new Set<() => void>();
  const invoke = vi.fn<(method: string, ...args: unknown[]) => Promise<unknown>>(async () => undefined);
  const connection = { state: 'Connected', invoke };
  let snapshot = { connection, connected: true, reconnects: 0 };
  return {
    handlers,
    invoke,
    snapshot: () => snapshot,
    subscribe: (listener: () => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnect() {
      snapshot = { ...snapshot, reconnects: snapshot.reconnects + 1 };
      listeners.forEach((listener) => listener());
    },
    emit(event: string, payload: unknown) {
      handlers.get(event)?.forEach((handler) => handler(payload));
    },
    reset() {
      handlers.clear();
      invoke.mockReset();
      invoke.mockImplementation(async () => undefined);
      snapshot = { connection, connected: true, reconnects: 0 };
    },
    calls: (method: string) => invoke.mock.calls.filter(([name]) => name === method).map(([, ...args]) => args),
  };
});

vi.mock('../../realtime/RealtimeProvider', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../realtime/RealtimeProvider')>();
  const { useEffect, useRef, useSyncExternalStore } = await import('react');
  return {
    ...actual,
    useHubConnection: () => useSyncExternalStore(hub.subscribe, hub.snapshot),
    useHubEvent: (event: string, handler: (payload: unknown) => void) => {
      const latest = useRef(handler);
      latest.current = handler;
      useEffect(() => {
        const listener = (payload: unknown) => latest.current(payload);
        const set = hub.handlers.get(event) ?? new Set();
        set.add(listener);
        hub.handlers.set(event, set);
        return () => void set.delete(listener);
      }, [event]);
    },
  };
});

const ME = 'u-admin';
const anna = customer({ id: 'c1', first_name: 'Anna', last_name: 'Schmidt' });

const callEntry = {
  id: 1,
  customer_id: 'c1',
  occurred_at: '2026-03-01T09:00:00.000001+00:00',
  kind: 'activity.created',
  entity_id: 'act-1',
  data: {
    type: 'call',
    direction: 'outbound',
    subject: 'Intro call',
    preview: 'Talked about pricing.\nWants a quote.',
    created_by: ME,
    assigned_to: null,
    due_at: null,
    status: null,
  },
};
const attachmentEntry = {
  id: 2,
  customer_id: 'c1',
  occurred_at: '2026-03-01T10:00:00+00:00',
  kind: 'activity.attachment_added',
  entity_id: 'act-1',
  data: { activity_id: 'act-1', type: 'call', subject: 'Intro call', attachment_id: 'att-1', file_name: 'quote.pdf', content_type: 'application/pdf', size_bytes: 2048 },
};
const statusEntry = {
  id: 3,
  customer_id: 'c1',
  occurred_at: '2026-03-02T08:00:00+00:00',
  kind: 'order.status_changed',
  entity_id: 'o-1',
  data: { order_number: 'SC-1001', from: 'pending', to: 'shipped' },
};
const unknownEntry = {
  id: 4,
  customer_id: 'c1',
  occurred_at: '2026-03-03T08:00:00+00:00',
  kind: 'loyalty.points_added',
  entity_id: null,
  data: { points: 50 },
};
const olderEntry = {
  id: 0,
  customer_id: 'c1',
  occurred_at: '2026-02-01T08:00:00+00:00',
  kind: 'consent.recorded',
  entity_id: 'consent-1',
  data: { purpose: 'marketing_email', granted: true, text_version: 'v1' },
};
const firstPage = { items: [unknownEntry, statusEntry, attachmentEntry, callEntry], next_cursor: 'cursor-1' };

const team = {
  items: [
    { id: ME, email: 'ada@example.com', first_name: 'Ada', last_name: 'Admin', role: 'admin', status: 'active', mfa_enabled: false, last_login: null, created_at: '2025-01-01T00:00:00Z' },
    { id: 'u-ana', email: 'ana@example.com', first_name: 'Ana', last_name: 'Ruiz', role: 'manager', status: 'active', mfa_enabled: false, last_login: null, created_at: '2025-01-01T00:00:00Z' },
    { id: 'u-old', email: 'old@example.com', first_name: 'Olga', last_name: 'Gone', role: 'agent', status: 'inactive', mfa_enabled: false, last_login: null, created_at: '2025-01-01T00:00:00Z' },
  ],
};

function timelineRoutes(pages: { first: () => unknown; older?: unknown }) {
  return {
    'GET /api/v1/customers/c1': () => jsonResponse(anna),
    'GET /api/v1/users': () => jsonResponse(team),
    'GET /api/v1/customers/c1/timeline': (_request: Request, url: URL) =>
      jsonResponse(url.searchParams.get('before') === 'cursor-1' ? pages.older : pages.first()),
  };
}

const timelineCalls = (requests: Request[]) => requests.filter((request) => new URL(request.url).pathname === '/api/v1/customers/c1/timeline');
const entryTitles = () =>
  within(screen.getByRole('list', { name: 'Timeline of this customer, newest first' }))
    .getAllByRole('listitem')
    .map((item) => item.querySelector('p')?.textContent);

beforeEach(() => hub.reset());
afterEach(() => vi.useRealTimers());

describe('Customer timeline', () => {
  it('shows each kind of entry with a sentence, who and when, the preview, attachments and older pages', async () => {
    const { requests } = mockApi({ ...timelineRoutes({ first: () => firstPage, older: { items: [olderEntry], next_cursor: null } }), 'GET /api/v1/attachments/att-1': () => new Response('%PDF', { headers: { 'content-disposition': 'attachment; filename="quote.pdf"' } }) });
    Object.defineProperty(URL, 'createObjectURL', { value: vi.fn(() => 'blob:file'), configurable: true });
    Object.defineProperty(URL, 'revokeObjectURL', { value: vi.fn(), configurable: true });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const user = userEvent.setup();
    renderApp('/customers/c1');

    await screen.findByRole('list', { name: 'Timeline of this customer, newest first' });
    expect(entryTitles()).toEqual(['Other event: loyalty.points_added', 'Order SC-1001: Pending → Shipped', 'File attached', 'Call logged']);
    const call = screen.getAllByRole('listitem').find((item) => item.textContent?.includes('Call logged'))!;
    expect(call).toHaveTextContent('Outbound · by you');
    expect(call).toHaveTextContent('Intro call');
    expect(call).toHaveTextContent('Talked about pricing.');
    expect(within(call).getByText(/Mar 1, 2026/)).toHaveAttribute('datetime', callEntry.occurred_at);
    expect(screen.getByRole('link', { name: 'Order SC-1001: Pending → Shipped' })).toHaveAttribute('href', '/orders/o-1');

    await user.click(screen.getByRole('button', { name: 'Download quote.pdf (2 kB)' }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('quote.pdf');
    const download = requests.find((request) => new URL(request.url).pathname === '/api/v1/attachments/att-1')!;
    expect(download.headers.get('authorization')).toBe('Bearer test-access-token');
    click.mockRestore();

    await user.click(screen.getByRole('button', { name: 'Load older entries' }));
    expect(await screen.findByText('Consent given: marketing email')).toBeInTheDocument();
    expect(screen.getByText('This is where the timeline begins.')).toBeInTheDocument();
    expect(screen.queryByText('New')).not.toBeInTheDocument();
  });

  it('subscribes, inserts pushed entries at their place once, highlights them, and unsubscribes on leaving', async () => {
    mockApi(timelineRoutes({ first: () => firstPage }));
    const { router } = renderApp('/customers/c1');
    await screen.findByRole('list', { name: 'Timeline of this customer, newest first' });
    await waitFor(() => expect(hub.calls('SubscribeCustomer')).toEqual([['c1']]));

    const note = { id: 10, customer_id: 'c1', occurred_at: '2026-03-04T08:00:00+00:00', kind: 'activity.created', entity_id: 'act-2', data: { type: 'note', subject: 'Pushed note', created_by: 'u-ana' } };
    const lateTask = { id: 9, customer_id: 'c1', occurred_at: '2026-03-02T09:00:00+00:00', kind: 'activity.created', entity_id: 'act-3', data: { type: 'task', subject: 'Late task', created_by: 'u-ana', assigned_to: ME, due_at: '2026-03-09T09:00:00Z' } };
    act(() => {
      hub.emit('TimelineEntry', note);
      hub.emit('TimelineEntry', note);
      hub.emit('TimelineEntry', lateTask);
      hub.emit('TimelineEntry', { ...note, id: 11, customer_id: 'someone-else' });
    });

    expect(entryTitles()).toEqual([
      'Note addedNew',
      'Other event: loyalty.points_added',
      'Task createdNew',
      'Order SC-1001: Pending → Shipped',
      'File attached',
      'Call logged',
    ]);
    const task = screen.getAllByRole('listitem').find((item) => item.textContent?.includes('Late task'))!;
    expect(task).toHaveTextContent('by Ana Ruiz · Due Mar 9, 2026');
    expect(task).toHaveTextContent('Assigned to you');

    await act(() => router.navigate('/customers'));
    await waitFor(() => expect(hub.calls('UnsubscribeCustomer')).toEqual([['c1']]));
  });

  it('after a reconnect subscribes again and merges the newest page by id', async () => {
    const pushedMeanwhile = { id: 20, customer_id: 'c1', occurred_at: '2026-03-05T08:00:00+00:00', kind: 'customer.erased', entity_id: null, data: {} };
    let first: { items: unknown[]; next_cursor: string } = firstPage;
    const { requests } = mockApi(timelineRoutes({ first: () => first }));
    renderApp('/customers/c1');
    await screen.findByRole('list', { name: 'Timeline of this customer, newest first' });
    await waitFor(() => expect(timelineCalls(requests)).toHaveLength(2)); // the page, then the catch-up after subscribing
    const before = timelineCalls(requests).length;

    first = { items: [pushedMeanwhile, ...firstPage.items], next_cursor: 'cursor-1' };
    act(() => hub.reconnect());

    expect(await screen.findByText('Personal data erased')).toBeInTheDocument();
    expect(hub.calls('SubscribeCustomer')).toEqual([['c1'], ['c1']]);
    expect(timelineCalls(requests)).toHaveLength(before + 1);
    expect(new URL(timelineCalls(requests).at(-1)!.url).searchParams.get('before')).toBeNull();
    await waitFor(() => expect(entryTitles()[0]).toBe('Personal data erasedNew'));
    expect(entryTitles()).toHaveLength(5);
  });

  it('shows who else is viewing and who is typing, leaving the signed-in user out', async () => {
    mockApi(timelineRoutes({ first: () => firstPage }));
    renderApp('/customers/c1');
    await screen.findByRole('list', { name: 'Timeline of this customer, newest first' });

    act(() =>
      hub.emit('Presence', {
        customer_id: 'c1',
        viewers: [
          { user_id: ME, name: 'Ada Admin', typing: true },
          { user_id: 'u-ana', name: 'Ana Ruiz', typing: true },
          { user_id: 'u-ben', name: 'Ben Ode', typing: false },
        ],
      }),
    );

    const viewing = screen.getByRole('list', { name: 'Also viewing this customer' });
    expect(within(viewing).getAllByRole('img').map((avatar) => avatar.getAttribute('aria-label'))).toEqual([
      'Ana Ruiz is typing a note…',
      'Ben Ode is viewing',
    ]);
    expect(screen.getAllByRole('status').some((status) => status.textContent === 'Ana Ruiz is typing a note…')).toBe(true);
    expect(screen.queryByLabelText(/Ada Admin/)).not.toBeInTheDocument();

    act(() => hub.emit('Presence', { customer_id: 'c1', viewers: [{ user_id: ME, name: 'Ada Admin', typing: false }] }));
    expect(screen.queryByRole('list', { name: 'Also viewing this customer' })).not.toBeInTheDocument();
  });
});

describe('Activity composer', () => {
  it('logs a note with a file: signals typing (at most every 3 s), saves, uploads, stops typing and refreshes', async () => {
    let created = false;
    const noteEntry = { id: 30, customer_id: 'c1', occurred_at: '2026-03-06T08:00:00+00:00', kind: 'activity.created', entity_id: 'act-9', data: { type: 'note', subject: 'Met at the fair', created_by: ME } };
    const { requests } = mockApi({
      ...timelineRoutes({ first: () => (created ? { ...firstPage, items: [noteEntry, ...firstPage.items] } : firstPage) }),
      'POST /api/v1/customers/c1/activities': () => {
        created = true;
        return jsonResponse({ id: 'act-9', customer_id: 'c1', type: 'note' }, 201);
      },
      'POST /api/v1/activities/act-9/attachments': () => jsonResponse({ id: 'att-9', file_name: 'card.png' }, 201),
    });
    const user = userEvent.setup();
    renderApp('/customers/c1');
    await screen.findByRole('list', { name: 'Timeline of this customer, newest first' });

    await user.click(screen.getByRole('button', { name: 'Log activity' }));
    const dialog = screen.getByRole('dialog', { name: 'Log activity' });
    expect(within(dialog).getByRole('radio', { name: 'Note' })).toBeChecked();
    expect(within(dialog).queryByRole('group', { name: 'Direction' })).not.toBeInTheDocument();
    await user.type(within(dialog).getByRole('textbox', { name: 'Subject' }), 'Met at the fair');
    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'Interested in the spring range.');
    expect(hub.calls('SetTyping')).toEqual([['c1', true]]);
    await user.upload(within(dialog).getByLabelText('Attachment'), new File(['png'], 'card.png', { type: 'image/png' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const post = requests.find((request) => request.method === 'POST' && new URL(request.url).pathname.endsWith('/activities'))!;
    expect(await post.json()).toEqual({ type: 'note', subject: 'Met at the fair', description: 'Interested in the spring range.' });
    const upload = requests.find((request) => new URL(request.url).pathname === '/api/v1/activities/act-9/attachments')!;
    expect(upload.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    // (jsdom's File reaches undici's FormData as a plain Blob, so the file name is not checked here; the e2e test does.)
    expect(await upload.text()).toMatch(/name="file"/);
    expect(hub.calls('SetTyping')).toEqual([
      ['c1', true],
      ['c1', false],
    ]);
    // Without a push (as if the hub were down) the refetch brings the new entry.
    expect(await screen.findByText('Met at the fair')).toBeInTheDocument();
    expect(screen.getByText('Activity logged.')).toBeInTheDocument();
  });

  it('checks a task before sending, offers the team as assignees, and shows the server’s errors', async () => {
    const { requests } = mockApi({
      ...timelineRoutes({ first: () => firstPage }),
      'POST /api/v1/customers/c1/activities': () =>
        problemResponse({
          status: 400,
          title: 'Invalid activity',
          errors: { assigned_to: ['Ana Ruiz cannot be assigned tasks of this customer.'], status: ['Something the form does not have.'] },
        }),
    });
    const user = userEvent.setup();
    renderApp('/customers/c1');
    await user.click(await screen.findByRole('button', { name: 'Log activity' }));
    const dialog = screen.getByRole('dialog', { name: 'Log activity' });

    await user.click(within(dialog).getByRole('radio', { name: 'Task' }));
    const assignee = within(dialog).getByRole('combobox', { name: 'Assigned to' });
    await waitFor(() =>
      expect(within(assignee).getAllByRole('option').map((option) => option.textContent)).toEqual(['Me (Ada Admin)', 'Ana Ruiz']),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByRole('textbox', { name: 'Subject' })).toHaveAccessibleDescription('Give a subject or a description.');
    expect(within(dialog).getByLabelText(/^Due/)).toHaveAccessibleDescription('This field is required.');
    expect(requests.some((request) => request.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByRole('textbox', { name: 'Subject' }), 'Send the quote');
    await user.type(within(dialog).getByLabelText(/^Due/), '01/31/2030');
    await user.type(within(dialog).getByRole('textbox', { name: 'Time' }), '9:00');
    await user.selectOptions(assignee, 'u-ana');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByText('Ana Ruiz cannot be assigned tasks of this customer.')).toBeInTheDocument();
    expect(assignee).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Something the form does not have.');
    const post = requests.find((request) => request.method === 'POST')!;
    expect(await post.json()).toEqual({
      type: 'task',
      subject: 'Send the quote',
      due_at: new Date(2030, 0, 31, 9, 0).toISOString(),
      assigned_to: 'u-ana',
    });

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(hub.calls('SetTyping').at(-1)).toEqual(['c1', false]);
  });

  it('keeps the saved activity when its file is refused, and attaches another one', async () => {
    let uploads = 0;
    mockApi({
      ...timelineRoutes({ first: () => firstPage }),
      'POST /api/v1/customers/c1/activities': () => jsonResponse({ id: 'act-7', customer_id: 'c1', type: 'call' }, 201),
      'POST /api/v1/activities/act-7/attachments': () =>
        ++uploads === 1
          ? problemResponse({ status: 415, title: 'Unsupported file type', detail: 'This is a Windows program, not a PDF.' })
          : jsonResponse({ id: 'att-7' }, 201),
    });
    const user = userEvent.setup();
    renderApp('/customers/c1');
    await user.click(await screen.findByRole('button', { name: 'Log activity' }));
    const dialog = screen.getByRole('dialog', { name: 'Log activity' });
    await user.click(within(dialog).getByRole('radio', { name: 'Call' }));
    await user.click(within(dialog).getByRole('radio', { name: 'Inbound' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'Asked for a call back.');
    await user.upload(within(dialog).getByLabelText('Attachment'), new File(['MZ'], 'invoice.pdf', { type: 'application/pdf' }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByText('This is a Windows program, not a PDF.')).toBeInTheDocument();
    expect(within(dialog).getByText('The activity was saved, but the file could not be attached.')).toBeInTheDocument();
    await user.upload(within(dialog).getByLabelText(/^Attachment/), new File(['hello'], 'notes.txt', { type: 'text/plain' }));
    await user.click(within(dialog).getByRole('button', { name: 'Attach file' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(uploads).toBe(2);
  });

  it('is not offered to users who may not write', async () => {
    mockApi(timelineRoutes({ first: () => firstPage }));
    renderApp('/customers/c1', { me: { role: 'readonly', permissions: ['customers.read', 'orders.read', 'users.read'] } });
    await screen.findByRole('list', { name: 'Timeline of this customer, newest first' });
    expect(screen.queryByRole('button', { name: 'Log activity' })).not.toBeInTheDocument();
  });

  it('offers only "me" as assignee without users.read', async () => {
    const { requests } = mockApi(timelineRoutes({ first: () => firstPage }));
    const user = userEvent.setup();
    renderApp('/customers/c1', { me: { role: 'agent', permissions: ['customers.read', 'customers.write', 'orders.read'] } });
    await user.click(await screen.findByRole('button', { name: 'Log activity' }));
    await user.click(screen.getByRole('radio', { name: 'Task' }));
    const assignee = screen.getByRole('combobox', { name: 'Assigned to' });
    expect(within(assignee).getAllByRole('option').map((option) => option.textContent)).toEqual(['Me (Ada Admin)']);
    expect(requests.some((request) => new URL(request.url).pathname === '/api/v1/users')).toBe(false);
  });
});
