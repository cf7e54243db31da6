import { dayField, textField, urlFilters, type FiltersOf } from '../../components/urlFilters';

/** The audit log's filters in the URL, with the API's parameter names (from/to as calendar days, both inclusive). */
export const auditFilters = urlFilters({
  entity_type: textField('entity_type'),
  entity_id: textField('entity_id'),
  user_id: textField('user_id'),
  action: textField('action'),
  from: dayField('from'),
  to: dayField('to', { endOfRange: true }),
});

export type AuditFilters = FiltersOf<typeof auditFilters.fields>;

/** The actions docs/auth.md names; the server may record others, which can be typed in. */
export const KNOWN_AUDIT_ACTIONS = ['create', 'update', 'delete', 'read', 'export', 'erase', 'sign_in'] as const;
