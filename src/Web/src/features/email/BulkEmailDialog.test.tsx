import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Me } from '../../auth/authApi';
import { AuthProvider } from '../../auth/AuthProvider';
import { authSession } from '../../auth/session';
import { authKeys } from '../../auth/useMe';
import { customer, jsonResponse, mockApi, problemResponse, referenceData } from '../../test/mockApi';
import { renderApp, testMe } from '../../test/renderApp';
import { BulkEmailButton } from './BulkEmailDialog';
import type { BulkEmailView } from './bulkEmailApi';

const templates = {
  items: [
    { id: 'tpl-news', name: 'Newsletter', kind: 'email' },
    { id: 'tpl-reply', name: 'Quick reply', kind: 'response' },
  ],
};

function job(overrides: Partial<BulkEmailView> = {}): BulkEmailView {
  return {
    id: 'job-1',
    template_id: 'tpl-news',
    purpose: 'marketing',
    filter: null,
    segment_id: 'seg-1',
    status: 'queueing',
    matched: 120,
    recipients: 80,
    pending: 80,
    queued: 0,
    sent: 0,
    failed: 0,
    skipped_total: 0,
    skipped: [],
    created_at: '2026-12-07T01:00:00Z',
    finished_at: null,
    ...overrides,
  };
}

/** What a segment's page asks for besides the bulk send. */
const segmentPage = {
  'GET /api/v1/segments/seg-1': () =>
    jsonResponse({ id: 'seg-1', name: 'Germany VIPs', kind: 'static', rules: null, member_count: 120, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', version: 1 }),
  'GET /api/v1/segments/seg-1/members': () => jsonResponse({ items: [], next_cursor: null, total: 0 }),
  'GET /api/v1/segments/seg-1/counts': (_request: Request, url: URL) =>
    jsonResponse({ from: url.searchParams.get('from'), to: url.searchParams.get('to'), tz: url.searchParams.get('tz'), rows: [] }),
};

/** The button alone, aimed at a segment, for a signed-in user with these permissions. */
function renderButton(me: Partial<Me> = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  authSession.signIn({ access_token: 'a', refresh_token: 'r', expires_in: 900, token_type: 'Bearer' });
  queryClient.setQueryData(authKeys.me, testMe(me));
  return render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <BulkEmailButton target={{ kind: 'segment', segmentId: 'seg-1' }} />
      </AuthProvider>
    </QueryClientProvider>,
  );
}

const bodies = async (requests: Request[], path: string) =>
  Promise.all(requests.filter((request) => request.method === 'POST' && new URL(request.url).pathname === path).map((request) => request.json()));

afterEach(() => authSession.end());

describe('Bulk email', () => {
  it("sends the customer list's filter and shows the recipients after consent", async () => {
    const { requests } = mockApi({
      'GET /api/v1/reference': () => jsonResponse(referenceData),
      'GET /api/v1/tags': () => jsonResponse([]),
      'GET /api/v1/customers': () => jsonResponse({ items: [customer({ id: 'a', first_name: 'Anna' })], next_cursor: null, total: 1 }),
      'GET /api/v1/templates': () => jsonResponse(templates),
      'POST /api/v1/emails/bulk': () => jsonResponse(job({ filter: 'country=DE&status=vip', segment_id: null }), 202),
      'GET /api/v1/emails/bulk/job-1': () => jsonResponse(job({ filter: 'country=DE&status=vip', segment_id: null })),
    });
    const user = userEvent.setup();
    renderApp('/customers?country=DE&status=vip');

    await user.click(await screen.findByRole('button', { name: 'Send email to these customers' }));
    const dialog = screen.getByRole('dialog', { name: 'Email to these customers' });
    const template = within(dialog).getByRole('combobox', { name: /Template/ });
    expect(within(template).queryByRole('option', { name: 'Quick reply' })).not.toBeInTheDocument();
    await user.selectOptions(template, await within(dialog).findByRole('option', { name: 'Newsletter' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send to all' }));

    // The form and its focused Send button are gone: focus moves to the count, not out of the dialog.
    expect(await within(dialog).findByText('Recipients after consent: 80 of 120 matched customers')).toHaveFocus();
    expect(await bodies(requests, '/api/v1/emails/bulk')).toEqual([{ template_id: 'tpl-news', purpose: 'marketing', filter: 'country=DE&status=vip' }]);
  });

  it("sends a segment's id, then polls the job and shows its progress and skip reasons", async () => {
    let polls = 0;
    const { requests } = mockApi({
      ...segmentPage,
      'GET /api/v1/templates': () => jsonResponse(templates),
      'POST /api/v1/emails/bulk': () => jsonResponse(job(), 202),
      'GET /api/v1/emails/bulk/job-1': () => {
        polls += 1;
        return jsonResponse(
          job({
            status: 'done',
            pending: 0,
            queued: 70,
            sent: 70,
            failed: 0,
            skipped_total: 30,
            skipped: [
              { reason: 'no_consent', count: 25 },
              { reason: 'suppressed', count: 5 },
            ],
            finished_at: '2026-12-07T01:01:00Z',
          }),
        );
      },
    });
    const user = userEvent.setup();
    renderApp('/segments/seg-1');

    await user.click(await screen.findByRole('button', { name: 'Send email to these customers' }));
    const dialog = screen.getByRole('dialog', { name: 'Email to these customers' });
    await user.selectOptions(within(dialog).getByRole('combobox', { name: /Template/ }), await within(dialog).findByRole('option', { name: 'Newsletter' }));
    const purpose = within(dialog).getByRole('combobox', { name: /Purpose/ });
    expect(within(purpose).getAllByRole('option').map((option) => option.textContent)).toEqual(['Transactional', 'Marketing', 'Service']);
    await user.selectOptions(purpose, within(purpose).getByRole('option', { name: 'Service' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send to all' }));

    const bar = await within(dialog).findByRole('progressbar', { name: 'Bulk send progress' });
    expect(bar).toHaveAttribute('aria-valuenow', '0');
    expect(within(dialog).getByText('Sending… 0 % handled')).toBeInTheDocument();
    expect(await bodies(requests, '/api/v1/emails/bulk')).toEqual([{ template_id: 'tpl-news', purpose: 'service', filter: null, segment_id: 'seg-1' }]);

    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '100'), { timeout: 4_000 });
    expect(within(dialog).getByText('All recipients handled.')).toBeInTheDocument();
    expect(within(dialog).getByText('No marketing consent: 25')).toBeInTheDocument();
    expect(within(dialog).getByText('Address undeliverable: 5')).toBeInTheDocument();
    // Done and everything delivered: no more polling.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(polls).toBe(1);

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(dialog).not.toHaveAttribute('open');
  }, 10_000);

  it('shows a 400 at the field it names', async () => {
    mockApi({
      'GET /api/v1/templates': () => jsonResponse(templates),
      'POST /api/v1/emails/bulk': () =>
        problemResponse({
          type: 'https://simplecrm.dev/problems/validation',
          title: 'Validation failed',
          status: 400,
          errors: { template_id: ['The template was not found.'] },
        }),
    });
    const user = userEvent.setup();
    renderButton();

    await user.click(screen.getByRole('button', { name: 'Send email to these customers' }));
    const dialog = screen.getByRole('dialog', { name: 'Email to these customers' });
    const template = within(dialog).getByRole('combobox', { name: /Template/ });
    await user.selectOptions(template, await within(dialog).findByRole('option', { name: 'Newsletter' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send to all' }));

    await waitFor(() => expect(template).toHaveAccessibleDescription(/The template was not found\./));
    expect(template).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('is hidden without the customers.bulk permission', async () => {
    mockApi({
      'GET /api/v1/reference': () => jsonResponse(referenceData),
      'GET /api/v1/tags': () => jsonResponse([]),
      'GET /api/v1/customers': () => jsonResponse({ items: [customer({ id: 'a', first_name: 'Anna' })], next_cursor: null, total: 1 }),
    });
    renderApp('/customers', { me: { role: 'agent', permissions: ['customers.read', 'customers.write'] } });
    await screen.findByRole('row', { name: /Anna/ });
    expect(screen.queryByRole('button', { name: 'Send email to these customers' })).not.toBeInTheDocument();

    const { container } = renderButton({ role: 'agent', permissions: ['customers.read', 'customers.write'] });
    expect(container).toBeEmptyDOMElement();
  });
});
