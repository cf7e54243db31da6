import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useLocaleFormatters } from '../../i18n/format';
import { ReportCard } from './ReportCard';
import { reportQuery, type ReportRange } from './analyticsApi';
import { reportDefinitions } from './reportDefinitions';

type Period = 'day' | 'week' | 'month';

const fieldClasses =
  'mt-1 block w-full rounded-md border-0 px-3 py-2 text-sm text-slate-900 ring-1 ring-slate-300 focus:ring-2 focus:ring-indigo-600';

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const TIME_ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

export function AnalyticsPage() {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  useDocumentTitle(t('pages.analytics.title'));
  const [range, setRange] = useState<ReportRange>(() => {
    const today = new Date();
    return { from: isoDay(new Date(today.getTime() - 29 * 86_400_000)), to: isoDay(today), tz: browserTimeZone() };
  });
  const [period, setPeriod] = useState<Period>('day');
  const withPeriod = useMemo(() => reportQuery(range, { period }), [range, period]);
  const plain = useMemo(() => reportQuery(range), [range]);
  const reports = useMemo(() => reportDefinitions(t, format, locale), [t, format, locale]);

  return (
    <div className="space-y-6">
      <PageHeader title={t('pages.analytics.title')} description={t('analytics.description')} />
      <form className="grid gap-4 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-4" onSubmit={(e) => e.preventDefault()}>
        <label className="text-sm font-medium text-slate-700">
          {t('analytics.from')}
          <input type="date" className={fieldClasses} value={range.from} max={range.to}
            onChange={(e) => e.target.value && setRange({ ...range, from: e.target.value })} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          {t('analytics.to')}
          <input type="date" className={fieldClasses} value={range.to} min={range.from}
            onChange={(e) => e.target.value && setRange({ ...range, to: e.target.value })} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          {t('analytics.timeZone')}
          <select className={fieldClasses} value={range.tz} onChange={(e) => setRange({ ...range, tz: e.target.value })}>
            {(TIME_ZONES.includes(range.tz) ? TIME_ZONES : [range.tz, ...TIME_ZONES]).map((zone) => (
              <option key={zone} value={zone}>{zone}</option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium text-slate-700">
          {t('analytics.period')}
          <select className={fieldClasses} value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            {(['day', 'week', 'month'] as const).map((p) => (
              <option key={p} value={p}>{t(`analytics.periods.${p}`)}</option>
            ))}
          </select>
        </label>
      </form>

      <div className="grid gap-6 xl:grid-cols-2">
        {reports.map((report) => (
          <ReportCard
            key={report.name}
            name={report.name}
            query={report.parameters === 'period' ? withPeriod : plain}
            title={report.title}
            description={report.description}
            columns={report.columns}
            chart={report.chart}
            summary={report.summary}
            columnLabel={report.columnLabel}
            rowHeader={report.rowHeader}
          />
        ))}
      </div>
    </div>
  );
}
