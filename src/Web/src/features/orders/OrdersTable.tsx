import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../api/client';
import { SortableHeader } from '../../components/SortableHeader';
import { bodyCell, headerCell, numericCell, numericHeaderCell, rowLink, tableClasses, tableFrame } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';
import { OrderStatusBadge, PaymentStatusBadge } from './OrderStatusBadge';

interface OrdersTableProps {
  orders: readonly OrderSummary[];
  caption: string;
  /** The customer column is left out where the customer is already known (the customer's page). */
  showCustomer?: boolean;
  /** With these, the headers sort the list. */
  sort?: string;
  onSortChange?: (sort: string) => void;
}

export function OrdersTable({ orders, caption, showCustomer = true, sort, onSortChange }: OrdersTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();

  const sortable = (label: string, field: string, first: 'ascending' | 'descending', numeric = false) =>
    sort !== undefined && onSortChange ? (
      <SortableHeader
        label={label}
        field={field}
        firstDirection={first}
        sort={sort}
        onSortChange={onSortChange}
        align={numeric ? 'right' : 'left'}
        className={numeric ? numericHeaderCell : headerCell}
      />
    ) : (
      <th scope="col" className={numeric ? numericHeaderCell : headerCell}>
        {label}
      </th>
    );

  return (
    <div className={tableFrame}>
      <table className={tableClasses}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {sortable(t('orders.table.number'), 'order_number', 'ascending')}
            {showCustomer && (
              <th scope="col" className={headerCell}>
                {t('orders.table.customer')}
              </th>
            )}
            {sortable(t('orders.table.status'), 'status', 'ascending')}
            <th scope="col" className={`${headerCell} hidden md:table-cell`}>
              {t('orders.table.payment')}
            </th>
            <th scope="col" className={numericHeaderCell}>
              {t('orders.table.total')}
            </th>
            {sortable(t('orders.table.totalUsd'), 'total_amount_usd', 'descending', true)}
            <th scope="col" className={`${headerCell} hidden lg:table-cell`}>
              {t('orders.table.shipTo')}
            </th>
            {sortable(t('orders.table.ordered'), 'ordered_at', 'descending')}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {orders.map((order) => (
            <tr key={order.id} className="transition-colors hover:bg-slate-50">
              <td className={`${bodyCell} whitespace-nowrap`}>
                <Link to={`/orders/${order.id}`} className={`${rowLink} font-mono`}>
                  {order.order_number}
                </Link>
                {/* On a phone the table scrolls sideways: the essentials also show here. */}
                <div className="mt-1 flex items-center gap-2 sm:hidden">
                  <OrderStatusBadge status={order.status ?? ''} />
                  <span className="tabular-nums text-slate-700">{format.money(order.total_amount, order.currency ?? 'USD')}</span>
                </div>
              </td>
              {showCustomer && (
                <td className={bodyCell}>
                  <Link
                    to={`/customers/${order.customer_id}`}
                    className="whitespace-nowrap rounded text-slate-700 hover:text-indigo-700 hover:underline"
                  >
                    {order.customer_name}
                  </Link>
                </td>
              )}
              <td className={bodyCell}>
                <OrderStatusBadge status={order.status ?? ''} />
              </td>
              <td className={`${bodyCell} hidden md:table-cell`}>
                <PaymentStatusBadge status={order.payment_status ?? ''} />
              </td>
              <td className={numericCell}>{format.money(order.total_amount, order.currency ?? 'USD')}</td>
              <td className={`${numericCell} text-slate-600`}>{format.money(order.total_amount_usd, 'USD')}</td>
              <td className={`${bodyCell} hidden lg:table-cell`}>
                {order.shipping_country ? format.countryName(order.shipping_country) : '—'}
              </td>
              <td className={`${bodyCell} whitespace-nowrap`}>
                {order.ordered_at && (
                  <time dateTime={order.ordered_at} title={format.dateTime(order.ordered_at)}>
                    {format.date(order.ordered_at)}
                  </time>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
