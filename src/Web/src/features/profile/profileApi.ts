import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  changePassword,
  disableMfa,
  enableMfa,
  getSessions,
  revokeSession,
  setupMfa,
  updateMe,
  type MeInput,
} from '../../auth/authApi';
import { useAuthSession } from '../../auth/AuthProvider';
import { authKeys } from '../../auth/useMe';

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MeInput) => updateMe(input),
    onSuccess: (me) => queryClient.setQueryData(authKeys.me, me),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ current, next }: { current: string; next: string }) => changePassword(current, next),
    // Every other session has been signed out.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.sessions }),
  });
}

export function useSessions() {
  return useQuery({ queryKey: authKeys.sessions, queryFn: ({ signal }) => getSessions(signal) });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => revokeSession(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.sessions }),
  });
}

export function useSetupMfa() {
  return useMutation({ mutationFn: () => setupMfa() });
}

/**
 * Turns MFA on with the first code. Tokens issued before may carry only the /auth/* permissions
 * (workspace requires MFA): a refresh fetches tokens that reflect the change, then the user is reloaded.
 */
export function useEnableMfa() {
  const queryClient = useQueryClient();
  const session = useAuthSession();
  return useMutation({
    mutationFn: (code: string) => enableMfa(code),
    onSuccess: async () => {
      await session.refresh().catch(() => undefined);
      await queryClient.invalidateQueries({ queryKey: authKeys.me });
    },
  });
}

export function useDisableMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => disableMfa(password),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.me }),
  });
}
