import type { CustomerStatus } from '../../api/client';
import { dayField, listField, sortField, textField, urlFilters, type FiltersOf } from '../../components/urlFilters';
import { CUSTOMER_STATUSES } from './customerFormSchema';

/** An amount the API accepts (a number, not negative), else nothing. */
function amount(text: string): string | undefined {
  const value = Number(text);
  return text !== '' && Number.isFinite(value) && value >= 0 ? String(value) : undefined;
}

/** The customer list's view in the URL (?q=…&country=DE,FR&sort=…). */
export const customerFilters = urlFilters({
  q: textField('q'),
  countries: listField('country', { letterCase: 'upper' }),
  statuses: listField<CustomerStatus>('status', { allowed: CUSTOMER_STATUSES }),
  tag: textField('tag'),
  /** A segment's id: only its current members. */
  segment: textField('segment'),
  /** Lifetime value in USD, as typed. */
  ltvMin: textField('ltv_gte', amount),
  ltvMax: textField('ltv_lte', amount),
  createdAfter: dayField('created_after'),
  createdBefore: dayField('created_before', { endOfRange: true }),
  /** Empty means the API's default (newest first). */
  sort: sortField,
});

export type CustomerFilters = FiltersOf<typeof customerFilters.fields>;

export const DEFAULT_CUSTOMER_SORT = '-created_at';

/** The filter as a query string, for bulk actions ("country=US&tag=vip") and the export link. */
export function customerFilterQueryString(filters: CustomerFilters): string {
  return new URLSearchParams(customerFilters.apiQuery(filters)).toString();
}

export function exportUrl(filters: CustomerFilters, format: 'csv' | 'json'): string {
  const params = new URLSearchParams({ format, ...customerFilters.apiQuery(filters) });
  return `/api/v1/customers/export?${params.toString()}`;
}
