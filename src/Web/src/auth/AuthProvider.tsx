import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { authSession, type AuthSession, type AuthState } from './session';

const AuthContext = createContext<AuthSession>(authSession);

/**
 * Starts the session (a stored refresh token is exchanged for an access token) and empties the
 * query cache when the session ends or another user signs in, so no one sees the last user's data.
 */
export function AuthProvider({ children, session = authSession }: { children: ReactNode; session?: AuthSession }) {
  const queryClient = useQueryClient();

  useEffect(() => session.start(), [session]);

  useEffect(() => {
    let previous = session.getState();
    return session.subscribe(() => {
      const next = session.getState();
      const otherUser = next.status === 'signedIn' && previous.status === 'signedIn' && next.generation !== previous.generation;
      if ((next.status === 'signedOut' && previous.status !== 'signedOut') || otherUser) queryClient.clear();
      previous = next;
    });
  }, [session, queryClient]);

  return <AuthContext.Provider value={session}>{children}</AuthContext.Provider>;
}

export function useAuthSession(): AuthSession {
  return useContext(AuthContext);
}

/** The session's state; re-renders when it changes (sign-in, sign-out, expiry). */
export function useAuthState(): AuthState {
  const session = useAuthSession();
  return useSyncExternalStore(session.subscribe, session.getState);
}
