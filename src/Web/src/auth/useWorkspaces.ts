import { useMutation, useQuery } from '@tanstack/react-query';
import { getWorkspaces, switchWorkspace } from './authApi';
import { useAuthSession, useAuthState } from './AuthProvider';

export const workspacesKey = ['auth', 'workspaces'] as const;

/** The workspaces the signed-in person belongs to (the current one included). */
export function useWorkspaces() {
  const state = useAuthState();
  return useQuery({
    queryKey: workspacesKey,
    queryFn: ({ signal }) => getWorkspaces(signal),
    select: (answer) => answer.items,
    enabled: state.status === 'signedIn',
    staleTime: 5 * 60_000,
  });
}

/**
 * Switches to another workspace: its tokens become this session's. Signing in anew empties the query cache
 * (AuthProvider) and reconnects the live connection (RealtimeProvider), so nothing of the last workspace stays.
 */
export function useSwitchWorkspace() {
  const session = useAuthSession();
  return useMutation({
    mutationFn: (workspaceId: string) => switchWorkspace(workspaceId),
    onSuccess: (tokens) => session.signIn(tokens),
  });
}
