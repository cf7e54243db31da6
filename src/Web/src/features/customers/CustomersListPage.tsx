import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Columns3, Plus, Upload, Users } from 'lucide-react';
import type { BulkResult } from '../../api/client';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { buttonClasses } from '../../components/Button';
import { useUrlFilters } from '../../components/useUrlFilters';
import { FilterToggle, useFilterPanel } from '../../components/FilterToggle';
import { MultiSelect } from '../../components/MultiSelect';
import { PageHeader } from '../../components/PageHeader';
import { ListStates } from '../../components/ListStates';
import { useLocaleFormatters } from '../../i18n/format';
import { ListFooter } from '../../components/ListFooter';
import type { BulkTarget } from './bulkActions';
import { BulkActionBar, BulkResultMessage } from './BulkActions';
import { useCustomerList } from './customerApi';
import { CUSTOMER_COLUMNS, fieldsFor, loadColumns, saveColumns, type CustomerColumn } from './customerColumns';
import { customerFilterQueryString, customerFilters } from './customerFilters';
import { CustomerFilterBar } from './CustomerFilterBar';
import { CustomerSearchBox } from './CustomerSearchBox';
import { CustomerTable } from './CustomerTable';
import { ExportMenu } from './ExportMenu';
import { useCustomerFlash } from './flash';
import { SegmentFilterNotice } from '../segments/SegmentFilterNotice';
import { BulkEmailButton } from '../email/BulkEmailDialog';

const FILTER_PANEL_ID = 'customer-filters';

type Selection = { kind: 'ids'; ids: Set<string> } | { kind: 'filter' };

export function CustomersListPage() {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const flash = useCustomerFlash();
  const { filters, update: updateFilters } = useUrlFilters(customerFilters);
  const filtered = customerFilters.activeCount(filters, ['q']) > 0;
  const filterPanel = useFilterPanel(filtered);
  const [columns, setColumns] = useState<CustomerColumn[]>(() => loadColumns());
  const [selection, setSelection] = useState<Selection>({ kind: 'ids', ids: new Set() });
  const [bulkResult, setBulkResult] = useState<BulkResult>();
  const canWrite = usePermission('customers.write');
  const canBulk = usePermission('customers.bulk');
  const canExport = usePermission('customers.export');

  const apiFilter = useMemo(() => customerFilters.apiQuery(filters), [filters]);
  const filterString = useMemo(() => customerFilterQueryString(filters), [filters]);
  const list = useCustomerList({ filter: apiFilter, sort: filters.sort, fields: fieldsFor(columns) });

  // A different filter is a different set of customers: the old selection no longer applies.
  useEffect(() => setSelection({ kind: 'ids', ids: new Set() }), [filterString]);

  const changeQuery = useCallback((q: string) => updateFilters({ q }), [updateFilters]);

  const changeColumns = (next: string[]) => {
    const chosen = CUSTOMER_COLUMNS.filter((column) => next.includes(column));
    setColumns(chosen);
    saveColumns(chosen);
  };

  const newCustomerLink = canWrite ? (
    <Link to="/customers/new" className={buttonClasses('primary')}>
      <Plus aria-hidden="true" className="size-4" />
      {t('customers.new')}
    </Link>
  ) : undefined;

  const customers = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? undefined;
  const selectedIds = selection.kind === 'ids' ? selection.ids : new Set(customers.map((customer) => customer.id));
  const selectionCount = selection.kind === 'filter' ? (total ?? customers.length) : selection.ids.size;
  const bulkTarget: BulkTarget =
    selection.kind === 'filter' ? { kind: 'filter', filter: filterString } : { kind: 'ids', ids: [...selection.ids] };
  const everyRowTicked =
    selection.kind === 'ids' && customers.length > 0 && customers.every((customer) => selection.ids.has(customer.id));
  const anyFilter = customerFilters.activeCount(filters) > 0;

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        description={t('customers.description')}
        actions={
          canBulk || canExport || canWrite ? (
            <>
              {canBulk && (
                <Link to="/customers/import" className={buttonClasses('secondary')}>
                  <Upload aria-hidden="true" className="size-4" />
                  {t('customers.import.button')}
                </Link>
              )}
              {canBulk && <BulkEmailButton target={{ kind: 'filter', filter: filterString }} />}
              {canExport && <ExportMenu filters={filters} />}
              {newCustomerLink}
            </>
          ) : undefined
        }
      />

      {flash && (
        <div className="mb-4">
          <Alert tone="success">{t(`customers.flash.${flash}`)}</Alert>
        </div>
      )}

      {filters.segment && <SegmentFilterNotice segmentId={filters.segment} onClear={() => updateFilters({ segment: '' })} />}

      <div className="mb-4 flex flex-wrap items-center gap-3">
        <CustomerSearchBox query={filters.q} onQueryChange={changeQuery} />
        <FilterToggle
          open={filterPanel.open}
          onToggle={filterPanel.toggle}
          controls={FILTER_PANEL_ID}
          count={filtered ? Object.keys(apiFilter).filter((key) => key !== 'q').length : 0}
        />
        <MultiSelect
          label={t('customers.columns.label')}
          button={
            <>
              <Columns3 aria-hidden="true" className="size-4" />
              {t('customers.columns.button')}
            </>
          }
          options={CUSTOMER_COLUMNS.map((column) => ({ value: column, label: t(`customers.columns.${column}`) }))}
          value={columns}
          onChange={changeColumns}
        />
        <p className="ml-auto text-sm text-slate-600" aria-live="polite">
          {list.isPlaceholderData
            ? t('customers.search.updating')
            : total !== undefined && total !== null
              ? t('customers.total', { count: total, formatted: format.count(total) })
              : ''}
        </p>
      </div>

      {filterPanel.open && (
        <CustomerFilterBar
          id={FILTER_PANEL_ID}
          filters={filters}
          onChange={updateFilters}
          onClear={() => updateFilters({ ...customerFilters.empty, sort: filters.sort })}
          canClear={anyFilter}
        />
      )}

      {bulkResult && <BulkResultMessage result={bulkResult} onDismiss={() => setBulkResult(undefined)} />}

      {canBulk && selectionCount > 0 && (
        <BulkActionBar
          count={selectionCount}
          target={bulkTarget}
          selectAllMatching={
            everyRowTicked && total != null && total > customers.length
              ? { total, onSelect: () => setSelection({ kind: 'filter' }) }
              : undefined
          }
          onClearSelection={() => setSelection({ kind: 'ids', ids: new Set() })}
          onDone={(result) => {
            setBulkResult(result);
            setSelection({ kind: 'ids', ids: new Set() });
          }}
        />
      )}

      <ListStates
        list={list}
        count={customers.length}
        texts="customers"
        filtered={anyFilter}
        emptyIcon={<Users aria-hidden="true" className="size-6" />}
        emptyAction={newCustomerLink}
        noMatchesDescription={
          filters.q && !filtered ? t('customers.noMatches.description', { query: filters.q }) : t('customers.noMatches.filtered')
        }
      >
        <CustomerTable
          customers={customers}
          columns={columns}
          sort={filters.sort}
          onSortChange={(sort) => updateFilters({ sort })}
          selection={
            canBulk ? { selected: selectedIds, onChange: (ids) => setSelection({ kind: 'ids', ids }) } : undefined
          }
        />
        <ListFooter
          list={list}
          loadErrorMessage={t('customers.loadError')}
          shownText={total != null ? t('customers.shown', { shown: format.count(customers.length), total: format.count(total) }) : undefined}
        />
      </ListStates>
    </>
  );
}
