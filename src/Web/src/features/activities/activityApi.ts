import { keepPreviousData, useInfiniteQuery, useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { components, paths } from '../../api/schema';
import { unwrap } from '../../api/request';
import { usePermission } from '../../auth/usePermission';
import { customerKeys, type CustomerListPage, type CustomerListQuery } from '../customers/customerApi';
import { useUsers } from '../team/teamApi';
import { customerFullName } from '../customers/customerName';

type Schemas = components['schemas'];

export type Activity = Schemas['Activity'];
export type ActivityType = Schemas['ActivityType'];
export type TaskStatus = NonNullable<Schemas['ActivityTaskStatus']>;
export type ActivityPage = Schemas['PageOfActivity'];

export const ACTIVITY_TYPES = ['email', 'call', 'meeting', 'note', 'task'] as const satisfies readonly ActivityType[];
export const TASK_STATUSES = ['pending', 'completed', 'cancelled'] as const satisfies readonly TaskStatus[];

export const ACTIVITY_PAGE_SIZE = 25;

type ActivityListQuery = NonNullable<paths['/api/v1/activities']['get']['parameters']['query']>;

/** What a list request asks for: filter parameters (the API's names) and sort. */
export interface ActivityListParams {
  filter: Record<string, string>;
  sort?: string;
}

export const activityKeys = {
  all: ['activities'] as const,
  lists: ['activities', 'list'] as const,
  list: (params: ActivityListParams) => ['activities', 'list', params] as const,
};

/** Activities matching the filter, one cursor page at a time; the first page also counts them all. */
export function useActivityList(params: ActivityListParams) {
  return useInfiniteQuery({
    queryKey: activityKeys.list(params),
    queryFn: ({ pageParam, signal }) => {
      const query = {
        ...params.filter,
        sort: params.sort || undefined,
        limit: ACTIVITY_PAGE_SIZE,
        cursor: pageParam ?? undefined,
        include_total: pageParam === null ? true : undefined,
      } as ActivityListQuery;
      return unwrap(api.GET('/api/v1/activities', { params: { query }, signal }));
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** POST /activities/{id}/complete. Callers decide what to refresh (and whether to update optimistically). */
export function completeActivity(id: string): Promise<Activity> {
  return unwrap(api.POST('/api/v1/activities/{id}/complete', { params: { path: { id } } }));
}

/** Completes a task from the activity list, then refetches every activity and task list. */
export function useCompleteActivity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => completeActivity(id),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: activityKeys.lists }),
        queryClient.invalidateQueries({ queryKey: ['tasks'] }),
      ]),
  });
}

/** The API takes at most this many ids in one `?id=` list. */
const NAMES_PER_REQUEST = 50;

/**
 * Customer names for a page of rows. Activities carry only customer_id, so the distinct customers are read
 * with one list request per 50 (GET /customers?id=…&fields=…), not one detail read each: a list is not an
 * audited read of one customer's record, and a page of tasks costs one request. Unknown or deleted customers
 * are simply missing from the map.
 */
export function useCustomerNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const distinct = [...new Set(ids)].sort();
  const chunks: string[][] = [];
  for (let i = 0; i < distinct.length; i += NAMES_PER_REQUEST) chunks.push(distinct.slice(i, i + NAMES_PER_REQUEST));
  return useQueries({
    queries: chunks.map((chunk) => ({
      queryKey: customerKeys.names(chunk),
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const query = { id: chunk.join(','), fields: 'first_name,last_name,email,language,country_code', limit: chunk.length } as CustomerListQuery;
        return (await unwrap(api.GET('/api/v1/customers', { params: { query }, signal }))) as CustomerListPage;
      },
      staleTime: 60_000,
      placeholderData: keepPreviousData,
    })),
    combine: (results) => {
      const names = new Map<string, string>();
      for (const customer of results.flatMap((result) => result.data?.items ?? [])) {
        const name = customerFullName(customer) || customer.email || '';
        if (name) names.set(customer.id, name);
      }
      return names;
    },
  });
}

export interface TeamMember {
  id: string;
  name: string;
}

/** The workspace's members (for assignee and author names and the filters); empty without users.read. */
export function useTeamMembers(): { members: readonly TeamMember[]; nameOf: (id: string | null | undefined) => string | undefined } {
  const users = useUsers(usePermission('users.read'));
  const members = (users.data ?? []).map((user) => ({
    id: user.id,
    name: `${user.first_name} ${user.last_name}`.trim() || user.email,
  }));
  return {
    members,
    nameOf: (id) => (id ? members.find((member) => member.id === id)?.name : undefined),
  };
}
