import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Plus, Trash2, X } from 'lucide-react';
import { useReferenceData } from '../../api/referenceData';
import { Button } from '../../components/Button';
import { controlClasses, ringFor, SelectField, TextField, type SelectOption } from '../../components/FormFields';
import { MultiSelect } from '../../components/MultiSelect';
import { useLocaleFormatters } from '../../i18n/format';
import { countryOptions, currencyOptions, languageOptions } from '../customers/referenceOptions';
import { useTags } from '../customers/customerApi';
import {
  FIELD_NAMES,
  fieldKind,
  newCondition,
  newGroup,
  operatorsFor,
  updateNode,
  valueShape,
  withField,
  withOperator,
  type ConditionRow,
  type RuleGroup,
  type RuleNode,
} from './ruleModel';

/** Groups nest this deep below the top one (the API allows more; more is hard to read). */
const MAX_NESTING = 2;

interface RuleBuilderProps {
  value: RuleGroup;
  onChange: (value: RuleGroup) => void;
  /** Server messages by node id (see errorsByNode). */
  errors: ReadonlyMap<string, string[]>;
}

/** The rules of a dynamic segment as AND/OR groups of "field – operator – value" rows. */
export function RuleBuilder({ value, onChange, errors }: RuleBuilderProps) {
  const edit = (id: string, change: (node: RuleNode) => RuleNode | null) => onChange(updateNode(value, id, change));
  return <GroupEditor group={value} depth={0} edit={edit} errors={errors} />;
}

interface NodeProps {
  depth: number;
  edit: (id: string, change: (node: RuleNode) => RuleNode | null) => void;
  errors: ReadonlyMap<string, string[]>;
}

