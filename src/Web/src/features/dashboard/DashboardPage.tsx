import { useMemo } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { SectionCard } from '../../components/SectionCard';
import { useDocumentTitle } from '../../components/useDocumentTitle';
import { useLocaleFormatters } from '../../i18n/format';
import { useMe } from '../../auth/useMe';
import { useActivityList } from '../activities/activityApi';
import { ChartFrame } from './ChartFrame';
import { RevenueBars, RevenueTable } from './RevenueBars';
import { RevenueMap } from './RevenueMap';
import { keyFigures, revenueByCountry, useLiveRevenue, useNewCustomersThisMonth, utcDay } from './dashboardApi';

const quickAction =
  'rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600';

export function DashboardPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('pages.dashboard.title'));
  const me = useMe().data;
  const isAgent = me?.role === 'agent';
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('pages.dashboard.title')}
        description={t('dashboard.description')}
        actions={
          <>
            <Link to="/customers/new" className={quickAction}>{t('dashboard.actions.newCustomer')}</Link>
            <Link to="/orders/new" className={quickAction}>{t('dashboard.actions.newOrder')}</Link>
            <Link to="/analytics" className={quickAction}>{t('dashboard.actions.reports')}</Link>
          </>
        }
      />
      {me && !isAgent && <LiveRevenueSection />}
      <RecentActivity />
    </div>
  );
}

function LiveRevenueSection() {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const revenue = useLiveRevenue();
  const newCustomers = useNewCustomersThisMonth();
  const today = utcDay(new Date());
  const days = useMemo(() => revenue.data?.days ?? [], [revenue.data]);
  const countries = useMemo(() => revenueByCountry(days), [days]);
  const figures = keyFigures(days, today);
  const money = (value: number | undefined) => (value === undefined ? '–' : format.money(value, 'USD'));
  if (revenue.isError) return <p role="alert" className="text-sm text-red-700">{t('dashboard.loadFailed')}</p>;
  return (
    <>
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-5" aria-busy={revenue.isPending}>
        <Figure label={t('dashboard.figures.revenueToday')} value={money(figures.revenueTodayUsd)} testId="revenue-today" />
        <Figure label={t('dashboard.figures.revenueMonth')} value={money(figures.revenueMonthUsd)} testId="revenue-month" />
        <Figure label={t('dashboard.figures.ordersMonth')} value={format.count(figures.ordersMonth)} testId="orders-month" />
        <Figure label={t('dashboard.figures.averageOrderValue')} value={money(figures.averageOrderValueUsd)} testId="aov-month" />
        <Figure
          label={t('dashboard.figures.newCustomers')}
          value={newCustomers.data === undefined ? '–' : format.count(newCustomers.data)}
          testId="new-customers"
        />
      </dl>
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="xl:col-span-2">
          <ChartFrame
            title={t('dashboard.map.title')}
            description={t('dashboard.map.description')}
            chart={<RevenueMap countries={countries} />}
            table={<RevenueTable countries={countries} />}
          />
        </div>
        <ChartFrame
          title={t('dashboard.byCountry.title')}
          description={t('dashboard.byCountry.description')}
          chart={<RevenueBars countries={countries} />}
          table={<RevenueTable countries={countries} />}
        />
      </div>
    </>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function RecentActivity() {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const activities = useActivityList({ filter: {} });
  const items = activities.data?.pages[0]?.items.slice(0, 8) ?? [];
  return (
    <SectionCard title={t('dashboard.activity.title')}>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{activities.isPending ? t('dashboard.loading') : t('dashboard.activity.none')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {items.map((activity) => (
            <li key={activity.id} className="flex items-baseline justify-between gap-3 py-2 text-sm">
              <Link to={`/customers/${activity.customer_id}`} className="truncate text-slate-800 hover:text-indigo-700 hover:underline">
                {activity.subject || t(`dashboard.activity.types.${activity.type}`)}
              </Link>
              <span className="shrink-0 text-slate-600">{format.dateTime(activity.created_at)}</span>
            </li>
          ))}
        </ul>
      )}
    </SectionCard>
  );
}
