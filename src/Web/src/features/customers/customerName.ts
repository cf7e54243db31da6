/** What the name helpers need of a customer; list rows may carry only some fields. */
export interface NamedCustomer {
  first_name?: string | null;
  last_name?: string | null;
  language?: string | null;
  country_code?: string | null;
}

/** Languages whose speakers put the family name first (Japanese, Chinese, Korean, Hungarian). */
const FAMILY_FIRST_LANGUAGES = new Set(['ja', 'zh', 'ko', 'hu']);
/** Countries where that is the custom, for customers whose language was left at the default. */
const FAMILY_FIRST_COUNTRIES = new Set(['JP', 'CN', 'TW', 'HK', 'MO', 'KR', 'KP', 'HU']);

/** Han, kana and Hangul: names in these scripts are written without a space between the parts. */
const EAST_ASIAN_SCRIPT = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー・]+$/u;

/** Whether the customer's culture puts the family name first, judged by their language or else their country. */
export function familyNameFirst(customer: NamedCustomer): boolean {
  const language = customer.language?.trim().toLowerCase().split('-')[0];
  if (language && FAMILY_FIRST_LANGUAGES.has(language)) return true;
  return FAMILY_FIRST_COUNTRIES.has(customer.country_code?.trim().toUpperCase() ?? '');
}

/**
 * A customer's full name as their culture writes it: "Anna Müller", "Nagy Péter" (Hungarian),
 * "山田 太郎" → "山田太郎" and "王芳" (no space between East Asian characters), "Tanaka Yuki" for a
 * Japanese customer written in Latin letters. Never with a comma. The one helper for every screen.
 */
export function customerFullName(customer: NamedCustomer): string {
  const first = customer.first_name?.trim() ?? '';
  const last = customer.last_name?.trim() ?? '';
  const [leading, trailing] = familyNameFirst(customer) ? [last, first] : [first, last];
  if (!leading || !trailing) return leading || trailing;
  const separator = EAST_ASIAN_SCRIPT.test(leading) && EAST_ASIAN_SCRIPT.test(trailing) ? '' : ' ';
  return `${leading}${separator}${trailing}`;
}

/** Two letters for an avatar, in the same order as the full name. */
export function customerInitials(customer: NamedCustomer): string {
  const first = customer.first_name?.trim() ?? '';
  const last = customer.last_name?.trim() ?? '';
  const [leading, trailing] = familyNameFirst(customer) ? [last, first] : [first, last];
  return `${[...leading][0] ?? ''}${[...trailing][0] ?? ''}`.toUpperCase();
}
