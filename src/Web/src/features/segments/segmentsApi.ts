import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';
import { customerKeys } from '../customers/customerApi';

export type Segment = components['schemas']['SegmentView'];

export const MEMBERS_PAGE_SIZE = 25;

export const segmentKeys = {
  all: ['segments'] as const,
  list: ['segments', 'list'] as const,
  detail: (id: string) => ['segments', 'detail', id] as const,
  members: (id: string) => ['segments', 'members', id] as const,
  preview: (rules: string) => ['segments', 'preview', rules] as const,
};

export function useSegments() {
  return useQuery({
    queryKey: segmentKeys.list,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/segments', { signal })),
    select: (list) => list.items,
  });
}

export function useSegment(id: string) {
  return useQuery({
    queryKey: segmentKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/segments/{id}', { params: { path: { id } }, signal })),
  });
}

/** The segment's current members, a cursor page at a time; the first page counts them all. */
export function useSegmentMembers(id: string) {
  return useInfiniteQuery({
    queryKey: segmentKeys.members(id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/segments/{id}/members', {
          params: {
            path: { id },
            query: { limit: MEMBERS_PAGE_SIZE, cursor: pageParam ?? undefined, include_total: pageParam === null ? true : undefined },
          },
          signal,
        }),
      ),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

/**
 * How many customers the rules match now. The rules come already debounced and serialized (the key);
 * the previous count stays on screen while the next one is counted.
 */
export function useSegmentPreview(rulesJson: string | undefined) {
  return useQuery({
    queryKey: segmentKeys.preview(rulesJson ?? ''),
    queryFn: ({ signal }) =>
      unwrap(api.POST('/api/v1/segments/preview', { body: { rules: JSON.parse(rulesJson!) as never }, signal })),
    enabled: rulesJson !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

function useInvalidateSegments() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: segmentKeys.all });
}

export function useCreateSegment() {
  const invalidate = useInvalidateSegments();
  return useMutation({
    mutationFn: (input: { name: string; kind: 'dynamic' | 'static'; rules?: unknown }) =>
      unwrap(
        api.POST('/api/v1/segments', {
          body: input.kind === 'static' ? { name: input.name, kind: 'static', customer_ids: [] } : { name: input.name, kind: 'dynamic', rules: input.rules },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useUpdateSegment(id: string) {
  const invalidate = useInvalidateSegments();
  return useMutation({
    mutationFn: (changes: { name: string; rules?: unknown }) =>
      unwrap(api.PATCH('/api/v1/segments/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: invalidate,
  });
}

export function useDeleteSegment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/segments/{id}', { params: { path: { id } } })),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: segmentKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: segmentKeys.list });
    },
  });
}

/** Adds or removes hand-picked members of a static segment. */
export function useChangeMembers(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: { add?: string[]; remove?: string[] }) =>
      unwrap(api.POST('/api/v1/segments/{id}/members', { params: { path: { id } }, body: changes })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: segmentKeys.all }),
        queryClient.invalidateQueries({ queryKey: customerKeys.lists }),
      ]),
  });
}
