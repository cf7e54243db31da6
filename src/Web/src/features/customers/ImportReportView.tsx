import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../api/client';
import { bodyCell, headerCell, tableClasses, tableFrame } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';

/** The figures of an import (dry run or real) and a table of the row-level errors. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const figures: Array<{ key: 'rows' | 'valid' | 'invalid' | 'created' | 'updated' | 'skipped'; value: number; tone: string }> =
    report.dry_run
    ? [
        { key: 'rows', value: report.rows, tone: 'text-slate-900' },
        { key: 'valid', value: report.valid, tone: 'text-emerald-800' },
        { key: 'invalid', value: report.invalid, tone: report.invalid > 0 ? 'text-red-700' : 'text-slate-900' },
      ]
    : [
        { key: 'created', value: report.created, tone: 'text-emerald-800' },
        { key: 'updated', value: report.updated, tone: 'text-indigo-800' },
        { key: 'skipped', value: report.skipped, tone: report.skipped > 0 ? 'text-red-700' : 'text-slate-900' },
      ];

  return (
    <div className="space-y-5">
      <dl className="grid grid-cols-3 gap-3">
        {figures.map(({ key, value, tone }) => (
          <div key={key} className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">
              {t(`customers.import.figures.${key}`)}
            </dt>
            <dd className={`mt-1 text-2xl font-semibold tabular-nums ${tone}`}>{format.count(value)}</dd>
          </div>
        ))}
      </dl>

      {report.errors.length > 0 && (
        <div className={tableFrame}>
          <table className={tableClasses}>
            <caption className="px-4 pt-3 text-left text-sm font-semibold text-slate-900">
              {t('customers.import.errorsCaption', { count: report.errors.length })}
            </caption>
            <thead className="bg-slate-50">
              <tr>
                <th scope="col" className={headerCell}>
                  {t('customers.import.line')}
                </th>
                <th scope="col" className={headerCell}>
                  {t('customers.import.field')}
                </th>
                <th scope="col" className={headerCell}>
                  {t('customers.import.message')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.errors.map((error, index) => (
                <tr key={`${error.row}-${error.field}-${index}`}>
                  <td className={`${bodyCell} tabular-nums`}>{error.row}</td>
                  <td className={`${bodyCell} font-mono text-xs`}>{error.field}</td>
                  <td className={bodyCell}>{error.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
