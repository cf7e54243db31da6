import { useTranslation } from 'react-i18next';
import { useLocaleFormatters } from '../../i18n/format';
import { fieldKind, fromRulesJson, valueShape, type ConditionRow, type RuleGroup } from './ruleModel';

/** A segment's rules as sentences: "Country is one of Germany, Austria", nested groups indented. */
export function RulesSummary({ rules }: { rules: unknown }) {
  return <GroupSummary group={fromRulesJson(rules)} />;
}

function GroupSummary({ group }: { group: RuleGroup }) {
  const { t } = useTranslation();
  return (
    <div>
      <p className="text-sm text-slate-700">{group.join === 'all' ? t('segments.summary.all') : t('segments.summary.any')}</p>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-900">
        {group.items.map((item) => (
          <li key={item.id}>{item.type === 'group' ? <GroupSummary group={item} /> : <ConditionSummary row={item} />}</li>
        ))}
      </ul>
    </div>
  );
}

function ConditionSummary({ row }: { row: ConditionRow }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const kind = fieldKind(row.field);
  const show = (value: string) =>
    kind === 'country'
      ? format.countryName(value)
      : kind === 'language'
        ? format.languageName(value)
        : kind === 'status'
          ? t(`customers.status.${value}` as never, { defaultValue: value })
          : value;
  const shape = valueShape(row.op);
  const value =
    shape === 'list'
      ? row.values.map(show).join(', ')
      : shape === 'range'
        ? t('segments.summary.range', { min: row.value, max: row.upper })
        : kind === 'days'
          ? t('segments.summary.days', { count: Number(row.value) })
          : show(row.value);
  const field = t(`segments.fields.${row.field}` as never, { defaultValue: row.field });
  const op = t(`segments.ops.${row.op}` as never, { defaultValue: row.op });
  return (
    <span>
      <span className="font-medium">{field}</span> {op} <span className="font-medium">{value}</span>
    </span>
  );
}
