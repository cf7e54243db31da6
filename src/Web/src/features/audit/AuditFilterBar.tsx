import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { X } from 'lucide-react';
import { Button } from '../../components/Button';
import { DebouncedTextField } from '../../components/DebouncedTextField';
import { SelectField } from '../../components/FormFields';
import { usePermission } from '../../auth/usePermission';
import { useUsers } from '../team/teamApi';
import { KNOWN_AUDIT_ACTIONS, type AuditFilters } from './auditFilters';
import { LocalDateField } from '../../components/LocalDateField';

const KNOWN_ENTITY_TYPES = ['customer', 'order', 'user', 'api_key', 'workspace'] as const;

interface AuditFilterBarProps {
  filters: AuditFilters;
  onChange: (patch: Partial<AuditFilters>) => void;
  onClear: () => void;
  canClear: boolean;
}

/** Entity type and id, user, action and a date range; each change lands in the URL. */
export function AuditFilterBar({ filters, onChange, onClear, canClear }: AuditFilterBarProps) {
  const { t } = useTranslation();
  const actionListId = useId();
  const typeListId = useId();
  const users = useUsers(usePermission('users.read'));
  const userOptions = (users.data ?? []).map((user) => ({
    value: user.id,
    label: `${user.first_name} ${user.last_name}`.trim() || user.email,
  }));
  if (filters.user_id && !userOptions.some((option) => option.value === filters.user_id)) {
    userOptions.unshift({ value: filters.user_id, label: filters.user_id });
  }

  return (
    <section aria-label={t('filters.title')} className="mb-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <DebouncedTextField
          label={t('audit.filters.entityType')}
          value={filters.entity_type}
          onCommit={(value) => onChange({ entity_type: value.trim() })}
          list={typeListId}
          autoComplete="off"
        />
        <datalist id={typeListId}>
          {KNOWN_ENTITY_TYPES.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
        <DebouncedTextField
          label={t('audit.filters.entityId')}
          value={filters.entity_id}
          onCommit={(value) => onChange({ entity_id: value.trim() })}
          autoComplete="off"
          spellCheck={false}
        />
        <SelectField
          label={t('audit.filters.user')}
          options={userOptions}
          placeholder={t('audit.filters.anyone')}
          value={filters.user_id}
          onChange={(event) => onChange({ user_id: event.target.value })}
        />
        <DebouncedTextField
          label={t('audit.filters.action')}
          value={filters.action}
          onCommit={(value) => onChange({ action: value.trim() })}
          list={actionListId}
          autoComplete="off"
        />
        <datalist id={actionListId}>
          {KNOWN_AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
        <LocalDateField label={t('audit.filters.from')} value={filters.from} onCommit={(from) => onChange({ from })} />
        <LocalDateField label={t('audit.filters.to')} value={filters.to} onCommit={(to) => onChange({ to })} />
      </div>
      {canClear && (
        <div className="mt-4 flex justify-end">
          <Button variant="ghost" onClick={onClear}>
            <X aria-hidden="true" className="size-4" />
            {t('filters.clearAll')}
          </Button>
        </div>
      )}
    </section>
  );
}
