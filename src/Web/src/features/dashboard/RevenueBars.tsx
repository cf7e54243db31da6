import { useTranslation } from 'react-i18next';
import { useLocaleFormatters } from '../../i18n/format';
import { bodyCell, headerCell, numericCell, numericHeaderCell, tableClasses, tableFrame } from '../../components/table';
import type { CountryRevenue } from './dashboardApi';

const SHOWN = 10;

/** The countries ranked by USD revenue, as bars whose length follows the figures as orders arrive. */
export function RevenueBars({ countries }: { countries: readonly CountryRevenue[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const top = countries.slice(0, SHOWN);
  const max = Math.max(0, ...top.map((c) => c.usd));
  if (top.length === 0) return <p className="text-sm text-slate-600">{t('dashboard.noRevenue')}</p>;
  return (
    <ol className="space-y-2" data-testid="revenue-bars">
      {top.map((country) => {
        const name = country.country ? format.countryName(country.country) : t('dashboard.noCountry');
        return (
          <li key={country.country} data-country={country.country} className="text-sm">
            <div className="flex justify-between gap-3">
              <span className="truncate text-slate-800">{name}</span>
              <span className="tabular-nums text-slate-700">{format.money(country.usd, 'USD')}</span>
            </div>
            <div className="mt-1 h-2 rounded bg-slate-100" aria-hidden="true">
              <div
                className="h-2 rounded bg-indigo-600 motion-safe:transition-[width] motion-safe:duration-500"
                style={{ width: `${max > 0 ? Math.max(2, (100 * country.usd) / max) : 0}%` }}
              />
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** The same figures as a table: every country, not only the ten largest. */
export function RevenueTable({ countries }: { countries: readonly CountryRevenue[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  return (
    <div className={tableFrame}>
      <table className={tableClasses}>
        <caption className="sr-only">{t('dashboard.byCountry.title')}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={headerCell}>{t('dashboard.columns.country')}</th>
            <th scope="col" className={numericHeaderCell}>{t('dashboard.columns.orders')}</th>
            <th scope="col" className={numericHeaderCell}>{t('dashboard.columns.revenueUsd')}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {countries.map((country) => (
            <tr key={country.country}>
              <th scope="row" className={`${bodyCell} text-left font-normal`}>
                {country.country ? format.countryName(country.country) : t('dashboard.noCountry')}
              </th>
              <td className={numericCell}>{format.count(country.orders)}</td>
              <td className={numericCell}>{format.money(country.usd, 'USD')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
