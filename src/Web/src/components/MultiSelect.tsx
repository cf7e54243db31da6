import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronDown } from 'lucide-react';
import type { SelectOption } from './FormFields';
import { useCloseOnOutside } from './usePopover';

interface MultiSelectProps {
  label: string;
  options: readonly SelectOption[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  /** Long lists (countries) get a text box that narrows the options. */
  searchable?: boolean;
  className?: string;
  /** A toolbar button (e.g. "Columns") instead of a labelled field: the label is then read, not shown. */
  button?: ReactNode;
  /** What the closed field says while nothing is chosen; "Any" (right for filters) unless given. */
  emptyText?: string;
}

/**
 * Several choices from a list: a button that opens a panel of checkboxes. The button is named by
 * the label and the current choice ("Country, Germany, France"); Escape or a click elsewhere closes it.
 */
export function MultiSelect({ label, options, value, onChange, searchable, className = '', button, emptyText }: MultiSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useCloseOnOutside(rootRef, open, () => setOpen(false));

  // The choice shows at once, before the URL (and so `value`) has caught up.
  const [chosen, setChosen] = useState<readonly string[]>(value);
  const valueKey = value.join(',');
  useEffect(() => setChosen(valueKey ? valueKey.split(',') : []), [valueKey]);

  const selected = new Set(chosen);
  const labelOf = (code: string) => options.find((option) => option.value === code)?.label ?? code;
  const summary =
    chosen.length === 0
      ? (emptyText ?? t('filters.any'))
      : chosen.length <= 2
        ? chosen.map(labelOf).join(', ')
        : t('filters.selectedCount', { count: chosen.length });

  const visible = useMemo(() => {
    const needle = search.trim().toLocaleLowerCase();
    return needle ? options.filter((option) => option.label.toLocaleLowerCase().includes(needle)) : options;
  }, [options, search]);

  const change = (next: string[]) => {
    setChosen(next);
    onChange(next);
  };
  const toggle = (code: string) => change(selected.has(code) ? chosen.filter((item) => item !== code) : [...chosen, code]);

  return (
    <div
      ref={rootRef}
      className={`relative ${className}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          buttonRef.current?.focus();
        }
      }}
    >
      <span id={`${id}-label`} className={button ? 'sr-only' : 'block text-sm font-medium text-slate-800'}>
        {label}
      </span>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        aria-labelledby={button ? `${id}-label` : `${id}-label ${id}-value`}
        onClick={() => setOpen((isOpen) => !isOpen)}
        className={
          button
            ? 'inline-flex items-center gap-2 rounded-md bg-white px-3.5 py-2 text-sm font-semibold text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50'
            : 'mt-1.5 flex w-full items-center justify-between gap-2 rounded-md bg-white px-3 py-2 text-left text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50'
        }
      >
        {button ?? (
          <span id={`${id}-value`} className={`truncate ${chosen.length === 0 ? 'text-slate-600' : ''}`}>
            {summary}
          </span>
        )}
        <ChevronDown aria-hidden="true" className="size-4 shrink-0 text-slate-500" />
      </button>
      {open && (
        <div
          id={`${id}-panel`}
          className={`absolute z-30 mt-1 min-w-56 rounded-md bg-white p-2 shadow-lg ring-1 ring-slate-200 ${
            button ? 'right-0' : 'left-0 w-full'
          }`}
        >
          {searchable && (
            <input
              type="search"
              aria-label={t('filters.narrow', { label })}
              placeholder={t('filters.narrowPlaceholder')}
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              className="mb-2 block w-full rounded-md border-0 px-2.5 py-1.5 text-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
            />
          )}
          <fieldset>
            <legend className="sr-only">{label}</legend>
            <ul className="max-h-64 overflow-y-auto">
              {visible.map((option) => (
                <li key={option.value}>
                  <label className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-800 hover:bg-slate-50">
                    <input
                      type="checkbox"
                      checked={selected.has(option.value)}
                      onChange={() => toggle(option.value)}
                      className="size-4 rounded border-slate-400 accent-indigo-600"
                    />
                    {option.label}
                  </label>
                </li>
              ))}
              {visible.length === 0 && <li className="px-2 py-1.5 text-sm text-slate-600">{t('filters.noOptions')}</li>}
            </ul>
          </fieldset>
          {chosen.length > 0 && !button && (
            <button
              type="button"
              onClick={() => change([])}
              className="mt-1 w-full rounded px-2 py-1.5 text-left text-sm font-medium text-indigo-700 hover:bg-indigo-50"
            >
              {t('filters.clearChoice')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
