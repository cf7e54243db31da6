import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ChartFrame } from '../dashboard/ChartFrame';
import { bodyCell, headerCell, numericCell, numericHeaderCell, tableClasses, tableFrame } from '../../components/table';
import { downloadExport } from '../customers/customerApi';
import { reportCsvUrl, useReport, type ReportName, type ReportRow } from './analyticsApi';
import { ReportChart } from './ReportChart';
import type { ChartSpec } from './chartSpec';

export interface ReportColumn {
  key: string;
  label: string;
  numeric?: boolean;
  format?: (row: ReportRow) => string;
}

interface ReportCardProps {
  name: ReportName;
  query: Record<string, string>;
  title: string;
  description: string;
  columns: readonly ReportColumn[];
  chart: ChartSpec;
  summary?: (rows: readonly ReportRow[]) => string | undefined;
  columnLabel?: (column: number) => string;
  rowHeader?: string;
}

/** One report: its chart or table, and its CSV export with the same range and time zone. */
export function ReportCard({ name, query, title, description, columns, chart, summary, columnLabel, rowHeader }: ReportCardProps) {
  const { t } = useTranslation();
  const report = useReport(name, query);
  const [exportFailed, setExportFailed] = useState(false);
  const rows = report.data ?? [];
  const body = (content: ReactNode) =>
    report.isPending ? (
      <p className="text-sm text-slate-600">{t('analytics.loading')}</p>
    ) : report.isError ? (
      <p role="alert" className="text-sm text-red-700">{t('analytics.loadFailed')}</p>
    ) : rows.length === 0 ? (
      <p className="text-sm text-slate-600">{t('analytics.empty')}</p>
    ) : (
      content
    );
  const exportCsv = () => {
    setExportFailed(false);
    downloadExport(reportCsvUrl(name, query), `${name}.csv`).catch(() => setExportFailed(true));
  };
  return (
    <div data-testid={`report-${name}`} className="min-w-0">
      <ChartFrame
        title={title}
        description={description}
        chart={body(<ReportChart spec={chart} rows={rows} caption={title} columnLabel={columnLabel} rowHeader={rowHeader} />)}
        table={body(<ReportTable caption={title} columns={columns} rows={rows} />)}
      />
      {summary && !report.isPending && summary(rows) && <p className="mt-2 text-sm text-slate-700">{summary(rows)}</p>}
      <div className="mt-2 flex items-center gap-3">
        <button type="button" onClick={exportCsv} className="text-sm font-medium text-indigo-700 hover:underline">
          {t('charts.exportCsv')}: {title}
        </button>
        {exportFailed && <span role="alert" className="text-sm text-red-700">{t('analytics.exportFailed')}</span>}
      </div>
    </div>
  );
}

function ReportTable({ caption, columns, rows }: { caption: string; columns: readonly ReportColumn[]; rows: ReportRow[] }) {
  return (
    // Focusable, so a keyboard can scroll a table wider than its card.
    <div className={tableFrame} tabIndex={0} role="region" aria-label={caption}>
      <table className={tableClasses}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.numeric ? numericHeaderCell : headerCell}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, index) => (
            <tr key={index}>
              {columns.map((column) => (
                <td key={column.key} className={column.numeric ? numericCell : bodyCell}>
                  {column.format ? column.format(row) : String(row[column.key] ?? '')}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
