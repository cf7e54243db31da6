import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { paths } from '../../api/schema';
import { unwrap } from '../../api/request';
import { activityKeys, completeActivity, type Activity, type ActivityPage } from '../activities/activityApi';
import { isOverdue } from '../activities/activityPresentation';

/** The tabs of My tasks. */
export const TASK_VIEWS = ['open', 'overdue', 'completed'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

export const TASK_PAGE_SIZE = 50;

type MyTasksQuery = NonNullable<paths['/api/v1/tasks/mine']['get']['parameters']['query']>;

export const taskKeys = {
  all: ['tasks'] as const,
  lists: ['tasks', 'mine'] as const,
  mine: (view: TaskView) => ['tasks', 'mine', view] as const,
  counts: ['tasks', 'count'] as const,
  count: (view: TaskView) => ['tasks', 'count', view] as const,
};

/** GET /tasks/mine parameters of a tab: open and overdue soonest due first, completed most recent first. */
export function taskViewQuery(view: TaskView): MyTasksQuery {
  switch (view) {
    case 'open':
      return { status: 'pending' };
    case 'overdue':
      return { overdue: true };
    case 'completed':
      return { status: 'completed', sort: '-updated_at' };
  }
}

export function readTaskView(params: URLSearchParams): TaskView {
  const view = params.get('view');
  return (TASK_VIEWS as readonly string[]).includes(view ?? '') ? (view as TaskView) : 'open';
}

export function useMyTasks(view: TaskView) {
  return useInfiniteQuery({
    queryKey: taskKeys.mine(view),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/tasks/mine', {
          params: {
            query: {
              ...taskViewQuery(view),
              limit: TASK_PAGE_SIZE,
              cursor: pageParam ?? undefined,
              include_total: pageParam === null ? true : undefined,
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}

/** How many tasks a tab holds (one row asked for, the total counted). */
export function useMyTaskCount(view: TaskView) {
  return useQuery({
    queryKey: taskKeys.count(view),
    queryFn: async ({ signal }) => {
      const page = await unwrap(
        api.GET('/api/v1/tasks/mine', { params: { query: { ...taskViewQuery(view), limit: 1, include_total: true } }, signal }),
      );
      return page.total ?? 0;
    },
  });
}

type TaskPages = InfiniteData<ActivityPage, string | null>;

/**
 * The cache after completing `task`: gone from the pending tabs, first in the completed tab, and
 * the pending counts one lower. Pure, so the optimistic update can be tested and rolled back.
 */
export function withTaskCompleted(view: TaskView, data: TaskPages, task: Activity, at: string): TaskPages {
  const done: Activity = { ...task, status: 'completed', completed_at: at, updated_at: at, overdue: false };
  if (view === 'completed') {
    const [first, ...rest] = data.pages;
    if (!first || data.pages.some((page) => page.items.some((item) => item.id === task.id))) return data;
    return { ...data, pages: [{ ...first, items: [done, ...first.items], total: first.total == null ? null : first.total + 1 }, ...rest] };
  }
  let removed = false;
  const pages = data.pages.map((page) => {
    const items = page.items.filter((item) => item.id !== task.id);
    if (items.length === page.items.length) return page;
    removed = true;
    return { ...page, items };
  });
  if (!removed) return data;
  const [first, ...rest] = pages;
  return { ...data, pages: first ? [{ ...first, total: first.total == null ? null : Math.max(0, first.total - 1) }, ...rest] : pages };
}

/**
 * Completes one of my tasks optimistically: it leaves the open and overdue tabs at once and
 * comes back if the server refuses; either way the lists are refetched afterwards.
 */
export function useCompleteMyTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (task: Activity) => completeActivity(task.id),
    onMutate: async (task) => {
      await queryClient.cancelQueries({ queryKey: taskKeys.all });
      const snapshot: [QueryKey, unknown][] = queryClient.getQueriesData({ queryKey: taskKeys.all });
      const at = new Date().toISOString();
      for (const view of ['open', 'overdue', 'completed'] as const) {
        if (view === 'overdue' && !isOverdue(task)) continue;
        queryClient.setQueryData<TaskPages>(taskKeys.mine(view), (data) => (data ? withTaskCompleted(view, data, task, at) : data));
        queryClient.setQueryData<number>(taskKeys.count(view), (count) =>
          count === undefined ? count : view === 'completed' ? count + 1 : Math.max(0, count - 1),
        );
      }
      return { snapshot };
    },
    onError: (_error, _task, context) => {
      for (const [queryKey, data] of context?.snapshot ?? []) queryClient.setQueryData(queryKey, data);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: taskKeys.all }),
        queryClient.invalidateQueries({ queryKey: activityKeys.lists }),
      ]),
  });
}
