import { describe, expect, it } from 'vitest';
import { loginPathFor, safeNextPath } from './redirects';

describe('safeNextPath', () => {
  it('keeps paths of this app, with their query', () => {
    expect(safeNextPath('/customers?country=DE')).toBe('/customers?country=DE');
    expect(safeNextPath('/settings/team')).toBe('/settings/team');
  });

  it('refuses other sites and odd schemes', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', null]) {
      expect(safeNextPath(next)).toBe('/');
    }
  });

  it('never loops back to a sign-in page', () => {
    expect(safeNextPath('/login?next=/x')).toBe('/');
  });
});

describe('loginPathFor', () => {
  it('adds ?next= except for the dashboard', () => {
    expect(loginPathFor('/customers/42?tab=orders')).toBe('/login?next=%2Fcustomers%2F42%3Ftab%3Dorders');
    expect(loginPathFor('/')).toBe('/login');
  });
});
