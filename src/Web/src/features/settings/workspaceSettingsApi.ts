import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../api/request';
import type { Workspace } from '../../auth/authApi';
import { authKeys } from '../../auth/useMe';
import { teamKeys } from '../team/teamApi';

export type WorkspaceChange = Partial<Pick<Workspace, 'name' | 'timezone' | 'currency'>>;

/** PATCH /workspace: only the fields sent change (admins only). */
export function usePatchWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: WorkspaceChange) => apiRequest<Workspace>('PATCH', '/workspace', { body: change }),
    onSuccess: (workspace) => {
      queryClient.setQueryData(teamKeys.workspace, workspace);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: authKeys.me }),
        queryClient.invalidateQueries({ queryKey: ['auth', 'workspaces'] }),
      ]);
    },
  });
}
