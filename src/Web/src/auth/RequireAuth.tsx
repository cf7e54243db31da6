import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../components/StateMessages';
import { useAuthSession, useAuthState } from './AuthProvider';
import { loginPathFor, PROFILE_PATH } from './redirects';
import { useMe } from './useMe';

/** Router state the sign-in page reads to say why it is shown. */
export interface LoginRedirectState {
  expired?: boolean;
}

function FullPageMessage({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="w-full max-w-md">{children}</div>
    </main>
  );
}

/**
 * The gate in front of every page but the sign-in ones: waits for the session to start, sends
 * signed-out visitors to /login?next=…, loads the user (for permissions), and keeps users who must
 * set up MFA on their profile page.
 */
export function RequireAuth() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const state = useAuthState();
  const location = useLocation();
  const me = useMe();

  if (state.status === 'starting') {
    return (
      <FullPageMessage>
        <LoadingState label={t('auth.starting')} />
      </FullPageMessage>
    );
  }
  if (state.status === 'unreachable') {
    return (
      <FullPageMessage>
        <ErrorState message={t('auth.unreachable')} error={undefined} onRetry={() => session.retryStart()} />
      </FullPageMessage>
    );
  }
  if (state.status === 'signedOut') {
    // Signing out on purpose starts afresh; an expired session comes back to where it was.
    const target = state.reason === 'signedOut' ? '/login' : loginPathFor(`${location.pathname}${location.search}`);
    const redirectState: LoginRedirectState | null = state.reason === 'expired' ? { expired: true } : null;
    return <Navigate to={target} replace state={redirectState} />;
  }

  if (me.isPending) {
    return (
      <FullPageMessage>
        <LoadingState />
      </FullPageMessage>
    );
  }
  if (me.isError) {
    return (
      <FullPageMessage>
        <ErrorState message={t('auth.meLoadError')} error={me.error} onRetry={() => void me.refetch()} />
      </FullPageMessage>
    );
  }
  if (me.data.mfa_setup_required && location.pathname !== PROFILE_PATH) {
    return <Navigate to={PROFILE_PATH} replace />;
  }
  return <Outlet />;
}
