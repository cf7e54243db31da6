import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { X } from 'lucide-react';
import type { CustomerStatus } from '../../api/client';
import { useReferenceData } from '../../api/referenceData';
import { Button } from '../../components/Button';
import { DebouncedTextField } from '../../components/DebouncedTextField';
import { MultiSelect } from '../../components/MultiSelect';
import { DateRangeFilter, RangeGroup } from '../../components/RangeFilters';
import { useLocaleFormatters } from '../../i18n/format';
import { useTags } from './customerApi';
import type { CustomerFilters } from './customerFilters';
import { CUSTOMER_STATUSES } from './customerFormSchema';
import { countryOptions } from './referenceOptions';

interface CustomerFilterBarProps {
  id: string;
  filters: CustomerFilters;
  onChange: (patch: Partial<CustomerFilters>) => void;
  onClear: () => void;
  canClear: boolean;
}

/** Country, status, tag, lifetime value and creation date filters; every change lands in the URL. */
export function CustomerFilterBar({ id, filters, onChange, onClear, canClear }: CustomerFilterBarProps) {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const reference = useReferenceData();
  const tags = useTags();
  const tagListId = useId();

  const countries = useMemo(
    () => countryOptions(reference.data?.countries ?? filters.countries, format, locale),
    [reference.data, filters.countries, format, locale],
  );
  const statuses = CUSTOMER_STATUSES.map((status) => ({ value: status, label: t(`customers.status.${status}`) }));

  return (
    <section
      id={id}
      aria-label={t('filters.title')}
      className="mb-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <MultiSelect
          label={t('customers.filters.country')}
          options={countries}
          value={filters.countries}
          onChange={(countries) => onChange({ countries })}
          searchable
        />
        <MultiSelect
          label={t('customers.filters.status')}
          options={statuses}
          value={filters.statuses}
          onChange={(values) => onChange({ statuses: values as CustomerStatus[] })}
        />
        <DebouncedTextField
          label={t('customers.filters.tag')}
          value={filters.tag}
          onCommit={(tag) => onChange({ tag: tag.trim() })}
          list={tagListId}
          autoComplete="off"
        />
        <datalist id={tagListId}>
          {(tags.data ?? []).map((row) => (
            <option key={row.tag} value={row.tag} />
          ))}
        </datalist>
        <RangeGroup legend={t('customers.filters.ltv')}>
          <DebouncedTextField
            label={t('customers.filters.ltvMin')}
            value={filters.ltvMin}
            onCommit={(ltvMin) => onChange({ ltvMin: ltvMin.trim() })}
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
          />
          <DebouncedTextField
            label={t('customers.filters.ltvMax')}
            value={filters.ltvMax}
            onCommit={(ltvMax) => onChange({ ltvMax: ltvMax.trim() })}
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
          />
        </RangeGroup>
        <DateRangeFilter
          legend={t('customers.filters.created')}
          fromLabel={t('customers.filters.createdAfter')}
          toLabel={t('customers.filters.createdBefore')}
          from={filters.createdAfter}
          to={filters.createdBefore}
          onFromChange={(createdAfter) => onChange({ createdAfter })}
          onToChange={(createdBefore) => onChange({ createdBefore })}
        />
        <div className="flex items-end sm:col-span-2 sm:justify-end">
          <Button variant="ghost" onClick={onClear} disabled={!canClear}>
            <X aria-hidden="true" className="size-4" />
            {t('filters.clearAll')}
          </Button>
        </div>
      </div>
    </section>
  );
}
