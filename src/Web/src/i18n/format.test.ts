import { describe, expect, it } from 'vitest';
import { createFormatters } from './format';

describe('createFormatters', () => {
  it('names countries in the UI language', () => {
    expect(createFormatters('en').countryName('DE')).toBe('Germany');
    expect(createFormatters('de').countryName('DE')).toBe('Deutschland');
    expect(createFormatters('fr').countryName('de')).toBe('Allemagne');
    expect(createFormatters('zh').countryName('DE')).toBe('德国');
  });

  it('shows the raw code when Intl cannot name it', () => {
    expect(createFormatters('en').countryName('not a code')).toBe('not a code');
  });

  it('formats dates in the given time zone', () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Shanghai.
    const instant = '2024-12-31T23:30:00Z';
    expect(createFormatters('en', 'UTC').date(instant)).toBe('Dec 31, 2024');
    expect(createFormatters('en', 'Asia/Shanghai').date(instant)).toBe('Jan 1, 2025');
  });

  it('leaves an unparsable date as it is', () => {
    expect(createFormatters('en', 'UTC').date('soon')).toBe('soon');
  });
});

describe('money', () => {
  // Intl inserts narrow no-break spaces in some languages; compare with plain spaces.
  const money = (locale: string, amount: unknown, currency: string) =>
    createFormatters(locale).money(amount, currency).replace(/[\u00a0\u202f]/g, ' ');

  it('uses each currency’s own decimals: none for JPY, three for KWD', () => {
    expect(money('en', 1234.5, 'JPY')).toBe('¥1,235');
    expect(money('en', 1234.5, 'KWD')).toBe('KWD 1,234.500');
    expect(money('en', 1234.5, 'EUR')).toBe('€1,234.50');
  });

  it('follows the UI language for separators and symbol placement', () => {
    expect(money('de', 1234.5, 'EUR')).toBe('1.234,50 €');
    expect(money('fr', 1234.5, 'EUR')).toBe('1 234,50 €');
    expect(money('es', 1234.5, 'EUR')).toBe('1234,50 €');
    expect(money('de', 1234.5, 'JPY')).toBe('1.235 ¥');
    expect(money('de', 1234.5, 'KWD')).toBe('1.234,500 KWD');
    expect(money('zh', 1234.5, 'JPY')).toBe('JP¥1,235');
    expect(money('zh', 1234.5, 'EUR')).toBe('€1,234.50');
  });

  it('accepts numeric strings and shows a dash for anything that is not an amount', () => {
    expect(money('en', '19.95', 'USD')).toBe('$19.95');
    expect(money('en', null, 'USD')).toBe('—');
    expect(money('en', 'abc', 'USD')).toBe('—');
  });

  it('does not crash on a code that is not a currency', () => {
    expect(money('en', 12.5, 'XX1')).toBe('12.5 XX1');
  });

  it('formats a calendar day without shifting it across time zones', () => {
    expect(createFormatters('en', 'America/Los_Angeles').day('2025-03-01')).toBe('Mar 1, 2025');
  });
});
