import { parseSort } from '../../components/SortableHeader';
import { startOfLocalDay } from '../customers/customerFilters';
import { ACTIVITY_TYPES, TASK_STATUSES, type ActivityType, type TaskStatus } from './activityApi';

/**
 * What the activity list shows, exactly as it is kept in the URL
 * (?type=call,task&status=pending&assigned_to=…&overdue=true&sort=due_at), with the API's parameter names.
 */
export interface ActivityFilters {
  types: ActivityType[];
  /** Task statuses. */
  statuses: TaskStatus[];
  /** Team member ids. */
  assignedTo: string;
  createdBy: string;
  /** Only pending tasks past their due time. */
  overdue: boolean;
  /** Calendar days (yyyy-mm-dd) in the viewer's time zone, both inclusive. */
  createdAfter: string;
  createdBefore: string;
  /** Set by links from a customer ("all activities of this customer"). */
  customerId: string;
  /** The ?sort= value; empty means the API's default (newest first). */
  sort: string;
}

export const DEFAULT_ACTIVITY_SORT = '-created_at';

/** The columns the API sorts activities by. */
export const ACTIVITY_SORT_FIELDS = ['created_at', 'updated_at', 'due_at', 'type'] as const;

export const emptyActivityFilters: ActivityFilters = {
  types: [],
  statuses: [],
  assignedTo: '',
  createdBy: '',
  overdue: false,
  createdAfter: '',
  createdBefore: '',
  customerId: '',
  sort: '',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

const unique = <T>(items: T[]): T[] => [...new Set(items)];

export function readActivityFilters(params: URLSearchParams): ActivityFilters {
  return {
    types: unique(list(params.get('type')).filter((type): type is ActivityType => (ACTIVITY_TYPES as readonly string[]).includes(type))),
    statuses: unique(
      list(params.get('status')).filter((status): status is TaskStatus => (TASK_STATUSES as readonly string[]).includes(status)),
    ),
    assignedTo: (params.get('assigned_to') ?? '').trim(),
    createdBy: (params.get('created_by') ?? '').trim(),
    overdue: params.get('overdue') === 'true',
    createdAfter: (params.get('created_after') ?? '').trim(),
    createdBefore: (params.get('created_before') ?? '').trim(),
    customerId: (params.get('customer_id') ?? '').trim(),
    sort: (params.get('sort') ?? '').trim(),
  };
}

/** Filters → URL search params; empty parts are left out so URLs stay short. */
export function writeActivityFilters(filters: ActivityFilters): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string) => {
    if (value.trim() !== '') params.set(key, value.trim());
  };
  set('type', filters.types.join(','));
  set('status', filters.statuses.join(','));
  set('assigned_to', filters.assignedTo);
  set('created_by', filters.createdBy);
  if (filters.overdue) params.set('overdue', 'true');
  set('created_after', filters.createdAfter);
  set('created_before', filters.createdBefore);
  set('customer_id', filters.customerId);
  set('sort', filters.sort);
  return params;
}

const uuid = (value: string): string | undefined => (UUID.test(value.trim()) ? value.trim().toLowerCase() : undefined);

/**
 * The list's filter parameters for the API (no sort or paging). Days become instants in the
 * viewer's time zone (created_before is the start of the day after, so the day is included); values
 * the API would reject (malformed ids, days) are left out rather than failing the whole list.
 */
export function activityApiFilter(filters: ActivityFilters): Record<string, string> {
  const query: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') query[key] = value;
  };
  put('type', filters.types.join(','));
  put('status', filters.statuses.join(','));
  put('assigned_to', uuid(filters.assignedTo));
  put('created_by', uuid(filters.createdBy));
  if (filters.overdue) query.overdue = 'true';
  put('created_after', startOfLocalDay(filters.createdAfter));
  put('created_before', startOfLocalDay(filters.createdBefore, 1));
  put('customer_id', uuid(filters.customerId));
  return query;
}

/** The sort to send: the URL's when the API knows its field, else newest first. */
export function activityApiSort(filters: ActivityFilters): string {
  const { field } = parseSort(filters.sort);
  return (ACTIVITY_SORT_FIELDS as readonly string[]).includes(field) && !filters.sort.includes(',')
    ? filters.sort
    : DEFAULT_ACTIVITY_SORT;
}

/** Filters the filter panel sets (the customer, which arrives through a link, is shown apart). */
export function activeFilterCount(filters: ActivityFilters): number {
  return Object.keys(activityApiFilter({ ...filters, customerId: '' })).length;
}

export function hasActiveActivityFilters(filters: ActivityFilters): boolean {
  return Object.keys(activityApiFilter(filters)).length > 0;
}
