import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PageHeader } from '../../components/PageHeader';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { toAmount, useLocaleFormatters } from '../../i18n/format';
import { ReportCard } from './ReportCard';
import { reportQuery, type ReportRange, type ReportRow } from './analyticsApi';

type Period = 'day' | 'week' | 'month';

const CHART_HEIGHT = 260;
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
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  useDocumentTitle(t('pages.analytics.title'));
  const [range, setRange] = useState<ReportRange>(() => {
    const today = new Date();
    return { from: isoDay(new Date(today.getTime() - 29 * 86_400_000)), to: isoDay(today), tz: browserTimeZone() };
  });
  const [period, setPeriod] = useState<Period>('day');
  const usd = (key: string) => (row: ReportRow) => format.money(row[key], 'USD');
  const count = (key: string) => (row: ReportRow) => format.count(Number(row[key] ?? 0));
  const name = (row: ReportRow) => `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim();
  const country = (row: ReportRow) => (row.country_code ? format.countryName(String(row.country_code)) : t('dashboard.noCountry'));
  const periodLabel = (row: ReportRow) => format.day(String(row.period));
  const withPeriod = useMemo(() => reportQuery(range, { period }), [range, period]);
  const plain = useMemo(() => reportQuery(range), [range]);
  const numeric = (value: unknown) => toAmount(value) ?? 0;

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
        <ReportCard
          name="order-trends"
          query={withPeriod}
          title={t('analytics.reports.orderTrends.title')}
          description={t('analytics.reports.orderTrends.description')}
          columns={[
            { key: 'period', label: t('analytics.columns.period'), format: periodLabel },
            { key: 'orders', label: t('analytics.columns.orders'), numeric: true, format: count('orders') },
            { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
            { key: 'average_order_value_usd', label: t('analytics.columns.averageOrderValue'), numeric: true, format: usd('average_order_value_usd') },
          ]}
          chart={(rows) => (
            <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
              <LineChart data={rows.map((r) => ({ period: format.day(String(r.period)), revenue: numeric(r.revenue_usd), aov: numeric(r.average_order_value_usd) }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="period" />
                <YAxis tickFormatter={(v: number) => format.money(v, 'USD')} width={90} />
                <Tooltip formatter={(v) => format.money(v, 'USD')} />
                <Line type="monotone" dataKey="revenue" name={t('analytics.columns.revenueUsd')} stroke="#4338ca" dot={false} />
                <Line type="monotone" dataKey="aov" name={t('analytics.columns.averageOrderValue')} stroke="#0f766e" dot={false} />
              </LineChart>
            </ResponsiveContainer>
          )}
        />
        <ReportCard
          name="revenue-by-country"
          query={plain}
          title={t('analytics.reports.revenueByCountry.title')}
          description={t('analytics.reports.revenueByCountry.description')}
          columns={[
            { key: 'country_code', label: t('analytics.columns.country'), format: country },
            { key: 'currency', label: t('analytics.columns.currency') },
            { key: 'orders', label: t('analytics.columns.orders'), numeric: true, format: count('orders') },
            { key: 'revenue', label: t('analytics.columns.revenue'), numeric: true, format: (r) => format.money(r.revenue, String(r.currency)) },
            { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
          ]}
          chart={(rows) => <HorizontalBars rows={rows.slice(0, 12).map((r) => ({ label: `${country(r)} · ${r.currency}`, value: numeric(r.revenue_usd) }))} money />}
        />
        <ReportCard
          name="customer-growth"
          query={withPeriod}
          title={t('analytics.reports.customerGrowth.title')}
          description={t('analytics.reports.customerGrowth.description')}
          columns={[
            { key: 'period', label: t('analytics.columns.period'), format: periodLabel },
            { key: 'country_code', label: t('analytics.columns.country'), format: country },
            { key: 'new_customers', label: t('analytics.columns.newCustomers'), numeric: true, format: count('new_customers') },
          ]}
          chart={(rows) => {
            const byPeriod = new Map<string, number>();
            for (const r of rows) byPeriod.set(String(r.period), (byPeriod.get(String(r.period)) ?? 0) + Number(r.new_customers ?? 0));
            return (
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <BarChart data={[...byPeriod].map(([p, n]) => ({ period: format.day(p), customers: n }))}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="period" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Bar dataKey="customers" name={t('analytics.columns.newCustomers')} fill="#4338ca" />
                </BarChart>
              </ResponsiveContainer>
            );
          }}
        />
        <ReportCard
          name="top-customers"
          query={plain}
          title={t('analytics.reports.topCustomers.title')}
          description={t('analytics.reports.topCustomers.description')}
          columns={[
            { key: 'customer_id', label: t('analytics.columns.customer'), format: name },
            { key: 'country_code', label: t('analytics.columns.country'), format: country },
            { key: 'orders', label: t('analytics.columns.orders'), numeric: true, format: count('orders') },
            { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
          ]}
          chart={(rows) => <HorizontalBars rows={rows.map((r) => ({ label: name(r), value: numeric(r.revenue_usd) }))} money />}
        />
        <ReportCard
          name="segmentation"
          query={plain}
          title={t('analytics.reports.segmentation.title')}
          description={t('analytics.reports.segmentation.description')}
          columns={[
            { key: 'value', label: t('analytics.columns.value'), format: (r) => `${String(r.dimension)}: ${String(r.value)}` },
            { key: 'customers', label: t('analytics.columns.customers'), numeric: true, format: count('customers') },
            { key: 'buyers', label: t('analytics.columns.buyers'), numeric: true, format: count('buyers') },
            { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
          ]}
          chart={(rows) => (
            <HorizontalBars rows={rows.filter((r) => r.dimension === 'status').map((r) => ({ label: String(r.value), value: Number(r.customers ?? 0) }))} />
          )}
        />
        <ReportCard
          name="activity-summary"
          query={plain}
          title={t('analytics.reports.activitySummary.title')}
          description={t('analytics.reports.activitySummary.description')}
          columns={[
            { key: 'user_id', label: t('analytics.columns.member'), format: name },
            { key: 'activities', label: t('analytics.columns.activities'), numeric: true, format: count('activities') },
            { key: 'responses', label: t('analytics.columns.responses'), numeric: true, format: count('responses') },
            { key: 'average_response_hours', label: t('analytics.columns.responseHours'), numeric: true, format: (r) => String(r.average_response_hours ?? '–') },
            { key: 'tasks_completed', label: t('analytics.columns.tasksCompleted'), numeric: true, format: count('tasks_completed') },
            { key: 'average_resolution_hours', label: t('analytics.columns.resolutionHours'), numeric: true, format: (r) => String(r.average_resolution_hours ?? '–') },
          ]}
          chart={(rows) => <HorizontalBars rows={rows.map((r) => ({ label: name(r), value: Number(r.activities ?? 0) }))} />}
        />
        <ReportCard
          name="churn-risk"
          query={plain}
          title={t('analytics.reports.churnRisk.title')}
          description={t('analytics.reports.churnRisk.description')}
          columns={[
            { key: 'customer_id', label: t('analytics.columns.customer'), format: name },
            { key: 'days_since_last_order', label: t('analytics.columns.daysSinceLastOrder'), numeric: true, format: count('days_since_last_order') },
            { key: 'usual_gap_days', label: t('analytics.columns.usualGapDays'), numeric: true, format: (r) => String(r.usual_gap_days ?? '–') },
            { key: 'overdue_ratio', label: t('analytics.columns.overdueRatio'), numeric: true, format: (r) => String(r.overdue_ratio ?? '–') },
            { key: 'rfm', label: t('analytics.columns.rfm'), format: (r) => `${r.recency_score}${r.frequency_score}${r.monetary_score}` },
          ]}
          chart={(rows) => (
            <HorizontalBars rows={rows.filter((r) => r.overdue_ratio !== null).slice(0, 12).map((r) => ({ label: name(r), value: numeric(r.overdue_ratio) }))} />
          )}
        />
      </div>
    </div>
  );
}

/** A ranked bar chart with the labels on the left, readable on a phone. */
function HorizontalBars({ rows, money = false }: { rows: { label: string; value: number }[]; money?: boolean }) {
  const format = useLocaleFormatters();
  const show = (value: unknown) => (money ? format.money(value, 'USD') : String(value));
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, rows.length * 28 + 40)}>
      <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tickFormatter={show} />
        <YAxis type="category" dataKey="label" width={140} />
        <Tooltip formatter={show} />
        <Bar dataKey="value" fill="#4338ca" />
      </BarChart>
    </ResponsiveContainer>
  );
}
