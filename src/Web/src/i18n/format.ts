import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface LocaleFormatters {
  countryName(code: string): string;
  languageName(code: string): string;
  currencyName(code: string): string;
  /** Date in the viewer's time zone (or the one given to createFormatters). */
  date(isoDate: string): string;
  dateTime(isoDate: string): string;
}

function displayName(names: Intl.DisplayNames, code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    // Malformed codes throw a RangeError; showing the raw code is better than crashing a table.
    return code;
  }
}

function formatDate(format: Intl.DateTimeFormat, isoDate: string): string {
  const date = new Date(isoDate);
  return Number.isNaN(date.getTime()) ? isoDate : format.format(date);
}

export function createFormatters(locale: string, timeZone?: string): LocaleFormatters {
  const regions = new Intl.DisplayNames([locale], { type: 'region' });
  const languages = new Intl.DisplayNames([locale], { type: 'language' });
  const currencies = new Intl.DisplayNames([locale], { type: 'currency' });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });

  return {
    countryName: (code) => displayName(regions, code.toUpperCase()),
    languageName: (code) => displayName(languages, code),
    currencyName: (code) => displayName(currencies, code.toUpperCase()),
    date: (isoDate) => formatDate(dateFormat, isoDate),
    dateTime: (isoDate) => formatDate(dateTimeFormat, isoDate),
  };
}

/** Formatters for the current UI language, rebuilt only when the language changes. */
export function useLocaleFormatters(): LocaleFormatters {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => createFormatters(locale), [locale]);
}
