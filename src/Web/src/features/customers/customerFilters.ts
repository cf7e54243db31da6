import type { CustomerStatus } from '../../api/client';
import { CUSTOMER_STATUSES } from './customerFormSchema';

/**
 * What the customer list shows, exactly as it is kept in the URL (?q=…&country=DE,FR&sort=…), so
 * links, reloads and Back/Forward keep the view. The URL uses the API's parameter names.
 */
export interface CustomerFilters {
  q: string;
  countries: string[];
  statuses: CustomerStatus[];
  tag: string;
  /** Lifetime value in USD, as typed (validated when the request is built). */
  ltvMin: string;
  ltvMax: string;
  /** Calendar days (yyyy-mm-dd) in the viewer's time zone, both inclusive. */
  createdAfter: string;
  createdBefore: string;
  /** The ?sort= value; empty means the API's default (newest first). */
  sort: string;
}

export const DEFAULT_CUSTOMER_SORT = '-created_at';

export const emptyCustomerFilters: CustomerFilters = {
  q: '',
  countries: [],
  statuses: [],
  tag: '',
  ltvMin: '',
  ltvMax: '',
  createdAfter: '',
  createdBefore: '',
  sort: '',
};

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function readCustomerFilters(params: URLSearchParams): CustomerFilters {
  return {
    q: (params.get('q') ?? '').trim(),
    countries: list(params.get('country')).map((code) => code.toUpperCase()),
    statuses: list(params.get('status')).filter((status): status is CustomerStatus =>
      (CUSTOMER_STATUSES as readonly string[]).includes(status),
    ),
    tag: (params.get('tag') ?? '').trim(),
    ltvMin: params.get('ltv_gte') ?? '',
    ltvMax: params.get('ltv_lte') ?? '',
    createdAfter: params.get('created_after') ?? '',
    createdBefore: params.get('created_before') ?? '',
    sort: params.get('sort') ?? '',
  };
}

/** Filters → URL search params; empty parts are left out so URLs stay short. */
export function writeCustomerFilters(filters: CustomerFilters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string) => {
    if (value.trim() !== '') params.set(key, value.trim());
  };
  set('q', filters.q);
  set('country', filters.countries.join(','));
  set('status', filters.statuses.join(','));
  set('tag', filters.tag);
  set('ltv_gte', filters.ltvMin);
  set('ltv_lte', filters.ltvMax);
  set('created_after', filters.createdAfter);
  set('created_before', filters.createdBefore);
  set('sort', filters.sort);
  return params;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a calendar day starts in the viewer's time zone, plus `addDays`. */
export function startOfLocalDay(day: string, addDays = 0): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function amount(text: string): string | undefined {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 ? String(value) : undefined;
}

/**
 * The list's filter parameters for the API (no sort or paging). Days become instants in the
 * viewer's time zone (created_before is the start of the day after, so the day is included);
 * values the API would reject are left out rather than failing the whole list.
 */
export function customerApiFilter(filters: CustomerFilters): Record<string, string> {
  const query: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') query[key] = value;
  };
  put('q', filters.q.trim());
  put('country', filters.countries.join(','));
  put('status', filters.statuses.join(','));
  put('tag', filters.tag.trim());
  put('ltv_gte', amount(filters.ltvMin));
  put('ltv_lte', amount(filters.ltvMax));
  put('created_after', startOfLocalDay(filters.createdAfter));
  put('created_before', startOfLocalDay(filters.createdBefore, 1));
  return query;
}

/** The filter as a query string, for bulk actions ("country=US&tag=vip") and the export link. */
export function customerFilterQueryString(filters: CustomerFilters): string {
  return new URLSearchParams(customerApiFilter(filters)).toString();
}

export function hasActiveFilters(filters: CustomerFilters): boolean {
  return Object.keys(customerApiFilter(filters)).length > 0;
}

export function exportUrl(filters: CustomerFilters, format: 'csv' | 'json'): string {
  const params = new URLSearchParams({ format, ...customerApiFilter(filters) });
  return `/api/v1/customers/export?${params.toString()}`;
}
