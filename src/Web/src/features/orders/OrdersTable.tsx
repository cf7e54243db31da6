import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../api/client';
import { SortableHeader } from '../../components/SortableHeader';
import { cardList, cardNumericCell, headerCell, numericHeaderCell, rowLink } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';
import { customerFullName } from '../customers/customerName';
import { OrderStatusBadge, PaymentStatusBadge } from './OrderStatusBadge';
import { UsdAmount } from './UsdAmount';

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
      <th scope="col" className={`${numeric ? numericHeaderCell : headerCell} ${cardList.passiveHeader}`}>
        {label}
      </th>
    );
  const passive = (label: string, numeric = false) => (
    <th scope="col" className={`${numeric ? numericHeaderCell : headerCell} ${cardList.passiveHeader}`}>
      {label}
    </th>
  );

  return (
    <div className={cardList.frame}>
      <table className={cardList.table}>
        <caption className="sr-only">{caption}</caption>
        <thead className={cardList.head}>
          <tr className={cardList.headRow}>
            {sortable(t('orders.table.number'), 'order_number', 'ascending')}
            {showCustomer && passive(t('orders.table.customer'))}
            {sortable(t('orders.table.status'), 'status', 'ascending')}
            {passive(t('orders.table.payment'))}
            {passive(t('orders.table.total'), true)}
            {sortable(t('orders.table.totalUsd'), 'total_amount_usd', 'descending', true)}
            {passive(t('orders.table.shipTo'))}
            {sortable(t('orders.table.ordered'), 'ordered_at', 'descending')}
          </tr>
        </thead>
        <tbody className={cardList.body}>
          {orders.map((order) => (
            <tr key={order.id} className={`${cardList.row} transition-colors md:hover:bg-slate-50`}>
              <td className={`${cardList.titleCell} whitespace-nowrap`}>
                <Link to={`/orders/${order.id}`} className={`${rowLink} font-mono`}>
                  {order.order_number}
                </Link>
              </td>
              {showCustomer && (
                <td className={cardList.cell} data-label={t('orders.table.customer')}>
                  <Link
                    to={`/customers/${order.customer_id}`}
                    className="min-w-0 truncate rounded text-slate-700 hover:text-indigo-700 hover:underline md:whitespace-nowrap"
                  >
                    {customerFullName({
                      first_name: order.customer_first_name,
                      last_name: order.customer_last_name,
                      language: order.customer_language,
                      country_code: order.customer_country_code,
                    }) || order.customer_name}
                  </Link>
                </td>
              )}
              <td className={cardList.cell} data-label={t('orders.table.status')}>
                <OrderStatusBadge status={order.status ?? ''} />
              </td>
              <td className={cardList.cell} data-label={t('orders.table.payment')}>
                <PaymentStatusBadge status={order.payment_status ?? ''} />
              </td>
              <td className={cardNumericCell} data-label={t('orders.table.total')}>
                {format.money(order.total_amount, order.currency ?? 'USD')}
              </td>
              <td className={`${cardNumericCell} text-slate-600`} data-label={t('orders.table.totalUsd')}>
                <UsdAmount amount={order.total_amount_usd} pending={order.usd_pending} currency={order.currency ?? ''} />
              </td>
              <td className={cardList.cell} data-label={t('orders.table.shipTo')}>
                {order.shipping_country ? format.countryName(order.shipping_country) : '—'}
              </td>
              <td className={`${cardList.cell} whitespace-nowrap`} data-label={t('orders.table.ordered')}>
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
