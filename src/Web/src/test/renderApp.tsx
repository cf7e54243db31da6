import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { PERMISSIONS, type Me } from '../auth/authApi';
import { AuthProvider } from '../auth/AuthProvider';
import { authSession } from '../auth/session';
import { authKeys } from '../auth/useMe';
import { appRoutes } from '../routes';

export const TEST_ACCESS_TOKEN = 'test-access-token';

/** The signed-in user of a test: an admin (every permission) unless the test says otherwise. */
export function testMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 'u-admin',
    email: 'ada@example.com',
    first_name: 'Ada',
    last_name: 'Admin',
    avatar_url: null,
    timezone: 'Europe/Berlin',
    language: 'en',
    role: 'admin',
    status: 'active',
    mfa_enabled: false,
    mfa_setup_required: false,
    last_login: '2025-03-01T09:00:00Z',
    workspace: { id: 'w1', slug: 'acme', name: 'Acme', require_mfa: false, timezone: 'UTC', currency: 'EUR' },
    permissions: [...PERMISSIONS],
    ...overrides,
  };
}

interface RenderAppOptions {
  /** The signed-in user; `null` renders the app signed out. */
  me?: Partial<Me> | null;
}

/**
 * Renders the whole app (layout + routes) at a URL, with a fresh query cache and no retries. By
 * default someone is signed in: the session holds a test token and the cache already knows the user,
 * so tests need not answer /auth/me.
 */
export function renderApp(url: string, { me = {} }: RenderAppOptions = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  authSession.end();
  if (me !== null) {
    authSession.signIn({ access_token: TEST_ACCESS_TOKEN, refresh_token: 'test-refresh-token', expires_in: 900, token_type: 'Bearer' });
    queryClient.setQueryData(authKeys.me, testMe(me));
  }
  const router = createMemoryRouter(appRoutes, { initialEntries: [url] });
  const view = render(
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <RouterProvider router={router} />
      </AuthProvider>
    </QueryClientProvider>,
  );
  return { ...view, router, queryClient };
}
