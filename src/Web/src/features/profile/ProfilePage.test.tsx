import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockApi, problemResponse, referenceData } from '../../test/mockApi';
import { renderApp, testMe } from '../../test/renderApp';

const sessions = [
  { id: 's1', created_at: '2025-03-01T09:00:00Z', last_used_at: '2025-03-02T09:00:00Z', expires_at: '2025-04-01T09:00:00Z', user_agent: 'Firefox on Linux', ip: '10.0.0.1', current: false },
  { id: 's2', created_at: '2025-03-03T09:00:00Z', last_used_at: null, expires_at: '2025-04-03T09:00:00Z', user_agent: 'Chrome on macOS', ip: '10.0.0.2', current: true },
];

const baseRoutes = {
  'GET /api/v1/reference': () => jsonResponse(referenceData),
  'GET /api/v1/auth/sessions': () => jsonResponse(sessions),
};

describe('Profile page', () => {
  it('sets up MFA: QR code and secret, a code from the app, then the recovery codes once', async () => {
    const codes = Array.from({ length: 10 }, (_, index) => `code-${index}aaa`);
    const { requests } = mockApi({
      ...baseRoutes,
      'POST /api/v1/auth/mfa/setup': () =>
        jsonResponse({ secret: 'JBSWY3DPEHPK3PXP', otpauth_uri: 'otpauth://totp/SimpleCrm:ada@example.com?secret=JBSWY3DPEHPK3PXP&issuer=SimpleCrm' }),
      'POST /api/v1/auth/mfa/enable': () => jsonResponse({ recovery_codes: codes }),
      'POST /api/v1/auth/refresh': () => jsonResponse({ access_token: 'a2', refresh_token: 'r2', expires_in: 900, token_type: 'Bearer' }),
      'GET /api/v1/auth/me': () => jsonResponse(testMe({ mfa_enabled: true })),
    });
    const user = userEvent.setup();
    // After setup(): user-event installs a clipboard of its own.
    const writeText = vi.fn((_text: string) => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderApp('/settings/profile');

    const mfa = await screen.findByRole('region', { name: 'Two-factor authentication' });
    await user.click(within(mfa).getByRole('button', { name: 'Set up two-factor authentication' }));

    const qr = await within(mfa).findByRole('img', { name: 'QR code to add SimpleCrm to your authenticator app' });
    expect(qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(within(mfa).getByText('JBSWY3DPEHPK3PXP')).toBeInTheDocument();

    await user.type(within(mfa).getByLabelText(/^Code from the app/), '654321');
    await user.click(within(mfa).getByRole('button', { name: 'Turn on' }));

    const list = await within(mfa).findByRole('list', { name: 'Recovery codes' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    const enable = requests.find((request) => request.url.endsWith('/auth/mfa/enable'))!;
    expect(await enable.json()).toEqual({ code: '654321' });

    await user.click(within(mfa).getByRole('button', { name: 'Copy codes' }));
    expect(writeText).toHaveBeenCalledWith(codes.join('\n'));
    expect(within(mfa).getByText('Copied.')).toBeInTheDocument();

    await user.click(within(mfa).getByRole('button', { name: 'I have saved the codes' }));
    expect(within(mfa).queryByRole('list', { name: 'Recovery codes' })).not.toBeInTheDocument();
    await waitFor(() => expect(within(mfa).getByText('On')).toBeInTheDocument());
  });

  it('lists the sessions with this device first, and signs out another one', async () => {
    const { requests } = mockApi({ ...baseRoutes, 'DELETE /api/v1/auth/sessions/s1': () => new Response(null, { status: 204 }) });
    const user = userEvent.setup();
    renderApp('/settings/profile');

    const table = await screen.findByRole('table', { name: 'Sessions' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Chrome on macOS');
    expect(rows[0]).toHaveTextContent('This device');
    expect(within(rows[0]!).queryByRole('button')).not.toBeInTheDocument();

    await user.click(within(rows[1]!).getByRole('button', { name: 'Sign out the session on Firefox on Linux' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'DELETE')).toBe(true));
  });

  it('refuses a new password that breaks the policy before sending it, and shows the server’s verdict', async () => {
    const { requests } = mockApi({
      ...baseRoutes,
      'POST /api/v1/auth/password': () =>
        problemResponse({ status: 400, title: 'Bad Request', errors: { current_password: ['The current password is wrong.'] } }),
    });
    const user = userEvent.setup();
    renderApp('/settings/profile');

    const card = await screen.findByRole('region', { name: 'Password' });
    await user.type(within(card).getByLabelText(/^Current password/), 'old password here');
    await user.type(within(card).getByLabelText(/^New password/), 'short');
    await user.type(within(card).getByLabelText(/^Repeat the new password/), 'different');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));
    expect(await within(card).findByText('Use at least 12 characters.')).toBeInTheDocument();
    expect(within(card).getByText('The passwords do not match.')).toBeInTheDocument();

    await user.clear(within(card).getByLabelText(/^New password/));
    await user.type(within(card).getByLabelText(/^New password/), 'ada-is-my-name-2025');
    await user.click(within(card).getByRole('button', { name: 'Change password' }));
    expect(await within(card).findByText('The password must not contain your email address.')).toBeInTheDocument();
    expect(requests.some((request) => request.url.endsWith('/auth/password'))).toBe(false);

    for (const label of [/^New password/, /^Repeat the new password/]) {
      await user.clear(within(card).getByLabelText(label));
      await user.type(within(card).getByLabelText(label), 'a much longer secret');
    }
    await user.click(within(card).getByRole('button', { name: 'Change password' }));
    expect(await within(card).findByText('The current password is wrong.')).toBeInTheDocument();
  });
});
