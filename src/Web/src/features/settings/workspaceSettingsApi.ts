import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';
import type { Workspace } from '../../auth/authApi';
import { authKeys } from '../../auth/useMe';
import { teamKeys } from '../team/teamApi';

export type WorkspaceChange = Partial<Pick<Workspace, 'name' | 'timezone' | 'currency'>>;

/** PATCH /workspace: only the fields sent change (admins only). */
export function usePatchWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: WorkspaceChange) =>
      // The document shares PUT's body, whose name and require_mfa are required; PATCH takes any of them.
      unwrap(api.PATCH('/api/v1/workspace', { body: change as components['schemas']['WorkspaceSettings'] })),
    onSuccess: (workspace) => {
      queryClient.setQueryData(teamKeys.workspace, workspace);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: authKeys.me }),
        queryClient.invalidateQueries({ queryKey: ['auth', 'workspaces'] }),
      ]);
    },
  });
}
