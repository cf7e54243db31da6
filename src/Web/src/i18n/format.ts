import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface LocaleFormatters {
  countryName(code: string): string;
  languageName(code: string): string;
  currencyName(code: string): string;
  /** Date in the viewer's time zone (or the one given to createFormatters). */
  date(isoDate: string): string;
  dateTime(isoDate: string): string;
  /** A calendar day without a time ("2025-03-01", e.g. an exchange rate's date), never shifted by time zones. */
  day(isoDay: string): string;
  /**
   * An amount in a currency, for the UI language: the currency's own decimals (JPY none, KWD three),
   * the language's separators and symbol placement. Amounts the API sends as numbers or numeric strings.
   */
  money(amount: unknown, currency: string): string;
  /** A whole number with the language's grouping, e.g. 12,345 or 12.345. */
  count(value: number): string;
}

function displayName(names: Intl.DisplayNames, code: string, normalise = (value: string) => value): string {
  try {
    return names.of(normalise(code)) ?? code;
  } catch {
    // Malformed codes throw a RangeError; showing the raw code is better than crashing a table.
    return code;
  }
}

function formatDate(format: Intl.DateTimeFormat, isoDate: string): string {
  const date = new Date(isoDate);
  return Number.isNaN(date.getTime()) ? isoDate : format.format(date);
}

/**
 * Amounts are decimals on the server; the JSON carries them as numbers (or, with some serializer
 * settings, as strings). Anything else is not an amount.
 */
export function toAmount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

export function createFormatters(locale: string, timeZone?: string): LocaleFormatters {
  const regions = new Intl.DisplayNames([locale], { type: 'region' });
  const languages = new Intl.DisplayNames([locale], { type: 'language' });
  const currencies = new Intl.DisplayNames([locale], { type: 'currency' });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const integerFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimalFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const moneyFormats = new Map<string, Intl.NumberFormat>();

  const moneyFormat = (currency: string): Intl.NumberFormat | undefined => {
    const code = currency.toUpperCase();
    let format = moneyFormats.get(code);
    if (!format) {
      try {
        format = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
      } catch {
        return undefined; // not an ISO 4217 code
      }
      moneyFormats.set(code, format);
    }
    return format;
  };

  return {
    countryName: (code) => displayName(regions, code, (value) => value.toUpperCase()),
    languageName: (code) => displayName(languages, code),
    currencyName: (code) => displayName(currencies, code, (value) => value.toUpperCase()),
    date: (isoDate) => formatDate(dateFormat, isoDate),
    dateTime: (isoDate) => formatDate(dateTimeFormat, isoDate),
    day: (isoDay) => formatDate(dayFormat, /^\d{4}-\d{2}-\d{2}$/.test(isoDay) ? `${isoDay}T00:00:00Z` : isoDay),
    money: (amount, currency) => {
      const value = toAmount(amount);
      if (value === undefined) return '—';
      const format = moneyFormat(currency);
      return format ? format.format(value) : `${decimalFormat.format(value)} ${currency}`;
    },
    count: (value) => integerFormat.format(value),
  };
}

/** Formatters for the current UI language, rebuilt only when the language changes. */
export function useLocaleFormatters(): LocaleFormatters {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => createFormatters(locale), [locale]);
}
