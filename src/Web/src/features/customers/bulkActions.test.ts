import { describe, expect, it } from 'vitest';
import { buildBulkInput, MATCH_EVERYONE_FILTER } from './bulkActions';

describe('buildBulkInput', () => {
  it('sends the ticked rows as ids', () => {
    expect(buildBulkInput({ action: 'add_tags', tags: ['vip'] }, { kind: 'ids', ids: ['a', 'b'] })).toEqual({
      action: 'add_tags',
      tags: ['vip'],
      ids: ['a', 'b'],
    });
  });

  it('sends "all matching" as the list filter, never together with ids', () => {
    const input = buildBulkInput({ action: 'set_status', status: 'inactive' }, { kind: 'filter', filter: 'country=US&tag=vip' });
    expect(input).toEqual({ action: 'set_status', status: 'inactive', filter: 'country=US&tag=vip' });
    expect(input).not.toHaveProperty('ids');
  });

  it('writes "every customer" (no filter) as a filter the API accepts', () => {
    expect(buildBulkInput({ action: 'delete' }, { kind: 'filter', filter: '' })).toEqual({
      action: 'delete',
      filter: MATCH_EVERYONE_FILTER,
    });
  });

  it('carries only the fields of its action', () => {
    expect(buildBulkInput({ action: 'remove_tags', tags: ['old', 'legacy'] }, { kind: 'ids', ids: ['x'] })).toEqual({
      action: 'remove_tags',
      tags: ['old', 'legacy'],
      ids: ['x'],
    });
    expect(buildBulkInput({ action: 'delete' }, { kind: 'ids', ids: ['x'] })).toEqual({ action: 'delete', ids: ['x'] });
  });
});
