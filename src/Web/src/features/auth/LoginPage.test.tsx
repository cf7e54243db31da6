import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { REFRESH_TOKEN_KEY } from '../../auth/session';
import { jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp, testMe } from '../../test/renderApp';

const tokens = { access_token: 'access-1', refresh_token: 'refresh-1', expires_in: 900, token_type: 'Bearer' };

/** The user's own record, answered once signed in; the dashboard needs nothing else. */
const signedInRoutes = { 'GET /api/v1/auth/me': () => jsonResponse(testMe()) };

async function fillCredentials(email: string, password: string) {
  const user = userEvent.setup();
  if (email) await user.type(screen.getByLabelText(/^Email/), email);
  if (password) await user.type(screen.getByLabelText(/^Password/), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return user;
}

describe('Sign-in', () => {
  it('sends signed-out visitors to /login with the page they wanted', async () => {
    const { router } = renderApp('/customers?country=DE', { me: null });
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/customers?country=DE')}`);
  });

  it('checks the fields before anything is sent', async () => {
    const { requests } = mockApi({});
    renderApp('/login', { me: null });

    await fillCredentials('', '');
    expect(screen.getAllByText('This field is required.')).toHaveLength(2);
    expect(screen.getByLabelText(/^Email/)).toHaveAttribute('aria-invalid', 'true');

    await fillCredentials('not-an-email', 'secret');
    expect(await screen.findByText('Enter a valid email address.')).toBeInTheDocument();
    expect(requests).toHaveLength(0);
  });

  it('says clearly when the email or password is wrong', async () => {
    const { requests } = mockApi({
      'POST /api/v1/auth/login': () => problemResponse({ status: 401, title: 'Unauthorized' }),
    });
    renderApp('/login', { me: null });

    await fillCredentials('ada@example.com', 'wrong password');

    expect(await screen.findByRole('alert')).toHaveTextContent('Incorrect email or password.');
    expect(await requests[0]!.json()).toEqual({ email: 'ada@example.com', password: 'wrong password' });
    expect(requests[0]!.headers.get('authorization')).toBeNull();
  });

  it('shows how long a locked-out account has to wait (Retry-After) and blocks the button meanwhile', async () => {
    mockApi({
      'POST /api/v1/auth/login': () =>
        new Response(JSON.stringify({ status: 429, title: 'Too Many Requests' }), {
          status: 429,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '120' },
        }),
    });
    renderApp('/login', { me: null });

    await fillCredentials('ada@example.com', 'guess number six');

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many failed sign-ins. Try again in 2 minutes.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
  });

  it('signs in and goes on to the page in ?next=, sending the new token from then on', async () => {
    const { requests } = mockApi({
      'POST /api/v1/auth/login': () => jsonResponse(tokens),
      ...signedInRoutes,
    });
    const { router } = renderApp(`/login?next=${encodeURIComponent('/settings')}`, { me: null });

    await fillCredentials('ada@example.com', 'correct horse battery');

    expect(await screen.findByRole('heading', { level: 1, name: 'Settings' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/settings');
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
    const me = requests.find((request) => request.url.endsWith('/api/v1/auth/me'));
    expect(me?.headers.get('authorization')).toBe('Bearer access-1');
  });

  it('never follows a ?next= to another site', async () => {
    mockApi({ 'POST /api/v1/auth/login': () => jsonResponse(tokens), ...signedInRoutes });
    const { router } = renderApp(`/login?next=${encodeURIComponent('//evil.example/phish')}`, { me: null });

    await fillCredentials('ada@example.com', 'correct horse battery');

    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' }, { timeout: 5000 })).toBeInTheDocument();
    // Signing in lands on the customers.
    expect(router.state.location.pathname).toBe('/customers');
  });
});

describe('Sign-in with two-factor authentication', () => {
  const challenge = { mfa_required: true, mfa_token: 'mfa-token-1', expires_in: 300 };

  it('asks for the code after the password, checks its form, then signs in with it', async () => {
    const { requests } = mockApi({
      'POST /api/v1/auth/login': () => jsonResponse(challenge),
      'POST /api/v1/auth/mfa': () => jsonResponse(tokens),
      ...signedInRoutes,
    });
    renderApp('/login', { me: null });

    const user = await fillCredentials('ada@example.com', 'correct horse battery');
    expect(await screen.findByRole('heading', { level: 1, name: 'Two-factor authentication' })).toBeInTheDocument();

    const code = screen.getByLabelText(/^Code/);
    await user.type(code, '12');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('Enter the 6-digit code from your authenticator app, or a recovery code.')).toBeInTheDocument();
    expect(requests.filter((request) => request.url.endsWith('/auth/mfa'))).toHaveLength(0);

    await user.clear(code);
    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' }, { timeout: 5000 })).toBeInTheDocument();
    const mfa = requests.find((request) => request.url.endsWith('/api/v1/auth/mfa'))!;
    expect(await mfa.json()).toEqual({ mfa_token: 'mfa-token-1', code: '123456' });
  });

  it('accepts a recovery code instead', async () => {
    const { requests } = mockApi({
      'POST /api/v1/auth/login': () => jsonResponse(challenge),
      'POST /api/v1/auth/mfa': () => jsonResponse(tokens),
      ...signedInRoutes,
    });
    renderApp('/login', { me: null });

    const user = await fillCredentials('ada@example.com', 'correct horse battery');
    await user.type(await screen.findByLabelText(/^Code/), 'k3j9-x2mq');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    await screen.findByRole('heading', { level: 1, name: 'Customers' }, { timeout: 5000 });
    const mfa = requests.find((request) => request.url.endsWith('/api/v1/auth/mfa'))!;
    expect(await mfa.json()).toEqual({ mfa_token: 'mfa-token-1', code: 'k3j9-x2mq' });
  });

  it('says when the code is wrong and lets the user start over', async () => {
    mockApi({
      'POST /api/v1/auth/login': () => jsonResponse(challenge),
      'POST /api/v1/auth/mfa': () => problemResponse({ status: 401, title: 'Unauthorized' }),
    });
    renderApp('/login', { me: null });

    const user = await fillCredentials('ada@example.com', 'correct horse battery');
    await user.type(await screen.findByLabelText(/^Code/), '000000');
    await user.click(screen.getByRole('button', { name: 'Verify' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('That code is not valid.');
    await waitFor(() => expect(screen.getByLabelText(/^Code/)).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Start over' }));
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
  });
});
