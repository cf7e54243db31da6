import { startOfLocalDay } from '../customers/customerFilters';

/** The audit log's filters, kept in the URL with the API's parameter names (from/to as calendar days). */
export interface AuditFilters {
  entity_type: string;
  entity_id: string;
  user_id: string;
  action: string;
  /** yyyy-mm-dd in the viewer's time zone, both inclusive. */
  from: string;
  to: string;
}

export const AUDIT_FILTER_KEYS = ['entity_type', 'entity_id', 'user_id', 'action', 'from', 'to'] as const satisfies readonly (keyof AuditFilters)[];

export const emptyAuditFilters: AuditFilters = { entity_type: '', entity_id: '', user_id: '', action: '', from: '', to: '' };

/** The actions docs/auth.md names; the server may record others, which can be typed in. */
export const KNOWN_AUDIT_ACTIONS = ['create', 'update', 'delete', 'read', 'export', 'erase', 'sign_in'] as const;

export function readAuditFilters(params: URLSearchParams): AuditFilters {
  const filters = { ...emptyAuditFilters };
  for (const key of AUDIT_FILTER_KEYS) filters[key] = (params.get(key) ?? '').trim();
  return filters;
}

export function writeAuditFilters(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key].trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** The API's query: days become instants in the viewer's time zone; `to` is the start of the next day. */
export function auditApiQuery(filters: AuditFilters): Record<string, string> {
  const query: Record<string, string> = {};
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') query[key] = value.trim();
  };
  put('entity_type', filters.entity_type);
  put('entity_id', filters.entity_id);
  put('user_id', filters.user_id);
  put('action', filters.action);
  put('from', startOfLocalDay(filters.from));
  put('to', startOfLocalDay(filters.to, 1));
  return query;
}

export function hasAuditFilters(filters: AuditFilters): boolean {
  return AUDIT_FILTER_KEYS.some((key) => filters[key] !== '');
}
