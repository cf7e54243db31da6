import type { TFunction } from 'i18next';
import type { LocaleFormatters } from '../../i18n/format';
import type { ReportName, ReportRow } from './analyticsApi';
import { formatValue, monthLabel, numberOf, type ChartSpec } from './chartSpec';
import type { ReportColumn } from './ReportCard';

/** Which parameters a report takes besides the range and time zone. */
export type ReportParameters = 'range' | 'period';

export interface ReportDefinition {
  name: ReportName;
  parameters: ReportParameters;
  title: string;
  description: string;
  columns: ReportColumn[];
  chart: ChartSpec;
  /** A line of key figures under the chart (e.g. percentiles). */
  summary?: (rows: readonly ReportRow[]) => string | undefined;
  /** Heatmaps: the column heads and the row head. */
  columnLabel?: (column: number) => string;
  rowHeader?: string;
}

/** The twelve reports of the analytics page: what each table shows and how each chart draws the same rows. */
export function reportDefinitions(t: TFunction, format: LocaleFormatters, locale: string): ReportDefinition[] {
  const usd = (key: string) => (row: ReportRow) => format.money(row[key], 'USD');
  const count = (key: string) => (row: ReportRow) => format.count(numberOf(key)(row));
  const decimal = (key: string) => (row: ReportRow) => formatValue('decimal', row[key], format, locale);
  const name = (row: ReportRow) => `${row.first_name ?? ''} ${row.last_name ?? ''}`.trim();
  const country = (row: ReportRow) => (row.country_code ? format.countryName(String(row.country_code)) : t('dashboard.noCountry'));
  const period = (row: ReportRow) => format.day(String(row.period));
  const source = (key: string) => t(`analytics.sources.${key}`, { defaultValue: key });
  const bucket = (row: ReportRow) => {
    const from = numberOf('from_usd')(row);
    if (row.to_usd === null || row.to_usd === undefined) return t('analytics.buckets.atLeast', { from: format.money(from, 'USD') });
    if (from === 0) return t('analytics.buckets.none');
    return t('analytics.buckets.range', { from: format.money(from, 'USD'), to: format.money(row.to_usd, 'USD') });
  };
  const cohort = (row: ReportRow) => monthLabel(String(row.cohort), locale);
  const product = (row: ReportRow) => (row.sku ? `${String(row.product_name)} (${String(row.sku)})` : String(row.product_name));

  return [
    {
      name: 'order-trends',
      parameters: 'period',
      title: t('analytics.reports.orderTrends.title'),
      description: t('analytics.reports.orderTrends.description'),
      columns: [
        { key: 'period', label: t('analytics.columns.period'), format: period },
        { key: 'orders', label: t('analytics.columns.orders'), numeric: true, format: count('orders') },
        { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
        { key: 'average_order_value_usd', label: t('analytics.columns.averageOrderValue'), numeric: true, format: usd('average_order_value_usd') },
      ],
      chart: {
        kind: 'line',
        category: period,
        format: 'usd',
        series: [
          { key: 'revenue', label: t('analytics.columns.revenueUsd'), value: numberOf('revenue_usd') },
          { key: 'aov', label: t('analytics.columns.averageOrderValue'), value: numberOf('average_order_value_usd') },
        ],
      },
    },
    {
      name: 'revenue-by-country',
      parameters: 'range',
      title: t('analytics.reports.revenueByCountry.title'),
      description: t('analytics.reports.revenueByCountry.description'),
      columns: [
        { key: 'country_code', label: t('analytics.columns.country'), format: country },
        { key: 'currency', label: t('analytics.columns.currency') },
        { key: 'orders', label: t('analytics.columns.orders'), numeric: true, format: count('orders') },
        { key: 'revenue', label: t('analytics.columns.revenue'), numeric: true, format: (r) => format.money(r.revenue, String(r.currency)) },
        { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
      ],
      chart: { kind: 'rankedBar', category: (r) => `${country(r)} · ${String(r.currency)}`, value: numberOf('revenue_usd'), format: 'usd' },
    },
    {
      name: 'customer-growth',
      parameters: 'period',
      title: t('analytics.reports.customerGrowth.title'),
      description: t('analytics.reports.customerGrowth.description'),
      columns: [
        { key: 'period', label: t('analytics.columns.period'), format: period },
        { key: 'country_code', label: t('analytics.columns.country'), format: country },
        { key: 'new_customers', label: t('analytics.columns.newCustomers'), numeric: true, format: count('new_customers') },
      ],
      chart: { kind: 'bar', category: period, format: 'count', series: [{ key: 'customers', label: t('analytics.columns.newCustomers'), value: numberOf('new_customers') }] },
    },
    {
      name: 'acquisition-trends',
      parameters: 'period',
      title: t('analytics.reports.acquisitionTrends.title'),
      description: t('analytics.reports.acquisitionTrends.description'),
      columns: [
        { key: 'period', label: t('analytics.columns.period'), format: period },
        { key: 'source', label: t('analytics.columns.source'), format: (r) => source(String(r.source)) },
        { key: 'new_customers', label: t('analytics.columns.newCustomers'), numeric: true, format: count('new_customers') },
      ],
      chart: { kind: 'stackedBar', category: period, stack: (r) => String(r.source), stackLabel: source, value: numberOf('new_customers'), format: 'count' },
    },
    {
      name: 'top-customers',
      parameters: 'range',
      title: t('analytics.reports.topCustomers.title'),
      description: t('analytics.reports.topCustomers.description'),
      columns: [
        { key: 'customer_id', label: t('analytics.columns.customer'), format: name },
        { key: 'country_code', label: t('analytics.columns.country'), format: country },
        { key: 'orders', label: t('analytics.columns.orders'), numeric: true, format: count('orders') },
        { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
      ],
      chart: { kind: 'rankedBar', category: name, value: numberOf('revenue_usd'), format: 'usd' },
    },
    {
      name: 'geographic-distribution',
      parameters: 'range',
      title: t('analytics.reports.geographicDistribution.title'),
      description: t('analytics.reports.geographicDistribution.description'),
      columns: [
        { key: 'country_code', label: t('analytics.columns.country'), format: country },
        { key: 'region', label: t('analytics.columns.region'), format: (r) => (r.region ? String(r.region) : t('analytics.allRegions')) },
        { key: 'customers', label: t('analytics.columns.customers'), numeric: true, format: count('customers') },
        { key: 'orders', label: t('analytics.columns.orders'), numeric: true, format: count('orders') },
        { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
        { key: 'average_order_value_usd', label: t('analytics.columns.averageOrderValue'), numeric: true, format: usd('average_order_value_usd') },
      ],
      chart: { kind: 'rankedBar', category: country, value: numberOf('revenue_usd'), format: 'usd', include: (r) => r.region === null || r.region === undefined },
    },
    {
      name: 'ltv-distribution',
      parameters: 'range',
      title: t('analytics.reports.ltvDistribution.title'),
      description: t('analytics.reports.ltvDistribution.description'),
      columns: [
        { key: 'from_usd', label: t('analytics.columns.ltvBucket'), format: bucket },
        { key: 'customers', label: t('analytics.columns.customers'), numeric: true, format: count('customers') },
        { key: 'lifetime_value_usd', label: t('analytics.columns.lifetimeValueUsd'), numeric: true, format: usd('lifetime_value_usd') },
      ],
      // Horizontal, in bucket order: the bucket names stay readable on a phone.
      chart: { kind: 'rankedBar', category: bucket, value: numberOf('customers'), format: 'count' },
      summary: (rows) =>
        rows[0] && rows[0].p50_usd !== null && rows[0].p50_usd !== undefined
          ? t('analytics.percentiles', { p50: format.money(rows[0].p50_usd, 'USD'), p90: format.money(rows[0].p90_usd, 'USD'), p99: format.money(rows[0].p99_usd, 'USD') })
          : undefined,
    },
    {
      name: 'cohort-retention',
      parameters: 'range',
      title: t('analytics.reports.cohortRetention.title'),
      description: t('analytics.reports.cohortRetention.description'),
      columns: [
        { key: 'cohort', label: t('analytics.columns.cohort'), format: cohort },
        { key: 'cohort_size', label: t('analytics.columns.cohortSize'), numeric: true, format: count('cohort_size') },
        { key: 'month_offset', label: t('analytics.columns.monthOffset'), numeric: true, format: count('month_offset') },
        { key: 'customers', label: t('analytics.columns.customers'), numeric: true, format: count('customers') },
        { key: 'retention_percent', label: t('analytics.columns.retention'), numeric: true, format: (r) => formatValue('percent', r.retention_percent, format, locale) },
      ],
      chart: {
        kind: 'heatmap',
        rowKey: (r) => String(r.cohort),
        rowLabel: (r) => t('analytics.cohortLabel', { month: cohort(r), size: format.count(numberOf('cohort_size')(r)) }),
        column: numberOf('month_offset'),
        value: numberOf('retention_percent'),
        format: 'percent',
      },
      columnLabel: (offset) => t('analytics.monthAfter', { offset: format.count(offset) }),
      rowHeader: t('analytics.columns.cohort'),
    },
    {
      name: 'product-performance',
      parameters: 'range',
      title: t('analytics.reports.productPerformance.title'),
      description: t('analytics.reports.productPerformance.description'),
      columns: [
        { key: 'product_id', label: t('analytics.columns.product'), format: product },
        { key: 'units', label: t('analytics.columns.units'), numeric: true, format: count('units') },
        { key: 'orders', label: t('analytics.columns.orders'), numeric: true, format: count('orders') },
        { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
        { key: 'refunded_usd', label: t('analytics.columns.refundedUsd'), numeric: true, format: usd('refunded_usd') },
      ],
      chart: { kind: 'rankedBar', category: (r) => String(r.product_name), value: numberOf('revenue_usd'), format: 'usd' },
    },
    {
      name: 'segmentation',
      parameters: 'range',
      title: t('analytics.reports.segmentation.title'),
      description: t('analytics.reports.segmentation.description'),
      columns: [
        { key: 'value', label: t('analytics.columns.value'), format: (r) => `${String(r.dimension)}: ${String(r.value)}` },
        { key: 'customers', label: t('analytics.columns.customers'), numeric: true, format: count('customers') },
        { key: 'buyers', label: t('analytics.columns.buyers'), numeric: true, format: count('buyers') },
        { key: 'revenue_usd', label: t('analytics.columns.revenueUsd'), numeric: true, format: usd('revenue_usd') },
      ],
      chart: { kind: 'rankedBar', category: (r) => String(r.value), value: numberOf('customers'), format: 'count', include: (r) => r.dimension === 'status' },
    },
    {
      name: 'activity-summary',
      parameters: 'range',
      title: t('analytics.reports.activitySummary.title'),
      description: t('analytics.reports.activitySummary.description'),
      columns: [
        { key: 'user_id', label: t('analytics.columns.member'), format: name },
        { key: 'activities', label: t('analytics.columns.activities'), numeric: true, format: count('activities') },
        { key: 'responses', label: t('analytics.columns.responses'), numeric: true, format: count('responses') },
        { key: 'average_response_hours', label: t('analytics.columns.responseHours'), numeric: true, format: decimal('average_response_hours') },
        { key: 'tasks_completed', label: t('analytics.columns.tasksCompleted'), numeric: true, format: count('tasks_completed') },
        { key: 'average_resolution_hours', label: t('analytics.columns.resolutionHours'), numeric: true, format: decimal('average_resolution_hours') },
      ],
      chart: { kind: 'rankedBar', category: name, value: numberOf('activities'), format: 'count', limit: 50 },
    },
    {
      name: 'churn-risk',
      parameters: 'range',
      title: t('analytics.reports.churnRisk.title'),
      description: t('analytics.reports.churnRisk.description'),
      columns: [
        { key: 'customer_id', label: t('analytics.columns.customer'), format: name },
        { key: 'days_since_last_order', label: t('analytics.columns.daysSinceLastOrder'), numeric: true, format: count('days_since_last_order') },
        { key: 'usual_gap_days', label: t('analytics.columns.usualGapDays'), numeric: true, format: decimal('usual_gap_days') },
        { key: 'overdue_ratio', label: t('analytics.columns.overdueRatio'), numeric: true, format: decimal('overdue_ratio') },
        { key: 'rfm', label: t('analytics.columns.rfm'), format: (r) => `${r.recency_score}${r.frequency_score}${r.monetary_score}` },
      ],
      chart: { kind: 'rankedBar', category: name, value: numberOf('overdue_ratio'), format: 'decimal', include: (r) => r.overdue_ratio !== null },
    },
  ];
}
