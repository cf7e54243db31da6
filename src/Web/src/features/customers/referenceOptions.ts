import type { SelectOption } from '../../components/FormFields';
import type { LocaleFormatters } from '../../i18n/format';

function sortByLabel(options: SelectOption[], locale: string): SelectOption[] {
  const collator = new Intl.Collator(locale);
  return options.sort((a, b) => collator.compare(a.label, b.label));
}

/**
 * Makes sure a stored value stays selectable even if the reference list no longer offers it;
 * otherwise the <select> would silently switch to another value and an edit would change it.
 */
export function includingValue(options: SelectOption[], value: string): SelectOption[] {
  return value === '' || options.some((option) => option.value === value) ? options : [{ value, label: value }, ...options];
}

export function countryOptions(codes: readonly string[], format: LocaleFormatters, locale: string): SelectOption[] {
  return sortByLabel(
    codes.map((code) => ({ value: code, label: format.countryName(code) })),
    locale,
  );
}

export function languageOptions(codes: readonly string[], format: LocaleFormatters, locale: string): SelectOption[] {
  return sortByLabel(
    codes.map((code) => ({ value: code, label: format.languageName(code) })),
    locale,
  );
}

export function currencyOptions(codes: readonly string[], format: LocaleFormatters): SelectOption[] {
  return [...codes]
    .sort()
    .map((code) => ({ value: code, label: `${code} – ${format.currencyName(code)}` }));
}

export function timezoneOptions(zones: readonly string[]): SelectOption[] {
  return zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }));
}