function GroupEditor({ group, depth, edit, errors }: NodeProps & { group: RuleGroup }) {
  const { t } = useTranslation();
  const legendId = useId();
  const messages = errors.get(group.id);
  const add = (node: RuleNode) => edit(group.id, (g) => ({ ...(g as RuleGroup), items: [...(g as RuleGroup).items, node] }));
  return (
    <fieldset
      aria-labelledby={legendId}
      className={`rounded-lg border p-3 sm:p-4 ${depth === 0 ? 'border-slate-200 bg-white' : 'border-indigo-200 bg-indigo-50/40'}`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span id={legendId} className="text-sm font-medium text-slate-800">
          {depth === 0 ? t('segments.builder.match') : t('segments.builder.groupMatch')}
        </span>
        <div className="w-full sm:w-56">
          <select
            aria-label={t('segments.builder.join')}
            value={group.join}
            onChange={(event) => edit(group.id, (g) => ({ ...(g as RuleGroup), join: event.target.value as 'all' | 'any' }))}
            className={`${controlClasses} ${ringFor(false)} pr-8`}
          >
            <option value="all">{t('segments.builder.all')}</option>
            <option value="any">{t('segments.builder.any')}</option>
          </select>
        </div>
        {depth > 0 && (
          <Button variant="ghost" className="ml-auto text-red-700 hover:bg-red-50" onClick={() => edit(group.id, () => null)}>
            <Trash2 aria-hidden="true" className="size-4" />
            {t('segments.builder.removeGroup')}
          </Button>
        )}
      </div>
      {messages && <NodeMessages messages={messages} />}
      <ul className="mt-3 space-y-3">
        {group.items.map((item, index) => (
          <li key={item.id}>
            {index > 0 && (
              <p aria-hidden="true" className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {group.join === 'all' ? t('segments.builder.and') : t('segments.builder.or')}
              </p>
            )}
            {item.type === 'group' ? (
              <GroupEditor group={item} depth={depth + 1} edit={edit} errors={errors} />
            ) : (
              <ConditionEditor row={item} position={index + 1} edit={edit} errors={errors} depth={depth} />
            )}
          </li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => add(newCondition())}>
          <Plus aria-hidden="true" className="size-4" />
          {t('segments.builder.addCondition')}
        </Button>
        {depth < MAX_NESTING && (
          <Button variant="secondary" onClick={() => add(newGroup(group.join === 'all' ? 'any' : 'all'))}>
            <Plus aria-hidden="true" className="size-4" />
            {t('segments.builder.addGroup')}
          </Button>
        )}
      </div>
    </fieldset>
  );
}

function NodeMessages({ messages, id }: { messages: readonly string[]; id?: string }) {
  return (
    <ul id={id} className="mt-2 space-y-0.5 text-sm text-red-700">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function ConditionEditor({ row, position, edit, errors }: NodeProps & { row: ConditionRow; position: number }) {
  const { t } = useTranslation();
  const errorId = useId();
  const messages = errors.get(row.id);
  const change = (next: Partial<ConditionRow>) => edit(row.id, (node) => ({ ...(node as ConditionRow), ...next }));
  const fieldOptions: SelectOption[] = FIELD_NAMES.map((field) => ({ value: field, label: t(`segments.fields.${field}`) }));
  if (!(FIELD_NAMES as readonly string[]).includes(row.field)) fieldOptions.unshift({ value: row.field, label: row.field });
  const opOptions: SelectOption[] = operatorsFor(row.field).map((op) => ({ value: op, label: t(`segments.ops.${op}`) }));
  if (!opOptions.some((option) => option.value === row.op)) opOptions.unshift({ value: row.op, label: row.op });

  return (
    <div
      role="group"
      aria-label={t('segments.builder.condition', { number: position })}
      aria-describedby={messages ? errorId : undefined}
      className={`rounded-md border bg-white p-3 ${messages ? 'border-red-300' : 'border-slate-200'}`}
    >
      <div className="grid gap-3 sm:grid-cols-[minmax(0,12rem)_minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-end">
        <SelectField
          label={t('segments.builder.field')}
          options={fieldOptions}
          value={row.field}
          onChange={(event) => edit(row.id, (node) => withField(node as ConditionRow, event.target.value))}
        />
        <SelectField
          label={t('segments.builder.operator')}
          options={opOptions}
          value={row.op}
          onChange={(event) => edit(row.id, (node) => withOperator(node as ConditionRow, event.target.value))}
        />
        <ValueEditor row={row} change={change} />
        <Button
          variant="ghost"
          className="justify-self-start text-red-700 hover:bg-red-50"
          onClick={() => edit(row.id, () => null)}
          aria-label={t('segments.builder.removeConditionNamed', { number: position })}
        >
          <X aria-hidden="true" className="size-4" />
          <span className="sm:sr-only">{t('segments.builder.removeCondition')}</span>
        </Button>
      </div>
      {messages && <NodeMessages id={errorId} messages={messages} />}
    </div>
  );
}

/** The right input for the field and operator: a choice list, numbers, days, tags or free text. */
function ValueEditor({ row, change }: { row: ConditionRow; change: (next: Partial<ConditionRow>) => void }) {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  const reference = useReferenceData();
  const tags = useTags();
  const kind = fieldKind(row.field);
  const shape = valueShape(row.op);
  const label = t('segments.builder.value');

  const choices = useMemo((): SelectOption[] | undefined => {
    const data = reference.data;
    switch (kind) {
      case 'country':
        return countryOptions(data?.countries ?? [], format, i18n.language);
      case 'language':
        return languageOptions(data?.languages ?? [], format, i18n.language);
      case 'currency':
        return currencyOptions(data?.currencies ?? [], format);
      case 'status':
        return (data?.statuses ?? []).map((status) => ({ value: status, label: t(`customers.status.${status}`) }));
      case 'tags':
        return (tags.data ?? []).map((tag) => ({ value: tag.tag, label: tag.tag }));
      default:
        return undefined;
    }
  }, [kind, reference.data, tags.data, format, i18n.language, t]);

  if (kind === 'number' || kind === 'days') {
    const unit = kind === 'days' ? t('segments.builder.days') : undefined;
    if (shape === 'range') {
      return (
        <div className="grid grid-cols-2 gap-2">
          <TextField label={t('segments.builder.min')} type="number" inputMode="decimal" value={row.value} onChange={(e) => change({ value: e.target.value })} />
          <TextField label={t('segments.builder.max')} type="number" inputMode="decimal" value={row.upper} onChange={(e) => change({ upper: e.target.value })} />
        </div>
      );
    }
    return (
      <TextField
        label={unit ? `${label} (${unit})` : label}
        type="number"
        inputMode="decimal"
        min={kind === 'days' ? 0 : undefined}
        value={row.value}
        onChange={(e) => change({ value: e.target.value })}
      />
    );
  }

  if (shape === 'list') {
    if (choices && kind !== 'tags') {
      return (
        <MultiSelect
          label={label}
          options={choices}
          value={row.values}
          onChange={(values) => change({ values })}
          searchable={choices.length > 10}
          emptyText={t('segments.builder.choose')}
        />
      );
    }
    return <ListInput label={label} values={row.values} suggestions={choices} onChange={(values) => change({ values })} />;
  }

  if (choices && kind !== 'tags') {
    return <SelectField label={label} options={choices} placeholder={t('segments.builder.choose')} value={row.value} onChange={(e) => change({ value: e.target.value })} />;
  }
  return <SuggestingTextField label={label} value={row.value} suggestions={choices} onChange={(value) => change({ value })} />;
}

function SuggestingTextField({ label, value, suggestions, onChange }: { label: string; value: string; suggestions?: SelectOption[]; onChange: (value: string) => void }) {
  const listId = useId();
  return (
    <>
      <TextField label={label} value={value} list={suggestions ? listId : undefined} onChange={(e) => onChange(e.target.value)} />
      {suggestions && (
        <datalist id={listId}>
          {suggestions.map((option) => (
            <option key={option.value} value={option.value} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** Free-text values (tags, SKUs, regions) added one at a time with Enter or the add button, shown as removable chips. */
function ListInput({ label, values, suggestions, onChange }: { label: string; values: string[]; suggestions?: SelectOption[]; onChange: (values: string[]) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const listId = useId();
  const commit = () => {
    const value = draft.trim();
    if (value && !values.includes(value)) onChange([...values, value]);
    setDraft('');
  };
  return (
    <div>
      <div className="flex items-end gap-2">
        <TextField
          className="min-w-0 flex-1"
          label={label}
          value={draft}
          list={suggestions ? listId : undefined}
          hint={t('segments.builder.listHint')}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              commit();
            }
          }}
          onBlur={commit}
        />
        {suggestions && (
          <datalist id={listId}>
            {suggestions.map((option) => (
              <option key={option.value} value={option.value} />
            ))}
          </datalist>
        )}
      </div>
      {values.length > 0 && (
        <ul className="mt-2 flex flex-wrap gap-1" aria-label={label}>
          {values.map((value) => (
            <li key={value} className="inline-flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-800">
              {value}
              <button
                type="button"
                className="rounded text-slate-600 hover:text-red-700"
                aria-label={t('segments.builder.removeValue', { value })}
                onClick={() => onChange(values.filter((item) => item !== value))}
              >
                <X aria-hidden="true" className="size-3" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
