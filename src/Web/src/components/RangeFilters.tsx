import type { ReactNode } from 'react';
import { LocalDateField } from './LocalDateField';

/** Two inputs that bound one value (from/to), grouped under a common legend. */
export function RangeGroup({ legend, children, className = '' }: { legend: string; children: ReactNode; className?: string }) {
  return (
    <fieldset className={className}>
      <legend className="mb-1.5 text-sm font-medium text-slate-800">{legend}</legend>
      <div className="grid grid-cols-2 gap-3 [&_label]:text-xs [&_label]:font-normal [&_label]:text-slate-600">{children}</div>
    </fieldset>
  );
}

interface DateRangeFilterProps {
  legend: string;
  fromLabel: string;
  toLabel: string;
  /** Days as yyyy-mm-dd, '' when open. */
  from: string;
  to: string;
  onFromChange: (day: string) => void;
  onToChange: (day: string) => void;
  className?: string;
}

/** A from/to pair of date fields in the UI language's format; each bounds the other so the range cannot be inverted. */
export function DateRangeFilter({ legend, fromLabel, toLabel, from, to, onFromChange, onToChange, className = 'sm:col-span-2' }: DateRangeFilterProps) {
  return (
    <RangeGroup legend={legend} className={className}>
      <LocalDateField label={fromLabel} value={from} onCommit={(day) => onFromChange(to && day > to ? to : day)} />
      <LocalDateField label={toLabel} value={to} onCommit={(day) => onToChange(from && day && day < from ? from : day)} />
    </RangeGroup>
  );
}
