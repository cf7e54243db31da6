import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';
import type { Role, UserStatus, Workspace } from '../../auth/authApi';
import { authKeys } from '../../auth/useMe';

type Schemas = components['schemas'];

/** A member of the workspace (docs/auth.md, "Team"); the document types role and status as plain strings. */
export type User = Omit<Schemas['UserView'], 'role' | 'status'> & { role: Role; status: UserStatus };

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
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/users', { signal })) as Promise<{ items: User[] }>,
    select: (page) => page.items,
    enabled,
  });
}

export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteInput) => unwrap(api.POST('/api/v1/users', { body: input })) as Promise<User>,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.users }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserChange }) =>
      // Only the fields sent change; the document marks all four as required (nullable).
      unwrap(api.PUT('/api/v1/users/{id}', { params: { path: { id } }, body: change as Schemas['UserUpdate'] })) as Promise<User>,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.users }),
  });
}

export function useDeactivateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.users }),
  });
}

export function useWorkspace(enabled = true) {
  return useQuery({
    queryKey: teamKeys.workspace,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/workspace', { signal })),
    enabled,
  });
}

export function useUpdateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Pick<Workspace, 'name' | 'require_mfa'>) => unwrap(api.PUT('/api/v1/workspace', { body: input })),
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
