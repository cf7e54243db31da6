import { describe, expect, it } from 'vitest';
import { dayField, flagField, listField, sortField, startOfLocalDay, textField, urlFilters } from './urlFilters';

const even = (text: string) => (Number(text) % 2 === 0 ? text : undefined);

const filters = urlFilters({
  q: textField('q'),
  size: textField('size', even),
  colors: listField('color', { allowed: ['red', 'blue'], letterCase: 'lower' }),
  codes: listField('code', { letterCase: 'upper' }),
  open: flagField('open'),
  since: dayField('since'),
  until: dayField('until', { endOfRange: true }),
  sort: sortField,
});

describe('urlFilters', () => {
  it('starts empty and writes nothing for empty filters', () => {
    expect(filters.empty).toEqual({ q: '', size: '', colors: [], codes: [], open: false, since: '', until: '', sort: '' });
    expect(filters.write(filters.empty).toString()).toBe('');
    expect(filters.read(new URLSearchParams())).toEqual(filters.empty);
  });

  it('reads each field by its parameter: trimmed, lists split, cased, filtered and without repeats', () => {
    const read = filters.read(
      new URLSearchParams('q=%20ada%20&color=Red,green,red,blue&code=de,%20fr&open=true&since=2025-03-01&sort=-name&other=1'),
    );
    expect(read).toEqual({ ...filters.empty, q: 'ada', colors: ['red', 'blue'], codes: ['DE', 'FR'], open: true, since: '2025-03-01', sort: '-name' });
    expect(filters.read(new URLSearchParams('open=1')).open).toBe(false);
  });

  it('writes the set parts back and round-trips', () => {
    const value = { ...filters.empty, q: 'ada', colors: ['blue' as const], open: true, sort: 'name' };
    const params = filters.write(value);
    expect(params.toString()).toBe('q=ada&color=blue&open=true&sort=name');
    expect(filters.read(params)).toEqual(value);
  });

  it('builds the API query: no sort, invalid values left out, days as instants with the end day included', () => {
    const value = { ...filters.empty, q: 'ada', size: '3', codes: ['DE', 'FR'], since: '2025-03-01', until: '2025-03-31', sort: 'name' };
    expect(filters.apiQuery(value)).toEqual({
      q: 'ada',
      code: 'DE,FR',
      since: new Date(2025, 2, 1).toISOString(),
      until: new Date(2025, 3, 1).toISOString(),
    });
    expect(filters.apiQuery({ ...value, size: '4' }).size).toBe('4');
    expect(filters.apiQuery(value, ['q', 'codes'])).not.toHaveProperty('q');
  });

  it('counts the filters the API gets, leaving out the given fields', () => {
    const value = { ...filters.empty, q: 'ada', size: '3', open: true, since: 'not a day', sort: 'name' };
    expect(filters.activeCount(value)).toBe(2);
    expect(filters.activeCount(value, ['q'])).toBe(1);
    expect(filters.activeCount(filters.empty)).toBe(0);
  });

  it('turns calendar days into the instant they start, rejecting malformed days', () => {
    expect(startOfLocalDay('2025-01-31', 1)).toBe(new Date(2025, 1, 1).toISOString());
    expect(startOfLocalDay('2025-13-45x')).toBeUndefined();
    expect(startOfLocalDay('')).toBeUndefined();
  });
});
