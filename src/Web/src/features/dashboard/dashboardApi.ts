import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { unwrap } from '../../api/request';
import { toAmount } from '../../i18n/format';
import { useHubEvent } from '../../realtime/RealtimeProvider';

export type LiveRevenue = components['schemas']['LiveRevenue'];
export type LiveRevenueDay = components['schemas']['LiveRevenueDay'];

/** The hub event a revenue day grain's change arrives as. */
export const REVENUE_CHANGED = 'RevenueChanged';

/** "2026-12-06": a UTC calendar day, as live revenue buckets orders. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * This month's live revenue per UTC day, country and currency, kept current by the hub: a pushed day replaces the
 * cached one, so the map and bars move without refetching.
 */
export function useLiveRevenue(now = new Date()) {
  const to = utcDay(now);
  const from = `${to.slice(0, 8)}01`;
  const queryKey = ['analytics', 'live-revenue', from, to] as const;
  const queryClient = useQueryClient();
  useHubEvent<LiveRevenueDay>(REVENUE_CHANGED, (changed) => {
    queryClient.setQueryData<LiveRevenue>(queryKey, (old) =>
      old && old.days.some((d) => d.day === changed.day)
        ? { ...old, days: old.days.map((d) => (d.day === changed.day ? changed : d)) }
        : old,
    );
  });
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/analytics/live-revenue', { params: { query: { from, to } }, signal })),
  });
}

export interface CountryRevenue {
  /** Alpha-2, or '' for orders without a shipping country. */
  country: string;
  usd: number;
  orders: number;
}

/** USD revenue and orders per country over the given days, largest first. */
export function revenueByCountry(days: readonly LiveRevenueDay[]): CountryRevenue[] {
  const byCountry = new Map<string, CountryRevenue>();
  for (const day of days) {
    for (const row of day.rows) {
      const country = row.country_code ?? '';
      const sum = byCountry.get(country) ?? { country, usd: 0, orders: 0 };
      sum.usd += toAmount(row.revenue_usd) ?? 0;
      sum.orders += Number(row.orders);
      byCountry.set(country, sum);
    }
  }
  return [...byCountry.values()].sort((a, b) => b.usd - a.usd || a.country.localeCompare(b.country));
}

export interface KeyFigures {
  revenueTodayUsd: number;
  revenueMonthUsd: number;
  ordersToday: number;
  ordersMonth: number;
  /** Month's USD revenue per order with a USD value; undefined without orders. */
  averageOrderValueUsd?: number;
}

export function keyFigures(days: readonly LiveRevenueDay[], today: string): KeyFigures {
  const total = (selected: readonly LiveRevenueDay[]) =>
    selected.flatMap((d) => d.rows).reduce(
      (sum, row) => ({
        usd: sum.usd + (toAmount(row.revenue_usd) ?? 0),
        orders: sum.orders + Number(row.orders),
        priced: sum.priced + Number(row.orders) - Number(row.usd_pending_orders),
      }),
      { usd: 0, orders: 0, priced: 0 },
    );
  const month = total(days);
  const day = total(days.filter((d) => d.day === today));
  return {
    revenueTodayUsd: day.usd,
    revenueMonthUsd: month.usd,
    ordersToday: day.orders,
    ordersMonth: month.orders,
    averageOrderValueUsd: month.priced > 0 ? month.usd / month.priced : undefined,
  };
}

/** Customers created this month (UTC), from the customer growth report. */
export function useNewCustomersThisMonth(now = new Date()) {
  const to = utcDay(now);
  const from = `${to.slice(0, 8)}01`;
  return useQuery({
    queryKey: ['analytics', 'customer-growth', 'month', from, to],
    queryFn: async ({ signal }) => {
      const report = await unwrap(
        api.GET('/api/v1/analytics/customer-growth', { params: { query: { from, to, period: 'month' } }, signal }),
      );
      // The report answers CSV only when asked to; this asks for JSON.
      return typeof report === 'string' ? 0 : report.rows.reduce((sum, row) => sum + Number(row.new_customers ?? 0), 0);
    },
  });
}
