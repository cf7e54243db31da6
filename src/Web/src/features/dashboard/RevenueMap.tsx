import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, Geometry } from 'geojson';
import countries110m from 'world-atlas/countries-110m.json';
import { useLocaleFormatters } from '../../i18n/format';
import { ALPHA2_BY_NUMERIC } from './isoNumeric';
import type { CountryRevenue } from './dashboardApi';

const WIDTH = 960;
const HEIGHT = 500;

type CountryShape = Feature<Geometry, { name: string }>;

const topology = countries110m as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
const shapes = (feature(topology, topology.objects.countries) as { features: CountryShape[] }).features;
const path = geoPath(geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: 'FeatureCollection', features: shapes }));
const outlines = shapes.map((shape) => ({
  alpha2: shape.id === undefined ? undefined : ALPHA2_BY_NUMERIC[String(shape.id)],
  d: path(shape) ?? '',
  key: String(shape.id ?? shape.properties.name),
}));

/** Revenue by country as a choropleth: the darker, the more USD revenue; countries without orders stay grey. */
export function RevenueMap({ countries }: { countries: readonly CountryRevenue[] }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const byCountry = useMemo(() => new Map(countries.map((c) => [c.country, c])), [countries]);
  const max = Math.max(0, ...countries.map((c) => c.usd));
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={t('dashboard.map.label')}
      data-testid="revenue-map"
      className="h-auto w-full"
    >
      {outlines.map(({ alpha2, d, key }) => {
        const revenue = alpha2 ? byCountry.get(alpha2) : undefined;
        const share = revenue && max > 0 ? revenue.usd / max : 0;
        return (
          <path
            key={key}
            d={d}
            data-country={alpha2}
            data-revenue={revenue ? revenue.usd.toFixed(2) : undefined}
            fill={revenue ? `rgba(67, 56, 202, ${(0.2 + 0.8 * share).toFixed(3)})` : '#e2e8f0'}
            stroke="#ffffff"
            strokeWidth={0.5}
            className="motion-safe:transition-[fill] motion-safe:duration-500"
          >
            {alpha2 && (
              <title>
                {revenue
                  ? `${format.countryName(alpha2)}: ${format.money(revenue.usd, 'USD')}`
                  : format.countryName(alpha2)}
              </title>
            )}
          </path>
        );
      })}
    </svg>
  );
}
