import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/request';
import type { Role, UserStatus, Workspace } from '../../auth/authApi';
import { authKeys } from '../../auth/useMe';

/** A member of the workspace (docs/auth.md, "Team"). */
export interface User {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  status: UserStatus;
  mfa_enabled: boolean;
  last_login: string | null;
  created_at: string;
}

export interface InviteInput {
  email: string;
  role: Role;
  first_name: string;
  last_name: string;
}

export type UserChange = Partial<Pick<User, 'role' | 'status' | 'first_name' | 'last_name'>>;

export const teamKeys = {
  users: ['users'] as const,
  workspace: ['workspace'] as const,
};

export function useUsers(enabled = true) {
  return useQuery({
    queryKey: teamKeys.users,
    queryFn: ({ signal }) => apiRequest<{ items: User[] }>('GET', '/users', { signal }),
    select: (page) => page.items,
    enabled,
  });
}

export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteInput) => apiRequest<User>('POST', '/users', { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.users }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserChange }) =>
      apiRequest<User>('PUT', `/users/${encodeURIComponent(id)}`, { body: change }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.users }),
  });
}

export function useDeactivateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiRequest<void>('DELETE', `/users/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.users }),
  });
}

export function useWorkspace(enabled = true) {
  return useQuery({
    queryKey: teamKeys.workspace,
    queryFn: ({ signal }) => apiRequest<Workspace>('GET', '/workspace', { signal }),
    enabled,
  });
}

export function useUpdateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Pick<Workspace, 'name' | 'require_mfa'>) => apiRequest<Workspace>('PUT', '/workspace', { body: input }),
    onSuccess: (workspace) => {
      // The answer is documented as a bare 200: read it again rather than trusting a body.
      if (workspace && typeof workspace === 'object') queryClient.setQueryData(teamKeys.workspace, workspace);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: teamKeys.workspace }),
        queryClient.invalidateQueries({ queryKey: authKeys.me }),
      ]);
    },
  });
}
