export const SUPPORTED_LANGUAGES = ['en', 'es', 'fr', 'de', 'zh'] as const;

export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

export const DEFAULT_LANGUAGE: SupportedLanguage = 'en';

export const LANGUAGE_STORAGE_KEY = 'simplecrm.language';

export function isSupportedLanguage(value: unknown): value is SupportedLanguage {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language's name in that language ("Deutsch", "中文"), so people can find their own
 * language whatever the UI currently shows. Comes from Intl, not from the translation files.
 */
export function nativeLanguageName(language: SupportedLanguage): string {
  const name = new Intl.DisplayNames([language], { type: 'language' }).of(language) ?? language;
  return name.charAt(0).toLocaleUpperCase(language) + name.slice(1);
}
