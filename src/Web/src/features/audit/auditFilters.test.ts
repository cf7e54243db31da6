import { describe, expect, it } from 'vitest';
import { auditFilters } from './auditFilters';

const emptyAuditFilters = auditFilters.empty;

describe('audit filters', () => {
  it('round-trips through the URL, leaving empty ones out', () => {
    const params = new URLSearchParams('entity_type=customer&action=update&from=2025-03-01&unknown=1');
    const filters = auditFilters.read(params);
    expect(filters).toEqual({ ...emptyAuditFilters, entity_type: 'customer', action: 'update', from: '2025-03-01' });
    expect(auditFilters.write(filters).toString()).toBe('entity_type=customer&action=update&from=2025-03-01');
  });

  it('sends days as instants, the "to" day included', () => {
    const query = auditFilters.apiQuery({ ...emptyAuditFilters, from: '2025-03-01', to: '2025-03-01', user_id: 'u1' });
    expect(query.user_id).toBe('u1');
    expect(new Date(query.from!).getTime()).toBe(new Date(2025, 2, 1).getTime());
    expect(new Date(query.to!).getTime()).toBe(new Date(2025, 2, 2).getTime());
    expect(auditFilters.apiQuery({ ...emptyAuditFilters, from: 'not a day' })).toEqual({});
  });
});
