import { describe, expect, it } from 'vitest';
import { fileSize, relativeTime } from './timeFormat';

const now = Date.parse('2026-03-10T12:00:00Z');

describe('relativeTime', () => {
  it('says how long ago in the language given', () => {
    expect(relativeTime('2026-03-10T11:59:40Z', now, 'en')).toBe('now');
    expect(relativeTime('2026-03-10T11:57:00Z', now, 'en')).toBe('3 minutes ago');
    expect(relativeTime('2026-03-10T11:00:30Z', now, 'en')).toBe('59 minutes ago');
    expect(relativeTime('2026-03-09T11:00:00Z', now, 'en')).toBe('yesterday');
    expect(relativeTime('2026-03-10T09:00:00Z', now, 'de')).toBe('vor 3 Stunden');
  });

  it('also looks ahead, and leaves unparseable text as it is', () => {
    expect(relativeTime('2026-03-12T12:00:00Z', now, 'en')).toBe('in 2 days');
    expect(relativeTime('soon', now, 'en')).toBe('soon');
  });
});

describe('fileSize', () => {
  it('picks bytes, KB or MB', () => {
    expect(fileSize(6, 'en')).toBe('6 bytes');
    expect(fileSize(2048, 'en')).toBe('2 kB');
    expect(fileSize(3_500_000, 'de')).toBe('3,3 MB');
  });
});
