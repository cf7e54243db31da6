type DatePart = 'day' | 'month' | 'year';

/** How the language writes a date with digits: the order of its parts, and an example (31.12.2025, 12/31/2025, 2025/12/31). */
export function datePattern(locale: string): { order: DatePart[]; example: string } {
  const format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  const parts = format.formatToParts(new Date(Date.UTC(2025, 11, 31)));
  const order = parts.map((part) => part.type).filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
  return { order, example: parts.map((part) => part.value).join('') };
}

/** "2025-03-01" → "01.03.2025" (de), "03/01/2025" (en), "2025/03/01" (zh); '' stays ''. */
export function formatDay(isoDay: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) return isoDay;
  const format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
  return format.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/**
 * A date typed the language's way ("1.3.2025", "3/1/2025", "2025年3月1日") → "2025-03-01"; '' for blank;
 * undefined when it is not a real date. Any non-digits separate the parts; an ISO date is always accepted.
 */
export function parseDay(text: string, locale: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const numbers = trimmed.split(/\D+/).filter(Boolean);
  if (numbers.length !== 3) return undefined;
  const iso = /^\d{4}$/.test(numbers[0]!) ? (['year', 'month', 'day'] as DatePart[]) : datePattern(locale).order;
  const value = (part: DatePart) => Number(numbers[iso.indexOf(part)]);
  const [year, month, day] = [value('year'), value('month'), value('day')];
  if (year < 1000 || year > 9999) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** How the time part of a date-time field is written in every UI language: 24 hours, two digits each. */
export const TIME_EXAMPLE = '09:00';

/**
 * A 24-hour time ("9:30", "09.30", "9h30", "0930", "9") → "09:30"; '' for blank; undefined when it is not a time of day.
 */
export function parseTime(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const match = /^(\d{1,2})(?:\s*[:.hH]\s*(\d{2}))?$/.exec(trimmed) ?? /^(\d{2})(\d{2})$/.exec(trimmed);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
