import { describe, expect, it } from 'vitest';
import { datePattern, formatDay, parseDay, parseTime } from './localDate';

describe('dates the UI language’s way', () => {
  it.each([
    ['de', '31.12.2025', '01.03.2025'],
    ['en', '12/31/2025', '03/01/2025'],
    ['fr', '31/12/2025', '01/03/2025'],
    ['zh', '2025/12/31', '2025/03/01'],
  ])('%s writes %s', (locale, example, firstOfMarch) => {
    expect(datePattern(locale).example).toBe(example);
    expect(formatDay('2025-03-01', locale)).toBe(firstOfMarch);
    expect(parseDay(firstOfMarch, locale)).toBe('2025-03-01');
  });

  it('reads loose typing and ISO dates, refuses impossible ones', () => {
    expect(parseDay('1.3.2025', 'de')).toBe('2025-03-01');
    expect(parseDay('2025-03-01', 'de')).toBe('2025-03-01');
    expect(parseDay('  ', 'de')).toBe('');
    expect(parseDay('31.02.2025', 'de')).toBeUndefined();
    expect(parseDay('13/31/2025', 'en')).toBeUndefined();
    expect(parseDay('morgen', 'de')).toBeUndefined();
  });
});

describe('times on 24 hours', () => {
  it('reads loose typing and refuses what is not a time of day', () => {
    expect(parseTime('9:30')).toBe('09:30');
    expect(parseTime('09.30')).toBe('09:30');
    expect(parseTime('9h30')).toBe('09:30');
    expect(parseTime('0930')).toBe('09:30');
    expect(parseTime('9')).toBe('09:00');
    expect(parseTime(' ')).toBe('');
    expect(parseTime('24:00')).toBeUndefined();
    expect(parseTime('9:60')).toBeUndefined();
    expect(parseTime('9 Uhr')).toBeUndefined();
  });
});
