import { keepPreviousData, useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Order, type OrderInput, type OrderStatus, type RefundInput } from '../../api/client';
import type { paths } from '../../api/schema';
import { unwrap } from '../../api/request';
import { customerKeys } from '../customers/customerApi';
import { ORDER_STATUSES } from './OrderStatusBadge';

export const ORDER_PAGE_SIZE = 25;

type OrderListQuery = NonNullable<paths['/api/v1/orders']['get']['parameters']['query']>;

export interface OrderListParams {
  filter: Record<string, string>;
  sort?: string;
}

export const orderKeys = {
  all: ['orders'] as const,
  lists: ['orders', 'list'] as const,
  list: (params: OrderListParams) => ['orders', 'list', params] as const,
  counts: (filter: Record<string, string>) => ['orders', 'list', 'counts', filter] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
};

export function useOrderList(params: OrderListParams) {
  return useInfiniteQuery({
    queryKey: orderKeys.list(params),
    queryFn: ({ pageParam, signal }) => {
      const query = {
        ...params.filter,
        sort: params.sort || undefined,
        limit: ORDER_PAGE_SIZE,
        cursor: pageParam ?? undefined,
        include_total: pageParam === null ? true : undefined,
      } as OrderListQuery;
      return unwrap(api.GET('/api/v1/orders', { params: { query }, signal }));
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/**
 * How many orders of each status the filter (without its status part) matches: one small request
 * per status (limit=1, include_total=true), since the API has no grouped count.
 */
export function useOrderStatusCounts(filter: Record<string, string>) {
  return useQueries({
    queries: ORDER_STATUSES.map((status) => ({
      queryKey: [...orderKeys.counts(filter), status],
      queryFn: async ({ signal }: { signal: AbortSignal }) => {
        const query = { ...filter, status, limit: 1, include_total: true } as OrderListQuery;
        const page = await unwrap(api.GET('/api/v1/orders', { params: { query }, signal }));
        return { status, count: page.total ?? 0 };
      },
      placeholderData: keepPreviousData,
    })),
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/orders/{id}', { params: { path: { id } }, signal })),
  });
}

/** After an order changed: its new copy, the lists, and the customer's figures and orders. */
function useOrderSaved() {
  const queryClient = useQueryClient();
  return (order: Order) => {
    queryClient.setQueryData(orderKeys.detail(order.id), order);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: orderKeys.lists }),
      queryClient.invalidateQueries({ queryKey: customerKeys.detail(order.customer_id) }),
      queryClient.invalidateQueries({ queryKey: customerKeys.orders(order.customer_id) }),
      queryClient.invalidateQueries({ queryKey: customerKeys.lists }),
    ]);
  };
}

export function useChangeOrderStatus(id: string) {
  const saved = useOrderSaved();
  return useMutation({
    mutationFn: (status: OrderStatus) =>
      unwrap(api.POST('/api/v1/orders/{id}/status', { params: { path: { id } }, body: { status } })),
    onSuccess: saved,
  });
}

export function useRefundOrder(id: string) {
  const saved = useOrderSaved();
  return useMutation({
    mutationFn: (input: RefundInput) =>
      unwrap(api.POST('/api/v1/orders/{id}/refunds', { params: { path: { id } }, body: input })),
    onSuccess: saved,
  });
}

export function useCreateOrder() {
  const saved = useOrderSaved();
  return useMutation({
    mutationFn: (input: OrderInput) => unwrap(api.POST('/api/v1/orders', { body: input })),
    onSuccess: saved,
  });
}
