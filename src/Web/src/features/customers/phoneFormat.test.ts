import { describe, expect, it } from 'vitest';
import { formatPhone } from './phoneFormat';

describe('formatPhone', () => {
  it('shows a number of the customer’s own country in the national format', () => {
    expect(formatPhone('+81312345678', 'JP')).toBe('03-1234-5678');
    expect(formatPhone('+49301234567', 'de')).toBe('030 1234567');
  });

  it('shows a number of another country in the international format', () => {
    expect(formatPhone('+81312345678', 'DE')).toBe('+81 3 1234 5678');
    expect(formatPhone('+14155550123', undefined)).toBe('+1 415 555 0123');
  });

  it('leaves what does not parse as it was stored', () => {
    expect(formatPhone('call me', 'DE')).toBe('call me');
  });
});
