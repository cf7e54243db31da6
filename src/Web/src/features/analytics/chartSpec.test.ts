import { describe, expect, it } from 'vitest';
import { createFormatters } from '../../i18n/format';
import { formatValue, heatClasses, heatmapData, monthLabel, numberOf, seriesData, type ChartSpec } from './chartSpec';

const acquisition = [
  { period: '2026-10-25', source: 'linked', new_customers: 1 },
  { period: '2026-10-25', source: 'direct', new_customers: 2 },
  { period: '2026-10-26', source: 'shopify', new_customers: 3 },
];

describe('seriesData', () => {
  it('stacks each source on its period, every period carrying every source', () => {
    const spec: ChartSpec = {
      kind: 'stackedBar',
      category: (r) => String(r.period),
      stack: (r) => String(r.source),
      stackLabel: (s) => s.toUpperCase(),
      value: numberOf('new_customers'),
      format: 'count',
    };
    expect(seriesData(spec, acquisition)).toEqual({
      data: [
        { category: '2026-10-25', direct: 2, linked: 1, shopify: 0 },
        { category: '2026-10-26', direct: 0, linked: 0, shopify: 3 },
      ],
      series: [
        { key: 'direct', label: 'DIRECT' },
        { key: 'linked', label: 'LINKED' },
        { key: 'shopify', label: 'SHOPIFY' },
      ],
    });
  });

  it('adds up the rows of one category and reads numeric strings and nulls', () => {
    const spec: ChartSpec = { kind: 'bar', category: (r) => String(r.period), format: 'count', series: [{ key: 'n', label: 'New', value: numberOf('new_customers') }] };
    const rows = [
      { period: 'a', new_customers: '2' },
      { period: 'a', new_customers: null },
      { period: 'b', new_customers: 5 },
    ];
    expect(seriesData(spec, rows).data).toEqual([{ category: 'a', n: 2 }, { category: 'b', n: 5 }]);
  });

  it('ranks only the included rows, at most the limit', () => {
    const spec: ChartSpec = { kind: 'rankedBar', category: (r) => String(r.country_code), value: numberOf('revenue_usd'), format: 'usd', include: (r) => r.region === null, limit: 2 };
    const rows = [
      { country_code: 'DE', region: null, revenue_usd: 145 },
      { country_code: 'DE', region: 'Bayern', revenue_usd: 145 },
      { country_code: 'BH', region: null, revenue_usd: 100 },
      { country_code: 'JP', region: null, revenue_usd: 9.57 },
    ];
    expect(seriesData(spec, rows).data).toEqual([{ category: 'DE', value: 145 }, { category: 'BH', value: 100 }]);
  });
});

describe('heatmapData', () => {
  it('lays cohorts out by month offset, leaving months not yet reached empty', () => {
    const spec: ChartSpec = { kind: 'heatmap', rowKey: (r) => String(r.cohort), rowLabel: (r) => `${r.cohort} (${r.cohort_size})`, column: numberOf('month_offset'), value: numberOf('retention_percent'), format: 'percent' };
    const rows = [
      { cohort: '2026-10-01', cohort_size: 2, month_offset: 0, retention_percent: 100 },
      { cohort: '2026-10-01', cohort_size: 2, month_offset: 1, retention_percent: 50 },
      { cohort: '2026-10-01', cohort_size: 2, month_offset: 2, retention_percent: 50 },
      { cohort: '2026-11-01', cohort_size: 1, month_offset: 0, retention_percent: 100 },
      { cohort: '2026-11-01', cohort_size: 1, month_offset: 1, retention_percent: 0 },
    ];
    expect(heatmapData(spec, rows)).toEqual({
      columns: [0, 1, 2],
      rows: [
        { key: '2026-10-01', label: '2026-10-01 (2)', cells: [100, 50, 50] },
        { key: '2026-11-01', label: '2026-11-01 (1)', cells: [100, 0, null] },
      ],
    });
  });

  it('shades higher retention darker, with white text only on the dark steps', () => {
    expect(heatClasses(null)).toContain('bg-white');
    expect(heatClasses(0)).toContain('bg-slate-50');
    expect(heatClasses(5)).toContain('bg-indigo-50');
    expect(heatClasses(49.9)).toContain('bg-indigo-200');
    expect(heatClasses(50)).toBe('bg-indigo-600 text-white');
    expect(heatClasses(100)).toBe('bg-indigo-800 text-white');
  });
});

describe('formatValue', () => {
  const de = createFormatters('de');
  const en = createFormatters('en');

  it('formats dollars, percentages and counts in the UI language', () => {
    expect(formatValue('usd', 1234.5, en, 'en')).toBe('$1,234.50');
    expect(formatValue('usd', '1234.5', de, 'de')).toBe('1.234,50\u00a0$');
    expect(formatValue('percent', 50, de, 'de')).toBe('50\u00a0%');
    expect(formatValue('percent', 12.5, en, 'en')).toBe('12.5%');
    expect(formatValue('count', 12345, de, 'de')).toBe('12.345');
    expect(formatValue('decimal', 11.7, de, 'de')).toBe('11,7');
    expect(formatValue('usd', null, en, 'en')).toBe('–');
  });

  it('names a cohort by its month in the UI language', () => {
    expect(monthLabel('2026-10-01', 'en')).toBe('Oct 2026');
    expect(monthLabel('2026-10-01', 'de')).toBe('Okt. 2026');
  });
});
