import { useTranslation } from 'react-i18next';
import type { OrderStatus } from '../../api/client';
import { useLocaleFormatters } from '../../i18n/format';
import { useOrderStatusCounts } from './orderApi';
import { ORDER_STATUS_LOOK, ORDER_STATUSES } from './OrderStatusBadge';

interface OrderStatusSummaryProps {
  /** The list's filter without its status part. */
  filter: Record<string, string>;
  selected: readonly OrderStatus[];
  onToggle: (status: OrderStatus) => void;
}

/**
 * Orders per status for the current filter: a segmented bar for the eye (hidden from screen
 * readers) and, carrying the same numbers in text, a row of toggle buttons that filter by status.
 */
export function OrderStatusSummary({ filter, selected, onToggle }: OrderStatusSummaryProps) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const results = useOrderStatusCounts(filter);
  if (results.some((result) => result.isError)) return null; // a nicety: the list itself still works

  const counts = ORDER_STATUSES.map((status, index) => ({ status, count: results[index]?.data?.count }));
  const loaded = counts.every((entry) => entry.count !== undefined);
  const total = counts.reduce((sum, entry) => sum + (entry.count ?? 0), 0);

  return (
    <section aria-label={t('orders.summary.label')} className="mb-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-baseline justify-between gap-3">
        <h2 className="text-sm font-semibold text-slate-900">{t('orders.summary.title')}</h2>
        <p className="text-sm text-slate-600">
          {loaded ? t('orders.summary.total', { count: total, formatted: format.count(total) }) : t('common.loading')}
        </p>
      </div>
      <div aria-hidden="true" className="mt-3 flex h-2.5 overflow-hidden rounded-full bg-slate-100">
        {loaded &&
          total > 0 &&
          counts.map(({ status, count }) =>
            count ? (
              <div key={status} className={ORDER_STATUS_LOOK[status].bar} style={{ width: `${(count / total) * 100}%` }} />
            ) : null,
          )}
      </div>
      <ul className="mt-3 flex flex-wrap gap-2">
        {counts.map(({ status, count }) => {
          const pressed = selected.includes(status);
          const { icon: Icon, bar } = ORDER_STATUS_LOOK[status];
          return (
            <li key={status}>
              <button
                type="button"
                aria-pressed={pressed}
                onClick={() => onToggle(status)}
                className={`inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm ring-1 ring-inset transition-colors ${
                  pressed ? 'bg-indigo-50 font-semibold text-indigo-900 ring-indigo-400' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
                }`}
              >
                <span aria-hidden="true" className={`size-2.5 rounded-full ${bar}`} />
                <Icon aria-hidden="true" className="size-3.5" />
                {t(`orders.status.${status}`)}
                <span className="tabular-nums text-slate-600">{count === undefined ? '…' : format.count(count)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
