import { useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SortableHeader } from '../../components/SortableHeader';
import { cardList, cardNumericCell, headerCell, numericHeaderCell, rowLink } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';
import { COLUMN_SPECS, CUSTOMER_COLUMNS, NAME_SORT, type CustomerColumn } from './customerColumns';
import type { CustomerRow } from './customerApi';
import { customerFullName } from './customerName';
import { formatPhone } from './phoneFormat';
import { DEFAULT_CUSTOMER_SORT } from './customerFilters';
import { StatusBadge } from './StatusBadge';
import { TagList } from './TagList';

interface CustomerTableProps {
  customers: readonly CustomerRow[];
  columns: readonly CustomerColumn[];
  /** The ?sort= value ('' = newest first). */
  sort: string;
  onSortChange: (sort: string) => void;
  /** Row checkboxes for bulk actions; left out for users who may not use them. */
  selection?: { selected: ReadonlySet<string>; onChange: (selected: Set<string>) => void };
}

const NOTHING_SELECTED: ReadonlySet<string> = new Set();

const checkboxClasses = 'size-4 rounded border-slate-400 accent-indigo-600';

export function CustomerTable({ customers, columns, sort, onSortChange, selection }: CustomerTableProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useLocaleFormatters();
  const selectAllRef = useRef<HTMLInputElement>(null);
  const shown = CUSTOMER_COLUMNS.filter((column) => columns.includes(column));
  const currentSort = sort || DEFAULT_CUSTOMER_SORT;
  const selected = selection?.selected ?? NOTHING_SELECTED;
  const onSelectedChange = (next: Set<string>) => selection?.onChange(next);

  const selectedOnPage = customers.filter((customer) => selected.has(customer.id)).length;
  const allSelected = customers.length > 0 && selectedOnPage === customers.length;
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = selectedOnPage > 0 && !allSelected;
  }, [selectedOnPage, allSelected]);

  const toggleAll = () => {
    const next = new Set(selected);
    for (const customer of customers) {
      if (allSelected) next.delete(customer.id);
      else next.add(customer.id);
    }
    onSelectedChange(next);
  };

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  const header = (column: CustomerColumn) => {
    const spec = COLUMN_SPECS[column];
    const label = t(`customers.columns.${column}`);
    const className = spec.numeric ? numericHeaderCell : headerCell;
    if (!spec.sort) {
      return (
        <th key={column} scope="col" className={`${className} ${cardList.passiveHeader}`}>
          {label}
        </th>
      );
    }
    return (
      <SortableHeader
        key={column}
        label={label}
        field={spec.sort.field}
        firstDirection={spec.sort.first}
        sort={currentSort}
        onSortChange={onSortChange}
        align={spec.numeric ? 'right' : 'left'}
        className={className}
      />
    );
  };

  const cell = (column: CustomerColumn, customer: CustomerRow) => {
    const label = t(`customers.columns.${column}`);
    const text = COLUMN_SPECS[column].numeric ? cardNumericCell : cardList.cell;
    switch (column) {
      case 'email':
        return (
          <td key={column} className={text} data-label={label}>
            <span className="block min-w-0 truncate md:max-w-64" title={customer.email}>
              {customer.email}
            </span>
          </td>
        );
      case 'phone':
        return (
          <td key={column} className={`${text} whitespace-nowrap`} data-label={label}>
            {customer.phone ? formatPhone(customer.phone, customer.country_code) : null}
          </td>
        );
      case 'company':
        return (
          <td key={column} className={text} data-label={label}>
            {customer.company_name || null}
          </td>
        );
      case 'country':
        return (
          <td key={column} className={text} data-label={label}>
            {customer.country_code ? format.countryName(customer.country_code) : null}
          </td>
        );
      case 'status':
        return (
          <td key={column} className={text} data-label={label}>
            {customer.status && <StatusBadge status={customer.status} />}
          </td>
        );
      case 'tags':
        return (
          <td key={column} className={`${text} md:min-w-40`} data-label={label}>
            {customer.tags?.length ? <TagList tags={customer.tags} /> : null}
          </td>
        );
      case 'lifetime_value':
        return (
          <td key={column} className={text} data-label={label}>
            {format.money(customer.lifetime_value_usd, 'USD')}
          </td>
        );
      case 'total_orders':
        return (
          <td key={column} className={text} data-label={label}>
            {customer.total_orders === undefined ? '' : format.count(customer.total_orders)}
          </td>
        );
      case 'last_order':
        return (
          <td key={column} className={`${text} whitespace-nowrap`} data-label={label}>
            {customer.last_order_date ? (
              <time dateTime={customer.last_order_date} title={format.dateTime(customer.last_order_date)}>
                {format.date(customer.last_order_date)}
              </time>
            ) : (
              <span className="text-slate-600">{t('customers.table.noOrders')}</span>
            )}
          </td>
        );
      case 'created':
        return (
          <td key={column} className={`${text} whitespace-nowrap`} data-label={label}>
            {customer.created_at && (
              <time dateTime={customer.created_at} title={format.dateTime(customer.created_at)}>
                {format.date(customer.created_at)}
              </time>
            )}
          </td>
        );
    }
  };

  return (
    <div className={cardList.frame}>
      <table className={cardList.table}>
        <caption className="sr-only">{t('customers.table.caption')}</caption>
        <thead className={cardList.head}>
          <tr className={cardList.headRow}>
            {selection && (
              <th scope="col" className="py-3 pl-3 pr-1 md:w-10 md:pl-4">
                <input
                  ref={selectAllRef}
                  type="checkbox"
                  className={checkboxClasses}
                  checked={allSelected}
                  disabled={customers.length === 0}
                  onChange={toggleAll}
                  aria-label={t('customers.selection.selectPage')}
                />
              </th>
            )}
            <SortableHeader
              label={t('customers.table.name')}
              field={NAME_SORT.field}
              firstDirection={NAME_SORT.first}
              sort={currentSort}
              onSortChange={onSortChange}
              className={headerCell}
            />
            {shown.map(header)}
          </tr>
        </thead>
        <tbody className={cardList.body}>
          {customers.map((customer) => {
            const detailPath = `/customers/${customer.id}`;
            const name = customerFullName(customer);
            const isSelected = selected.has(customer.id);
            return (
              // The whole row is a mouse target; the name link is the keyboard and screen-reader target.
              <tr
                key={customer.id}
                onClick={() => void navigate(detailPath)}
                className={`${isSelected ? cardList.row.replace('bg-white', 'bg-indigo-50') : `${cardList.row} md:hover:bg-slate-50`} cursor-pointer transition-colors`}
              >
                {selection && (
                  <td className="float-right pl-2 md:float-none md:table-cell md:w-10 md:py-3 md:pl-4 md:pr-1" onClick={(event) => event.stopPropagation()}>
                    <input
                      type="checkbox"
                      className={checkboxClasses}
                      checked={isSelected}
                      onChange={() => toggle(customer.id)}
                      aria-label={t('customers.selection.selectOne', { name })}
                    />
                  </td>
                )}
                <td className={cardList.titleCell}>
                  <Link to={detailPath} onClick={(event) => event.stopPropagation()} className={`${rowLink} md:whitespace-nowrap`}>
                    {name}
                  </Link>
                  {customer.company_name && !columns.includes('company') && (
                    <div className="text-xs text-slate-600">{customer.company_name}</div>
                  )}
                  {customer.email && !columns.includes('email') && (
                    <div className="max-w-52 truncate text-xs text-slate-600" title={customer.email}>
                      {customer.email}
                    </div>
                  )}
                </td>
                {shown.map((column) => cell(column, customer))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
