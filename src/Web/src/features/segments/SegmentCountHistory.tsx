import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { bodyCell, headerCell, numericCell, numericHeaderCell, tableClasses, tableFrame } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';
import { ChartFrame } from '../dashboard/ChartFrame';
import { COUNT_RANGES, useSegmentCountHistory, type CountRange } from './segmentCounts';

const CHART_HEIGHT = 240;

/** The segment's member count per day over 30, 90 or 365 days, as a line or (for exact figures) a table. */
export function SegmentCountHistory({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const [range, setRange] = useState<CountRange>(30);
  const history = useSegmentCountHistory(segmentId, range);
  const rows = history.data ?? [];
  const title = t('segments.history.title');
  const body = (content: ReactNode) =>
    history.isPending ? (
      <p className="text-sm text-slate-600">{t('common.loading')}</p>
    ) : history.isError ? (
      <p role="alert" className="text-sm text-red-700">{t('segments.history.loadFailed')}</p>
    ) : (
      content
    );

  return (
    <div data-testid="segment-count-history">
      <fieldset className="mb-2 flex flex-wrap items-center gap-2">
        <legend className="sr-only">{t('segments.history.range')}</legend>
        {COUNT_RANGES.map((days) => (
          <button
            key={days}
            type="button"
            aria-pressed={range === days}
            onClick={() => setRange(days)}
            className={`rounded-md px-2.5 py-1 text-sm font-medium ring-1 ring-slate-300 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 ${
              range === days ? 'bg-indigo-600 text-white' : 'text-slate-700 hover:bg-slate-50'
            }`}
          >
            {t('segments.history.lastDays', { count: days, formatted: format.count(days) })}
          </button>
        ))}
      </fieldset>
      <ChartFrame
        title={title}
        description={t('segments.history.description')}
        chart={body(
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <LineChart data={rows.map((r) => ({ day: format.day(r.day), members: r.member_count }))}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="day" minTickGap={24} />
              <YAxis allowDecimals={false} tickFormatter={(v: number) => format.count(v)} width={70} />
              <Tooltip formatter={(v) => format.count(Number(v))} />
              <Line type="stepAfter" dataKey="members" name={t('segments.history.members')} stroke="#4338ca" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>,
        )}
        table={body(
          <div className={tableFrame}>
            <table className={tableClasses}>
              <caption className="sr-only">{title}</caption>
              <thead className="bg-slate-50">
                <tr>
                  <th scope="col" className={headerCell}>{t('segments.history.day')}</th>
                  <th scope="col" className={numericHeaderCell}>{t('segments.history.members')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((row) => (
                  <tr key={row.day}>
                    <td className={bodyCell}>{format.day(row.day)}</td>
                    <td className={numericCell}>{format.count(row.member_count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>,
        )}
      />
    </div>
  );
}
