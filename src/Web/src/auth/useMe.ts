import { useQuery } from '@tanstack/react-query';
import { getMe } from './authApi';
import { useAuthState } from './AuthProvider';

export const authKeys = {
  all: ['auth'] as const,
  me: ['auth', 'me'] as const,
  sessions: ['auth', 'sessions'] as const,
};

/** The signed-in user, their workspace and permissions; cached, and only asked for while signed in. */
export function useMe() {
  const state = useAuthState();
  return useQuery({
    queryKey: authKeys.me,
    queryFn: ({ signal }) => getMe(signal),
    enabled: state.status === 'signedIn',
    staleTime: 5 * 60_000,
  });
}
