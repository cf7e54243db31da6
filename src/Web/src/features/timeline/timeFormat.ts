import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * "3 minutes ago", "yesterday", "in 2 days" in the UI language; under a minute is "now". Uses the largest unit that
 * fits, rounded down, so "59 minutes ago" never turns into "1 hour ago" too early.
 */
export function relativeTime(isoDate: string, now: number, locale: string): string {
  const then = Date.parse(isoDate);
  if (Number.isNaN(then)) return isoDate;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const seconds = (then - now) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** How long ago something can be and still be said relatively ("5 days ago"); older things get their date. */
export const RELATIVE_LIMIT_MS = 7 * 24 * 3600 * 1000;

/** The current time, refreshed every `intervalMs`, so relative times move on while the page is open. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** 27 → "27 bytes", 2048 → "2 kB", 3_500_000 → "3.3 MB", with the language's words and separators. */
export function fileSize(bytes: number, locale: string): string {
  const [unit, value]: [string, number] =
    bytes >= 1024 * 1024 ? ['megabyte', bytes / (1024 * 1024)] : bytes >= 1024 ? ['kilobyte', bytes / 1024] : ['byte', bytes];
  // Bytes spelled out ("27 bytes"): the short form is "27 byte" in English.
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
}

/** relativeTime and fileSize for the current UI language. */
export function useTimelineFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(
    () => ({
      locale,
      relative: (isoDate: string, now: number) => relativeTime(isoDate, now, locale),
      fileSize: (bytes: number) => fileSize(bytes, locale),
    }),
    [locale],
  );
}
