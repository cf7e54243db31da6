import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';

export type ReportName =
  | 'order-trends'
  | 'revenue-by-country'
  | 'customer-growth'
  | 'top-customers'
  | 'segmentation'
  | 'activity-summary'
  | 'churn-risk'
  | 'acquisition-trends'
  | 'geographic-distribution'
  | 'ltv-distribution'
  | 'cohort-retention'
  | 'product-performance';

/** A report's row as JSON gives it: snake_case fields, numbers, strings or null. */
export type ReportRow = Record<string, string | number | null | undefined>;

export interface ReportRange {
  from: string;
  to: string;
  tz: string;
}

/** The query string of a report: the shared range and time zone, and the report's own parameters. */
export function reportQuery(range: ReportRange, extra: Record<string, string> = {}): Record<string, string> {
  return { from: range.from, to: range.to, tz: range.tz, ...extra };
}

export function useReport(name: ReportName, query: Record<string, string>) {
  return useQuery({
    queryKey: ['analytics', name, query],
    queryFn: async ({ signal }) => {
      // Every report shares one shape ({from, to, tz, rows}); the path differs only by name.
      const report = await unwrap(
        api.GET(`/api/v1/analytics/${name}` as '/api/v1/analytics/order-trends', { params: { query }, signal }),
      );
      return typeof report === 'string' ? [] : (report.rows as unknown as ReportRow[]);
    },
    placeholderData: keepPreviousData,
  });
}

export function reportCsvUrl(name: ReportName, query: Record<string, string>): string {
  return `/api/v1/analytics/${name}?${new URLSearchParams({ ...query, format: 'csv' }).toString()}`;
}
