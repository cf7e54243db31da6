import type { SortDirection } from '../../components/SortableHeader';

/** Columns people can show or hide; the name column is always there. */
export const CUSTOMER_COLUMNS = [
  'email',
  'phone',
  'company',
  'country',
  'status',
  'tags',
  'lifetime_value',
  'total_orders',
  'last_order',
  'created',
] as const;

export type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

/** The email shows under the name unless its own column is chosen, so it is not a default column. */
export const DEFAULT_COLUMNS: readonly CustomerColumn[] = ['country', 'status', 'tags', 'lifetime_value', 'created'];

interface ColumnSpec {
  /** API fields the cell needs (?fields=). */
  fields: readonly string[];
  /** ?sort= field when the column sorts, and which way a first click sorts. */
  sort?: { field: string; first: SortDirection };
  numeric?: boolean;
}

export const COLUMN_SPECS: Record<CustomerColumn, ColumnSpec> = {
  email: { fields: ['email'], sort: { field: 'email', first: 'ascending' } },
  phone: { fields: ['phone'] },
  company: { fields: ['company_name'] },
  country: { fields: ['country_code'], sort: { field: 'country_code', first: 'ascending' } },
  status: { fields: ['status'], sort: { field: 'status', first: 'ascending' } },
  tags: { fields: ['tags'] },
  lifetime_value: { fields: ['lifetime_value_usd'], sort: { field: 'lifetime_value_usd', first: 'descending' }, numeric: true },
  total_orders: { fields: ['total_orders'], sort: { field: 'total_orders', first: 'descending' }, numeric: true },
  last_order: { fields: ['last_order_date'], sort: { field: 'last_order_date', first: 'descending' } },
  created: { fields: ['created_at'], sort: { field: 'created_at', first: 'descending' } },
};

export const NAME_SORT = { field: 'last_name', first: 'ascending' as SortDirection };

/** The ?fields= value for the visible columns: the name cell's, then each column's fields (id always comes). */
export function fieldsFor(columns: readonly CustomerColumn[]): string {
  // language and country_code order the name as the customer's culture does and format the phone.
  const fields = new Set(['first_name', 'last_name', 'language', 'country_code', 'company_name', 'email']);
  for (const column of CUSTOMER_COLUMNS) {
    if (columns.includes(column)) COLUMN_SPECS[column].fields.forEach((field) => fields.add(field));
  }
  return [...fields].join(',');
}

export const COLUMNS_STORAGE_KEY = 'simplecrm.customers.columns';

export function loadColumns(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): CustomerColumn[] {
  try {
    const stored: unknown = JSON.parse(storage?.getItem(COLUMNS_STORAGE_KEY) ?? 'null');
    if (Array.isArray(stored)) {
      return CUSTOMER_COLUMNS.filter((column) => stored.includes(column));
    }
  } catch {
    // A broken stored value falls back to the defaults.
  }
  return [...DEFAULT_COLUMNS];
}

export function saveColumns(columns: readonly CustomerColumn[], storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(columns));
  } catch {
    // Private mode or a full storage: the choice just does not survive a reload.
  }
}
