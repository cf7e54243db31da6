import { describe, expect, it } from 'vitest';
import { activityApiSort, activityFilters } from './activityFilters';

const emptyActivityFilters = activityFilters.empty;
/** The filter panel's count: the customer, which arrives through a link, is shown apart. */
const activeFilterCount = (filters: typeof emptyActivityFilters) => activityFilters.activeCount(filters, ['customerId']);

const ADA = '0b7f6d2e-6a53-4bde-9d43-4f2c4b1c9a01';
const CUSTOMER = '5f0c3a1e-2b4d-4c6e-8f90-123456789abc';

describe('activity filters ↔ URL search params', () => {
  it('reads every filter, dropping unknown types and statuses', () => {
    const filters = activityFilters.read(
      new URLSearchParams(
        `type=Call,task,fax,task&status=pending,archived&assigned_to=${ADA}&created_by=${ADA}&overdue=true&created_after=2025-03-01&created_before=2025-03-31&customer_id=${CUSTOMER}&sort=due_at`,
      ),
    );
    expect(filters).toEqual({
      types: ['call', 'task'],
      statuses: ['pending'],
      assignedTo: ADA,
      createdBy: ADA,
      overdue: true,
      createdAfter: '2025-03-01',
      createdBefore: '2025-03-31',
      customerId: CUSTOMER,
      sort: 'due_at',
    });
  });

  it('writes only the parts that are set, and round-trips', () => {
    const filters = { ...emptyActivityFilters, types: ['task' as const], overdue: true, sort: '-due_at' };
    const params = activityFilters.write(filters);
    expect(params.toString()).toBe('type=task&overdue=true&sort=-due_at');
    expect(activityFilters.read(params)).toEqual(filters);
    expect(activityFilters.write(emptyActivityFilters).toString()).toBe('');
  });

  it('reads overdue only when it is exactly true', () => {
    expect(activityFilters.read(new URLSearchParams('overdue=1')).overdue).toBe(false);
    expect(activityFilters.read(new URLSearchParams('overdue=false')).overdue).toBe(false);
  });
});

describe('activityFilters.apiQuery', () => {
  it('sends the API parameter names, days as instants in the viewer time zone (last day included)', () => {
    const query = activityFilters.apiQuery({
      ...emptyActivityFilters,
      types: ['note', 'task'],
      statuses: ['pending', 'completed'],
      assignedTo: ADA,
      overdue: true,
      createdAfter: '2025-03-01',
      createdBefore: '2025-03-31',
    });
    expect(query).toEqual({
      type: 'note,task',
      status: 'pending,completed',
      assigned_to: ADA,
      overdue: 'true',
      created_after: new Date(2025, 2, 1).toISOString(),
      created_before: new Date(2025, 3, 1).toISOString(),
    });
  });

  it('leaves out values the API would reject instead of failing the list', () => {
    const query = activityFilters.apiQuery({
      ...emptyActivityFilters,
      assignedTo: 'me',
      createdBy: 'not-a-uuid',
      customerId: '42',
      createdAfter: '01/03/2025',
    });
    expect(query).toEqual({});
    expect(activityFilters.activeCount({ ...emptyActivityFilters, customerId: 'x' })).toBe(0);
  });

  it('counts the panel filters apart from the customer that came through a link', () => {
    const filters = { ...emptyActivityFilters, customerId: CUSTOMER, types: ['call' as const], sort: 'type' };
    expect(activeFilterCount(filters)).toBe(1);
    expect(activityFilters.activeCount({ ...emptyActivityFilters, customerId: CUSTOMER })).toBe(1);
    expect(activeFilterCount({ ...emptyActivityFilters, customerId: CUSTOMER })).toBe(0);
  });
});

describe('activityApiSort', () => {
  it('keeps sorts the API knows and falls back to newest first', () => {
    expect(activityApiSort({ ...emptyActivityFilters, sort: 'due_at' })).toBe('due_at');
    expect(activityApiSort({ ...emptyActivityFilters, sort: '-type' })).toBe('-type');
    expect(activityApiSort({ ...emptyActivityFilters, sort: 'subject' })).toBe('-created_at');
    expect(activityApiSort({ ...emptyActivityFilters, sort: 'due_at,subject' })).toBe('-created_at');
    expect(activityApiSort(emptyActivityFilters)).toBe('-created_at');
  });
});
