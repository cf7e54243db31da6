import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp, testMe } from '../../test/renderApp';

const ada = { id: 'u-admin', email: 'ada@example.com', first_name: 'Ada', last_name: 'Admin', role: 'admin', status: 'active', mfa_enabled: true, last_login: '2025-03-01T09:00:00Z', created_at: '2025-01-01T00:00:00Z' };
const bob = { id: 'u-bob', email: 'bob@example.com', first_name: 'Bob', last_name: 'Agent', role: 'agent', status: 'active', mfa_enabled: false, last_login: null, created_at: '2025-02-01T00:00:00Z' };

describe('Team page', () => {
  it('invites a user; a taken email is shown on the field, then the invited user appears', async () => {
    let users = [ada, bob];
    let attempts = 0;
    const { requests } = mockApi({
      'GET /api/v1/users': () => jsonResponse({ items: users }),
      'GET /api/v1/workspace': () => jsonResponse({ id: 'w1', slug: 'acme', name: 'Acme', require_mfa: false }),
      'POST /api/v1/users': async (request) => {
        const body = (await request.json()) as Record<string, string>;
        if (++attempts === 1) {
          return problemResponse({ status: 409, title: 'Conflict', errors: { email: ['This email is already taken.'] } });
        }
        const invited = { ...bob, id: 'u-new', ...body, status: 'invited', last_login: null };
        users = [...users, invited];
        return jsonResponse(invited, 201);
      },
    });
    const user = userEvent.setup();
    renderApp('/settings/team');

    await screen.findByRole('table', { name: 'Team members' });
    await user.click(screen.getByRole('button', { name: 'Invite user' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite a user' });
    await user.type(within(dialog).getByLabelText(/^Email/), 'carla@example.com');
    await user.type(within(dialog).getByLabelText(/^First name/), 'Carla');
    await user.type(within(dialog).getByLabelText(/^Last name/), 'Manager');
    await user.selectOptions(within(dialog).getByLabelText(/^Role/), 'manager');
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }));

    expect(await within(dialog).findByText('This email is already taken.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }));

    expect(await screen.findByText('Invitation sent to carla@example.com.')).toBeInTheDocument();
    const row = await screen.findByRole('row', { name: /Carla Manager/ });
    expect(row).toHaveTextContent('Invited');
    expect(await requests.find((request) => request.method === 'POST')!.json()).toEqual({
      email: 'carla@example.com',
      first_name: 'Carla',
      last_name: 'Manager',
      role: 'manager',
    });
  });

  it("changes another user's role and deactivates them after confirming; not one's own", async () => {
    const { requests } = mockApi({
      'GET /api/v1/users': () => jsonResponse({ items: [ada, bob] }),
      'GET /api/v1/workspace': () => jsonResponse({ id: 'w1', slug: 'acme', name: 'Acme', require_mfa: false }),
      'PUT /api/v1/users/u-bob': () => jsonResponse({ ...bob, role: 'manager' }),
      'DELETE /api/v1/users/u-bob': () => new Response(null, { status: 204 }),
    });
    const user = userEvent.setup();
    renderApp('/settings/team');

    const self = await screen.findByRole('row', { name: /Ada Admin/ });
    expect(within(self).queryByRole('combobox')).not.toBeInTheDocument();
    expect(within(self).queryByRole('button', { name: /Deactivate/ })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Role of Bob Agent' }), 'manager');
    await waitFor(() => expect(requests.some((request) => request.method === 'PUT')).toBe(true));
    expect(await requests.find((request) => request.method === 'PUT')!.json()).toEqual({ role: 'manager' });

    await user.click(screen.getByRole('button', { name: 'Deactivate Bob Agent' }));
    const confirm = screen.getByRole('dialog', { name: 'Deactivate this user?' });
    await user.click(within(confirm).getByRole('button', { name: 'Deactivate' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'DELETE')).toBe(true));
  });

  it('shows a manager the team but none of the admin actions', async () => {
    mockApi({ 'GET /api/v1/users': () => jsonResponse({ items: [ada, bob] }) });
    renderApp('/settings/team', { me: { id: 'u-m', role: 'manager', permissions: ['customers.read', 'users.read'] } });

    const table = await screen.findByRole('table', { name: 'Team members' });
    expect(within(table).getByRole('row', { name: /Bob Agent/ })).toHaveTextContent('Agent');
    expect(screen.queryByRole('button', { name: 'Invite user' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /^Role of/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Deactivate/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /Require two-factor/ })).not.toBeInTheDocument();
  });

  it('turns on "Require MFA for everyone"', async () => {
    const { requests } = mockApi({
      'GET /api/v1/users': () => jsonResponse({ items: [ada] }),
      'GET /api/v1/workspace': () => jsonResponse({ id: 'w1', slug: 'acme', name: 'Acme', require_mfa: false }),
      'PUT /api/v1/workspace': () => jsonResponse({ id: 'w1', slug: 'acme', name: 'Acme', require_mfa: true }),
      'GET /api/v1/auth/me': () => jsonResponse(testMe()),
    });
    const user = userEvent.setup();
    renderApp('/settings/team');

    await user.click(await screen.findByRole('checkbox', { name: 'Require two-factor authentication for everyone' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'PUT')).toBe(true));
    expect(await requests.find((request) => request.method === 'PUT')!.json()).toEqual({ name: 'Acme', require_mfa: true });
  });
});
