import type { OrderStatus } from '../../api/client';
import { dayField, listField, sortField, textField, urlFilters, type FiltersOf } from '../../components/urlFilters';
import { ORDER_STATUSES } from './OrderStatusBadge';

/** The orders list's view in the URL (?status=paid&currency=EUR&sort=…). */
export const orderFilters = urlFilters({
  /** Order number, partial (3+ characters) or exact. */
  q: textField('q'),
  statuses: listField<OrderStatus>('status', { allowed: ORDER_STATUSES }),
  currencies: listField('currency', { letterCase: 'upper' }),
  countries: listField('shipping_country', { letterCase: 'upper' }),
  orderedAfter: dayField('ordered_after'),
  orderedBefore: dayField('ordered_before', { endOfRange: true }),
  sort: sortField,
});

export type OrderFilters = FiltersOf<typeof orderFilters.fields>;

/** Newest orders first by the date they were placed (the column the table shows). */
export const DEFAULT_ORDER_SORT = '-ordered_at';
