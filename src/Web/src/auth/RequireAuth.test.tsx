import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi, problemResponse, referenceData } from '../test/mockApi';
import { renderApp } from '../test/renderApp';
import { authSession } from './session';

describe('The sign-in gate', () => {
  it('returns to /login, with a notice and the way back, when the session cannot be refreshed', async () => {
    mockApi({
      'GET /api/v1/reference': () => jsonResponse(referenceData),
      'GET /api/v1/tags': () => jsonResponse([]),
      'GET /api/v1/customers': () => problemResponse({ status: 401, title: 'Unauthorized' }),
      'POST /api/v1/auth/refresh': () => problemResponse({ status: 401, title: 'Unauthorized' }),
    });
    const { router } = renderApp('/customers');

    // Three round trips (list 401, refresh 401, redirect): allow for a busy test machine.
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' }, { timeout: 5000 })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Your session has ended. Please sign in again.');
    expect(router.state.location.search).toBe('?next=%2Fcustomers');
    expect(authSession.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
  });

  it('keeps a user who must set up MFA on the profile page, with a notice', async () => {
    mockApi({
      'GET /api/v1/reference': () => problemResponse({ status: 403, title: 'Forbidden' }),
      'GET /api/v1/auth/sessions': () => jsonResponse([]),
    });
    const { router } = renderApp('/customers', {
      me: { mfa_setup_required: true, permissions: [], workspace: { id: 'w', slug: 'acme', name: 'Acme', require_mfa: true, timezone: 'UTC', currency: 'EUR' } },
    });

    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/settings/profile');
    expect(screen.getByText('Set up two-factor authentication to continue')).toBeInTheDocument();
  });

  it('signs out from the user menu and lands on /login without a ?next=', async () => {
    const { requests } = mockApi({ 'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }) });
    const user = userEvent.setup();
    const { router } = renderApp('/');

    // The layout has one user menu for phones and one for wide screens; CSS shows one of them.
    await user.click(screen.getAllByRole('button', { name: /Ada Admin/ })[0]!);
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('');
    expect(await requests[0]!.json()).toEqual({ refresh_token: 'test-refresh-token' });
  });
});
