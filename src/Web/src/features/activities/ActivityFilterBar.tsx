import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { X } from 'lucide-react';
import { useMe } from '../../auth/useMe';
import { Button } from '../../components/Button';
import { DateRangeFilter } from '../../components/RangeFilters';
import { SelectField, type SelectOption } from '../../components/FormFields';
import { MultiSelect } from '../../components/MultiSelect';
import { ACTIVITY_TYPES, TASK_STATUSES, type ActivityType, type TaskStatus, type TeamMember } from './activityApi';
import type { ActivityFilters } from './activityFilters';

interface ActivityFilterBarProps {
  id: string;
  filters: ActivityFilters;
  members: readonly TeamMember[];
  onChange: (patch: Partial<ActivityFilters>) => void;
  onClear: () => void;
  canClear: boolean;
}

/** Type, task status, assignee, author, "overdue only" and a creation date range; every change lands in the URL. */
export function ActivityFilterBar({ id, filters, members, onChange, onClear, canClear }: ActivityFilterBarProps) {
  const { t } = useTranslation();
  const me = useMe().data;
  const overdueId = useId();

  // The signed-in user first, marked as such; then everyone else by name.
  const people: SelectOption[] = [...members]
    .sort((a, b) => (a.id === me?.id ? -1 : b.id === me?.id ? 1 : a.name.localeCompare(b.name)))
    .map((member) => ({ value: member.id, label: member.id === me?.id ? t('activities.filters.you', { name: member.name }) : member.name }));
  if (me && !people.some((option) => option.value === me.id)) {
    const name = `${me.first_name} ${me.last_name}`.trim() || me.email;
    people.unshift({ value: me.id, label: t('activities.filters.you', { name }) });
  }
  const withCurrent = (value: string): SelectOption[] =>
    value && !people.some((option) => option.value === value) ? [...people, { value, label: value }] : people;

  return (
    <section id={id} aria-label={t('filters.title')} className="mb-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <MultiSelect
          label={t('activities.filters.type')}
          options={ACTIVITY_TYPES.map((type) => ({ value: type, label: t(`activities.type.${type}`) }))}
          value={filters.types}
          onChange={(values) => onChange({ types: values as ActivityType[] })}
        />
        <MultiSelect
          label={t('activities.filters.status')}
          options={TASK_STATUSES.map((status) => ({ value: status, label: t(`activities.status.${status}`) }))}
          value={filters.statuses}
          onChange={(values) => onChange({ statuses: values as TaskStatus[] })}
        />
        <SelectField
          label={t('activities.filters.assignedTo')}
          options={withCurrent(filters.assignedTo)}
          placeholder={t('activities.filters.anyone')}
          value={filters.assignedTo}
          onChange={(event) => onChange({ assignedTo: event.target.value })}
        />
        <SelectField
          label={t('activities.filters.createdBy')}
          options={withCurrent(filters.createdBy)}
          placeholder={t('activities.filters.anyone')}
          value={filters.createdBy}
          onChange={(event) => onChange({ createdBy: event.target.value })}
        />
        <DateRangeFilter
          legend={t('activities.filters.created')}
          fromLabel={t('activities.filters.createdAfter')}
          toLabel={t('activities.filters.createdBefore')}
          from={filters.createdAfter}
          to={filters.createdBefore}
          onFromChange={(createdAfter) => onChange({ createdAfter })}
          onToChange={(createdBefore) => onChange({ createdBefore })}
        />
        <div className="flex items-end">
          <label htmlFor={overdueId} className="flex cursor-pointer items-center gap-2 py-2 text-sm font-medium text-slate-800">
            <input
              id={overdueId}
              type="checkbox"
              checked={filters.overdue}
              onChange={(event) => onChange({ overdue: event.target.checked })}
              className="size-4 rounded border-slate-400 accent-indigo-600"
            />
            {t('activities.filters.overdue')}
          </label>
        </div>
        <div className="flex items-end sm:justify-end">
          <Button variant="ghost" onClick={onClear} disabled={!canClear}>
            <X aria-hidden="true" className="size-4" />
            {t('filters.clearAll')}
          </Button>
        </div>
      </div>
    </section>
  );
}
