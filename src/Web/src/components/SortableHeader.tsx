import type { ThHTMLAttributes } from 'react';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';

export type SortDirection = 'ascending' | 'descending';

/** "-created_at" → {field: "created_at", direction: "descending"}. */
export function parseSort(sort: string): { field: string; direction: SortDirection } {
  const term = sort.split(',')[0]?.trim() ?? '';
  return term.startsWith('-')
    ? { field: term.slice(1), direction: 'descending' }
    : { field: term, direction: 'ascending' };
}

export function sortValue(field: string, direction: SortDirection): string {
  return direction === 'descending' ? `-${field}` : field;
}

/**
 * The sort after a click on a column: the column's first direction when it is not the sorted
 * column yet (names A→Z, amounts and dates largest/newest first), the other direction when it is.
 */
export function nextSort(current: string, field: string, firstDirection: SortDirection): string {
  const { field: currentField, direction } = parseSort(current);
  if (currentField !== field) return sortValue(field, firstDirection);
  return sortValue(field, direction === 'ascending' ? 'descending' : 'ascending');
}

interface SortableHeaderProps extends Omit<ThHTMLAttributes<HTMLTableCellElement>, 'onChange'> {
  label: string;
  field: string;
  /** The current ?sort= value. */
  sort: string;
  firstDirection?: SortDirection;
  onSortChange: (sort: string) => void;
  align?: 'left' | 'right';
}

/**
 * A column header that sorts: a real button (keyboard, screen readers) inside the <th>, which
 * carries aria-sort only while it is the sorted column.
 */
export function SortableHeader({
  label,
  field,
  sort,
  firstDirection = 'ascending',
  onSortChange,
  align = 'left',
  className = '',
  ...thProps
}: SortableHeaderProps) {
  const current = parseSort(sort);
  const active = current.field === field;
  const Icon = !active ? ArrowUpDown : current.direction === 'ascending' ? ArrowUp : ArrowDown;
  return (
    <th scope="col" aria-sort={active ? current.direction : undefined} className={className} {...thProps}>
      <button
        type="button"
        onClick={() => onSortChange(nextSort(sort, field, firstDirection))}
        className={`group inline-flex items-center gap-1 rounded text-left uppercase tracking-wide hover:text-slate-900 ${
          align === 'right' ? 'flex-row-reverse' : ''
        } ${active ? 'text-slate-900' : ''}`}
      >
        {label}
        <Icon
          aria-hidden="true"
          className={`size-3.5 shrink-0 ${active ? 'text-indigo-700' : 'text-slate-400 group-hover:text-slate-600'}`}
        />
      </button>
    </th>
  );
}
