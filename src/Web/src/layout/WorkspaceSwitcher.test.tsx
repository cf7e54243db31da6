import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { REFRESH_TOKEN_KEY } from '../auth/session';
import { jsonResponse, mockApi } from '../test/mockApi';
import { renderApp, testMe } from '../test/renderApp';

const acme = { id: 'w1', slug: 'acme', name: 'Acme', role: 'admin', current: true };
const globex = { id: 'w2', slug: 'globex', name: 'Globex', role: 'manager', current: false };
const globexTokens = { access_token: 'access-globex', refresh_token: 'refresh-globex', expires_in: 900, token_type: 'Bearer' };

async function openMenu() {
  const user = userEvent.setup();
  await user.click(screen.getAllByRole('button', { name: /Account menu/ })[0]!);
  return user;
}

describe('Workspace switcher', () => {
  it('is not shown to someone in one workspace', async () => {
    mockApi({ 'GET /api/v1/auth/workspaces': () => jsonResponse({ items: [acme] }) });
    renderApp('/');
    await openMenu();
    expect(await screen.findByRole('link', { name: 'Profile' })).toBeInTheDocument();
    expect(screen.queryByText('Workspaces')).not.toBeInTheDocument();
  });

  it('lists the workspaces, and choosing another signs in there and fetches everything anew', async () => {
    const { requests } = mockApi({
      'GET /api/v1/auth/workspaces': () => jsonResponse({ items: [acme, globex] }),
      'POST /api/v1/auth/switch': () => jsonResponse(globexTokens),
      'GET /api/v1/auth/me': () => jsonResponse(testMe({ role: 'manager', workspace: { id: 'w2', slug: 'globex', name: 'Globex', require_mfa: false, timezone: 'UTC', currency: 'EUR' } })),
    });
    renderApp('/settings');
    const user = await openMenu();
    expect(await screen.findByRole('button', { name: /Acme/ })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Globex' }));

    const switched = requests.find((request) => request.url.endsWith('/api/v1/auth/switch'))!;
    expect(await switched.json()).toEqual({ workspace_id: 'w2' });
    await waitFor(() => expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-globex'));
    // The cache was emptied: the signed-in user is asked for again, with the new workspace's token.
    await waitFor(() =>
      expect(requests.find((request) => request.url.endsWith('/api/v1/auth/me'))?.headers.get('authorization')).toBe('Bearer access-globex'),
    );
    // It starts over on the landing page, the customer list.
    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeInTheDocument();
  });
});
