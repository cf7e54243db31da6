import type { OrderStatus } from '../../api/client';
import { startOfLocalDay } from '../customers/customerFilters';
import { ORDER_STATUSES } from './OrderStatusBadge';

/** The orders list's view, as kept in the URL with the API's parameter names. */
export interface OrderFilters {
  /** Order number, partial (3+ characters) or exact. */
  q: string;
  statuses: OrderStatus[];
  currencies: string[];
  countries: string[];
  /** Calendar days (yyyy-mm-dd) in the viewer's time zone, both inclusive. */
  orderedAfter: string;
  orderedBefore: string;
  sort: string;
}

/** Newest orders first by the date they were placed (the column the table shows). */
export const DEFAULT_ORDER_SORT = '-ordered_at';

export const emptyOrderFilters: OrderFilters = {
  q: '',
  statuses: [],
  currencies: [],
  countries: [],
  orderedAfter: '',
  orderedBefore: '',
  sort: '',
};

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function readOrderFilters(params: URLSearchParams): OrderFilters {
  return {
    q: (params.get('q') ?? '').trim(),
    statuses: list(params.get('status')).filter((status): status is OrderStatus =>
      (ORDER_STATUSES as readonly string[]).includes(status),
    ),
    currencies: list(params.get('currency')).map((code) => code.toUpperCase()),
    countries: list(params.get('shipping_country')).map((code) => code.toUpperCase()),
    orderedAfter: params.get('ordered_after') ?? '',
    orderedBefore: params.get('ordered_before') ?? '',
    sort: params.get('sort') ?? '',
  };
}

export function writeOrderFilters(filters: OrderFilters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string) => {
    if (value.trim() !== '') params.set(key, value.trim());
  };
  set('q', filters.q);
  set('status', filters.statuses.join(','));
  set('currency', filters.currencies.join(','));
  set('shipping_country', filters.countries.join(','));
  set('ordered_after', filters.orderedAfter);
  set('ordered_before', filters.orderedBefore);
  set('sort', filters.sort);
  return params;
}

/** API filter parameters (no sort or paging); `withoutStatus` for the per-status counts. */
export function orderApiFilter(filters: OrderFilters, { withoutStatus = false } = {}): Record<string, string> {
  const query: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') query[key] = value;
  };
  put('q', filters.q.trim());
  if (!withoutStatus) put('status', filters.statuses.join(','));
  put('currency', filters.currencies.join(','));
  put('shipping_country', filters.countries.join(','));
  put('ordered_after', startOfLocalDay(filters.orderedAfter));
  put('ordered_before', startOfLocalDay(filters.orderedBefore, 1));
  return query;
}

export function hasActiveOrderFilters(filters: OrderFilters): boolean {
  return Object.keys(orderApiFilter(filters)).length > 0;
}
