import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus, ShoppingCart, X } from 'lucide-react';
import type { OrderStatus } from '../../api/client';
import { useReferenceData } from '../../api/referenceData';
import { usePermission } from '../../auth/usePermission';
import { Button, buttonClasses } from '../../components/Button';
import { FilterToggle, useFilterPanel } from '../../components/FilterToggle';
import { useUrlFilters } from '../../components/useUrlFilters';
import { MultiSelect } from '../../components/MultiSelect';
import { PageHeader } from '../../components/PageHeader';
import { SearchBox } from '../../components/SearchBox';
import { ListStates } from '../../components/ListStates';
import { useLocaleFormatters } from '../../i18n/format';
import { ListFooter } from '../../components/ListFooter';
import { DateRangeFilter } from '../../components/RangeFilters';
import { countryOptions, currencyOptions } from '../customers/referenceOptions';
import { useOrderList } from './orderApi';
import { DEFAULT_ORDER_SORT, orderFilters } from './orderFilters';
import { OrdersTable } from './OrdersTable';
import { ORDER_STATUSES } from './OrderStatusBadge';
import { OrderStatusSummary } from './OrderStatusSummary';

const FILTER_PANEL_ID = 'order-filters';

export function OrdersListPage() {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const reference = useReferenceData();
  const canWrite = usePermission('orders.write');
  const { filters, update } = useUrlFilters(orderFilters);
  const apiFilter = useMemo(() => orderFilters.apiQuery(filters), [filters]);
  // The per-status counts are of the filter without its status part.
  const countFilter = useMemo(() => orderFilters.apiQuery(filters, ['statuses']), [filters]);
  const sort = filters.sort || DEFAULT_ORDER_SORT;
  const list = useOrderList({ filter: apiFilter, sort });
  const filtered = orderFilters.activeCount(filters, ['q']) > 0;
  const filterPanel = useFilterPanel(filtered);

  const changeQuery = useCallback((q: string) => update({ q }), [update]);
  const toggleStatus = (status: OrderStatus) =>
    update({
      statuses: filters.statuses.includes(status)
        ? filters.statuses.filter((item) => item !== status)
        : [...filters.statuses, status],
    });

  const countries = useMemo(
    () => countryOptions(reference.data?.countries ?? filters.countries, format, locale),
    [reference.data, filters.countries, format, locale],
  );
  const currencies = useMemo(
    () => currencyOptions(reference.data?.currencies ?? filters.currencies, format),
    [reference.data, filters.currencies, format],
  );

  const orders = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? undefined;
  const anyFilter = orderFilters.activeCount(filters) > 0;

  return (
    <>
      <PageHeader
        title={t('orders.title')}
        description={t('orders.description')}
        actions={
          canWrite && (
            <Link to="/orders/new" className={buttonClasses()}>
              <Plus aria-hidden="true" className="size-4" />
              {t('orders.form.newOrder')}
            </Link>
          )
        }
      />

      <div className="mb-4 flex flex-wrap items-center gap-3">
        <SearchBox
          label={t('orders.search.label')}
          placeholder={t('orders.search.placeholder')}
          query={filters.q}
          onQueryChange={changeQuery}
        />
        <FilterToggle open={filterPanel.open} onToggle={filterPanel.toggle} controls={FILTER_PANEL_ID} />
        <p className="ml-auto text-sm text-slate-600" aria-live="polite">
          {list.isPlaceholderData
            ? t('customers.search.updating')
            : total != null
              ? t('orders.total', { count: total, formatted: format.count(total) })
              : ''}
        </p>
      </div>

      {filterPanel.open && (
        <section
          id={FILTER_PANEL_ID}
          aria-label={t('filters.title')}
          className="mb-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
        >
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
            <MultiSelect
              label={t('orders.filters.status')}
              options={ORDER_STATUSES.map((status) => ({ value: status, label: t(`orders.status.${status}`) }))}
              value={filters.statuses}
              onChange={(values) => update({ statuses: values as OrderStatus[] })}
            />
            <MultiSelect
              label={t('orders.filters.currency')}
              options={currencies}
              value={filters.currencies}
              onChange={(values) => update({ currencies: values })}
              searchable
            />
            <MultiSelect
              label={t('orders.filters.shippingCountry')}
              options={countries}
              value={filters.countries}
              onChange={(values) => update({ countries: values })}
              searchable
            />
            <DateRangeFilter
              legend={t('orders.filters.ordered')}
              fromLabel={t('orders.filters.orderedAfter')}
              toLabel={t('orders.filters.orderedBefore')}
              from={filters.orderedAfter}
              to={filters.orderedBefore}
              onFromChange={(orderedAfter) => update({ orderedAfter })}
              onToChange={(orderedBefore) => update({ orderedBefore })}
            />
          </div>
          <div className="mt-3 flex justify-end">
            <Button
              variant="ghost"
              disabled={!anyFilter}
              onClick={() => update({ ...orderFilters.empty, sort: filters.sort })}
            >
              <X aria-hidden="true" className="size-4" />
              {t('filters.clearAll')}
            </Button>
          </div>
        </section>
      )}

      <OrderStatusSummary filter={countFilter} selected={filters.statuses} onToggle={toggleStatus} />

      <ListStates
        list={list}
        count={orders.length}
        texts="orders"
        filtered={anyFilter}
        emptyIcon={<ShoppingCart aria-hidden="true" className="size-6" />}
      >
        <OrdersTable orders={orders} caption={t('orders.table.caption')} sort={sort} onSortChange={(next) => update({ sort: next })} />
        <ListFooter
          list={list}
          loadErrorMessage={t('orders.loadError')}
          shownText={total != null ? t('orders.shown', { shown: format.count(orders.length), total: format.count(total) }) : undefined}
        />
      </ListStates>
    </>
  );
}
