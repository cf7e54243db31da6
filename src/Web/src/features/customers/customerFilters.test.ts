import { describe, expect, it } from 'vitest';
import { customerFilterQueryString, customerFilters, exportUrl } from './customerFilters';

const emptyCustomerFilters = customerFilters.empty;

describe('customer filters ↔ URL search params', () => {
  it('reads every filter from the URL', () => {
    const filters = customerFilters.read(
      new URLSearchParams(
        'q=m%C3%BCller&country=de,fr&status=vip,nonsense,active&tag=wholesale&segment=5b0e6c1a-8f6e-4c55-9d36-2f8b8a1e0c11&ltv_gte=100&ltv_lte=5000&created_after=2025-01-01&created_before=2025-01-31&sort=-lifetime_value_usd',
      ),
    );
    expect(filters).toEqual({
      q: 'müller',
      countries: ['DE', 'FR'],
      statuses: ['vip', 'active'], // unknown statuses are dropped, not sent to the API
      tag: 'wholesale',
      segment: '5b0e6c1a-8f6e-4c55-9d36-2f8b8a1e0c11',
      ltvMin: '100',
      ltvMax: '5000',
      createdAfter: '2025-01-01',
      createdBefore: '2025-01-31',
      sort: '-lifetime_value_usd',
    });
  });

  it('writes only the parts that are set, and round-trips', () => {
    const params = customerFilters.write({ ...emptyCustomerFilters, countries: ['US', 'CA'], tag: 'vip', sort: 'last_name' });
    expect(params.toString()).toBe('country=US%2CCA&tag=vip&sort=last_name');
    expect(customerFilters.read(params)).toEqual({ ...emptyCustomerFilters, countries: ['US', 'CA'], tag: 'vip', sort: 'last_name' });
    expect(customerFilters.write(emptyCustomerFilters).toString()).toBe('');
  });
});

describe('customerFilters.apiQuery', () => {
  it('turns calendar days into instants in the viewer time zone, including the last day', () => {
    const query = customerFilters.apiQuery({ ...emptyCustomerFilters, createdAfter: '2025-01-01', createdBefore: '2025-01-31' });
    expect(query).toEqual({
      created_after: new Date(2025, 0, 1).toISOString(),
      created_before: new Date(2025, 1, 1).toISOString(),
    });
  });

  it('leaves out values the API would reject instead of failing the list', () => {
    const query = customerFilters.apiQuery({ ...emptyCustomerFilters, ltvMin: 'abc', ltvMax: '-5', createdAfter: '01/02/2025' });
    expect(query).toEqual({});
    expect(customerFilters.apiQuery({ ...emptyCustomerFilters, ltvMin: ' 250.5 ' })).toEqual({ ltv_gte: '250.5' });
  });

  it('never carries sort or paging, so it can be reused as a bulk filter', () => {
    const filters = { ...emptyCustomerFilters, q: 'müller', countries: ['US'], statuses: ['vip' as const], sort: '-created_at' };
    expect(customerFilterQueryString(filters)).toBe('q=m%C3%BCller&country=US&status=vip');
    expect(customerFilters.activeCount({ ...emptyCustomerFilters, sort: 'last_name' })).toBe(0);
    expect(customerFilters.activeCount(filters)).toBe(3);
  });

  it('builds the export link with the format and the current filters', () => {
    expect(exportUrl({ ...emptyCustomerFilters, countries: ['DE'], tag: 'vip' }, 'json')).toBe(
      '/api/v1/customers/export?format=json&country=DE&tag=vip',
    );
  });
});
