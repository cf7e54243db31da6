import { describe, expect, it } from 'vitest';
import { customerFullName, customerInitials, familyNameFirst } from './customerName';

describe('customerFullName', () => {
  it.each([
    [{ first_name: 'Anna', last_name: 'Müller', language: 'de', country_code: 'DE' }, 'Anna Müller'],
    [{ first_name: 'Péter', last_name: 'Nagy', language: 'hu', country_code: 'HU' }, 'Nagy Péter'],
    [{ first_name: '太郎', last_name: '山田', language: 'ja', country_code: 'JP' }, '山田太郎'],
    [{ first_name: '芳', last_name: '王', language: 'zh', country_code: 'CN' }, '王芳'],
    [{ first_name: '민준', last_name: '김', language: 'ko', country_code: 'KR' }, '김민준'],
    // The language decides even abroad; the country decides when the language is not a family-first one.
    [{ first_name: 'Yuki', last_name: 'Tanaka', language: 'ja', country_code: 'US' }, 'Tanaka Yuki'],
    [{ first_name: 'Yuki', last_name: 'Tanaka', language: 'en', country_code: 'JP' }, 'Tanaka Yuki'],
    [{ first_name: 'John', last_name: 'Smith', language: 'en', country_code: 'GB' }, 'John Smith'],
    [{ first_name: 'Solo', last_name: '' }, 'Solo'],
  ])('%o → %s', (customer, expected) => {
    expect(customerFullName(customer)).toBe(expected);
  });

  it('never uses a comma', () => {
    expect(customerFullName({ first_name: 'Péter', last_name: 'Nagy', language: 'hu' })).not.toContain(',');
  });

  it('gives initials in the same order', () => {
    expect(customerInitials({ first_name: 'Péter', last_name: 'Nagy', language: 'hu' })).toBe('NP');
    expect(customerInitials({ first_name: 'anna', last_name: 'müller', language: 'de' })).toBe('AM');
  });

  it('reads language tags with a region', () => {
    expect(familyNameFirst({ language: 'zh-TW' })).toBe(true);
    expect(familyNameFirst({ language: 'fr', country_code: 'FR' })).toBe(false);
  });
});
