import { toAmount } from '../../i18n/format';
import type { ReportRow } from './analyticsApi';

/** How a chart's values read: whole numbers, US dollars or percentages (0–100). */
export type ValueFormat = 'count' | 'usd' | 'percent' | 'decimal';

export interface SeriesSpec {
  key: string;
  label: string;
  value: (row: ReportRow) => number;
}

/**
 * What one report's chart shows. Rows with the same category are added up (e.g. new customers per period over all
 * countries), so every chart reads the report's rows as the API gives them.
 */
export type ChartSpec =
  | { kind: 'line' | 'bar'; category: (row: ReportRow) => string; series: readonly SeriesSpec[]; format: ValueFormat }
  | {
      kind: 'stackedBar';
      category: (row: ReportRow) => string;
      stack: (row: ReportRow) => string;
      stackLabel: (stack: string) => string;
      value: (row: ReportRow) => number;
      format: ValueFormat;
    }
  | {
      kind: 'rankedBar';
      category: (row: ReportRow) => string;
      value: (row: ReportRow) => number;
      format: ValueFormat;
      include?: (row: ReportRow) => boolean;
      limit?: number;
    }
  | {
      kind: 'heatmap';
      rowKey: (row: ReportRow) => string;
      rowLabel: (row: ReportRow) => string;
      column: (row: ReportRow) => number;
      value: (row: ReportRow) => number;
      format: ValueFormat;
    };

export type ChartDatum = Record<string, string | number>;

export interface SeriesData {
  data: ChartDatum[];
  series: { key: string; label: string }[];
}

export interface HeatmapData {
  columns: number[];
  rows: { key: string; label: string; cells: (number | null)[] }[];
}

/** A numeric field of a row; null, missing or non-numeric counts as 0. */
export const numberOf = (key: string) => (row: ReportRow) => toAmount(row[key]) ?? 0;

/** The points of a line, bar, stacked or ranked chart, in the order the rows first name their categories. */
export function seriesData(spec: Exclude<ChartSpec, { kind: 'heatmap' }>, rows: readonly ReportRow[]): SeriesData {
  if (spec.kind === 'rankedBar') {
    const kept = rows.filter((row) => spec.include?.(row) ?? true).slice(0, spec.limit ?? 12);
    return { data: kept.map((row) => ({ category: spec.category(row), value: spec.value(row) })), series: [{ key: 'value', label: '' }] };
  }

  const byCategory = new Map<string, ChartDatum>();
  const add = (category: string, key: string, value: number) => {
    const datum = byCategory.get(category) ?? { category };
    datum[key] = ((datum[key] as number | undefined) ?? 0) + value;
    byCategory.set(category, datum);
  };

  if (spec.kind === 'stackedBar') {
    const stacks: string[] = [];
    for (const row of rows) {
      const stack = spec.stack(row);
      if (!stacks.includes(stack)) stacks.push(stack);
      add(spec.category(row), stack, spec.value(row));
    }
    stacks.sort();
    // Every point has every stack, so tooltips and the legend agree.
    const data = [...byCategory.values()].map((datum) => Object.fromEntries([['category', datum.category], ...stacks.map((s) => [s, datum[s] ?? 0])]));
    return { data, series: stacks.map((key) => ({ key, label: spec.stackLabel(key) })) };
  }

  for (const row of rows) {
    for (const series of spec.series) add(spec.category(row), series.key, series.value(row));
  }

  return { data: [...byCategory.values()], series: spec.series.map(({ key, label }) => ({ key, label })) };
}

/** A matrix of rows (e.g. cohorts) by numbered columns (e.g. months after); a cell the rows do not give is null. */
export function heatmapData(spec: Extract<ChartSpec, { kind: 'heatmap' }>, rows: readonly ReportRow[]): HeatmapData {
  const columns = [...new Set(rows.map(spec.column))].sort((a, b) => a - b);
  const byKey = new Map<string, { key: string; label: string; cells: (number | null)[] }>();
  for (const row of rows) {
    const key = spec.rowKey(row);
    const line = byKey.get(key) ?? { key, label: spec.rowLabel(row), cells: columns.map(() => null) };
    line.cells[columns.indexOf(spec.column(row))] = spec.value(row);
    byKey.set(key, line);
  }

  return { columns, rows: [...byKey.values()] };
}

/** Background and text classes of a heatmap cell for a percentage, dark enough text on every step (WCAG AA). */
export function heatClasses(percent: number | null): string {
  if (percent === null) return 'bg-white text-slate-500';
  if (percent >= 75) return 'bg-indigo-800 text-white';
  if (percent >= 50) return 'bg-indigo-600 text-white';
  if (percent >= 25) return 'bg-indigo-200 text-indigo-950';
  if (percent >= 10) return 'bg-indigo-100 text-indigo-950';
  if (percent > 0) return 'bg-indigo-50 text-indigo-950';
  return 'bg-slate-50 text-slate-700';
}

export interface ValueFormatters {
  count(value: number): string;
  money(value: unknown, currency: string): string;
}

/** A chart value as text in the UI language. */
export function formatValue(format: ValueFormat, value: unknown, formatters: ValueFormatters, locale: string): string {
  const amount = toAmount(value);
  if (amount === undefined) return '–';
  switch (format) {
    case 'usd':
      return formatters.money(amount, 'USD');
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(amount / 100);
    case 'decimal':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(amount);
    default:
      return formatters.count(amount);
  }
}

/** A bucket's first day (YYYY-MM-DD) as a month and year in the UI language, e.g. "Oct 2026". */
export function monthLabel(isoDay: string, locale: string): string {
  const date = new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDay : new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(date);
}
