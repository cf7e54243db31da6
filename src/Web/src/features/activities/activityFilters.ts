import { parseSort } from '../../components/SortableHeader';
import { dayField, flagField, listField, sortField, textField, urlFilters, type FiltersOf } from '../../components/urlFilters';
import { ACTIVITY_TYPES, TASK_STATUSES, type ActivityType, type TaskStatus } from './activityApi';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A team member's or customer's id; anything else is not sent (the API would reject it). */
const uuid = (value: string): string | undefined => (UUID.test(value) ? value.toLowerCase() : undefined);

/** The activity list's view in the URL (?type=call,task&status=pending&assigned_to=…&overdue=true&sort=due_at). */
export const activityFilters = urlFilters({
  types: listField<ActivityType>('type', { allowed: ACTIVITY_TYPES, letterCase: 'lower' }),
  /** Task statuses. */
  statuses: listField<TaskStatus>('status', { allowed: TASK_STATUSES, letterCase: 'lower' }),
  assignedTo: textField('assigned_to', uuid),
  createdBy: textField('created_by', uuid),
  /** Only pending tasks past their due time. */
  overdue: flagField('overdue'),
  createdAfter: dayField('created_after'),
  createdBefore: dayField('created_before', { endOfRange: true }),
  /** Set by links from a customer ("all activities of this customer"); shown apart from the filter panel. */
  customerId: textField('customer_id', uuid),
  /** Empty means the API's default (newest first). */
  sort: sortField,
});

export type ActivityFilters = FiltersOf<typeof activityFilters.fields>;

export const DEFAULT_ACTIVITY_SORT = '-created_at';

/** The columns the API sorts activities by. */
export const ACTIVITY_SORT_FIELDS = ['created_at', 'updated_at', 'due_at', 'type'] as const;

/** The sort to send: the URL's when the API knows its field, else newest first. */
export function activityApiSort(filters: ActivityFilters): string {
  const { field } = parseSort(filters.sort);
  return (ACTIVITY_SORT_FIELDS as readonly string[]).includes(field) && !filters.sort.includes(',')
    ? filters.sort
    : DEFAULT_ACTIVITY_SORT;
}
