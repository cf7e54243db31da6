import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocaleFormatters } from '../../i18n/format';
import type { ReportRow } from './analyticsApi';
import { formatValue, heatClasses, heatmapData, seriesData, type ChartSpec } from './chartSpec';

const CHART_HEIGHT = 260;
const COLORS = ['#4338ca', '#0f766e', '#b45309', '#be123c', '#6d28d9', '#0369a1', '#4d7c0f', '#475569'];

interface ReportChartProps {
  spec: ChartSpec;
  rows: readonly ReportRow[];
  /** Names the heatmap's table for screen readers. */
  caption: string;
  /** Heads the heatmap's columns (e.g. "Month +1"). */
  columnLabel?: (column: number) => string;
  rowHeader?: string;
}

/** Every report's chart: a line, bar, stacked bar or ranked bar chart (Recharts), or a heatmap table for cohorts. */
export function ReportChart({ spec, rows, caption, columnLabel = String, rowHeader = '' }: ReportChartProps) {
  const { i18n } = useTranslation();
  const formatters = useLocaleFormatters();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const show = (value: unknown) => formatValue(spec.format, value, formatters, locale);

  if (spec.kind === 'heatmap') {
    const matrix = heatmapData(spec, rows);
    return (
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={caption}>
        <table className="min-w-full border-separate border-spacing-0.5 text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col" className="px-2 py-1 text-left font-medium text-slate-700">{rowHeader}</th>
              {matrix.columns.map((column) => (
                <th key={column} scope="col" className="whitespace-nowrap px-2 py-1 text-right font-medium text-slate-700">
                  {columnLabel(column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((line) => (
              <tr key={line.key}>
                <th scope="row" className="whitespace-nowrap px-2 py-1 text-left font-medium text-slate-900">{line.label}</th>
                {line.cells.map((cell, index) => (
                  <td key={matrix.columns[index]} className={`rounded px-2 py-1 text-right tabular-nums ${heatClasses(cell)}`}>
                    {cell === null ? '' : show(cell)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  const { data, series } = seriesData(spec, rows);
  if (spec.kind === 'rankedBar') {
    // Labels on the left, readable on a phone.
    return (
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 28 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={show} />
          <YAxis type="category" dataKey="category" width={140} />
          <Tooltip formatter={show} />
          <Bar dataKey="value" fill={COLORS[0]} />
        </BarChart>
      </ResponsiveContainer>
    );
  }

  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" />
      <XAxis dataKey="category" />
      <YAxis tickFormatter={show} width={spec.format === 'usd' ? 90 : 60} allowDecimals={spec.format !== 'count'} />
      <Tooltip formatter={show} />
      {series.length > 1 && <Legend />}
    </>
  );
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      {spec.kind === 'line' ? (
        <LineChart data={data}>
          {axes}
          {series.map((s, index) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={COLORS[index % COLORS.length]} dot={data.length < 2} />
          ))}
        </LineChart>
      ) : (
        <BarChart data={data}>
          {axes}
          {series.map((s, index) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLORS[index % COLORS.length]} stackId={spec.kind === 'stackedBar' ? 'stack' : undefined} />
          ))}
        </BarChart>
      )}
    </ResponsiveContainer>
  );
}
