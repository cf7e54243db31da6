/**
 * A list's filters as kept in the URL (?q=…&country=DE,FR&sort=…) with the API's parameter names, so links,
 * reloads and Back/Forward keep the view. Each list states its fields; this reads them from the URL, writes
 * them back (empty parts left out so URLs stay short), builds the API's query and counts active filters.
 */
export interface FilterField<Value> {
  /** The parameter's name, in the URL and for the API. */
  readonly param: string;
  readonly empty: Value;
  /** The URL's value (null when absent) → the filter's value. */
  parse(raw: string | null): Value;
  /** The filter's value → the URL's value; '' leaves the parameter out. */
  format(value: Value): string;
  /**
   * The value to send; undefined or '' sends nothing: empty, or a value the API would reject (left out rather
   * than failing the whole list). A field without it (the sort) is kept in the URL but is no filter.
   */
  toApi?(value: Value): string | undefined;
}

const trimmed = (raw: string | null) => (raw ?? '').trim();
const nonEmpty = (value: string) => (value === '' ? undefined : value);

/** Free text, sent trimmed; `toApi` checks or converts it instead. */
export function textField(param: string, toApi: (value: string) => string | undefined = nonEmpty): FilterField<string> {
  return { param, empty: '', parse: trimmed, format: (value) => value.trim(), toApi: (value) => toApi(value.trim()) };
}

interface ListOptions<Item extends string> {
  /** Only these values are kept (others are dropped, not sent to the API). */
  allowed?: readonly Item[];
  /** Codes written in one case (country and currency codes upper, type names lower). */
  letterCase?: 'upper' | 'lower';
}

/** Several values, comma-separated (?country=DE,FR), without repeats. */
export function listField<Item extends string = string>(param: string, options: ListOptions<Item> = {}): FilterField<Item[]> {
  const normalize = (item: string) =>
    options.letterCase === 'upper' ? item.toUpperCase() : options.letterCase === 'lower' ? item.toLowerCase() : item;
  const allowed = options.allowed as readonly string[] | undefined;
  return {
    param,
    empty: [],
    parse: (raw) => {
      const items = trimmed(raw)
        .split(',')
        .map((item) => normalize(item.trim()))
        .filter((item) => item !== '' && (allowed === undefined || allowed.includes(item)));
      return [...new Set(items)] as Item[];
    },
    format: (items) => items.join(','),
    toApi: (items) => nonEmpty(items.join(',')),
  };
}

/** On or off: on only when the URL says exactly `true`. */
export function flagField(param: string): FilterField<boolean> {
  return {
    param,
    empty: false,
    parse: (raw) => raw === 'true',
    format: (on) => (on ? 'true' : ''),
    toApi: (on) => (on ? 'true' : undefined),
  };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a calendar day (yyyy-mm-dd) starts in the viewer's time zone, plus `addDays`. */
export function startOfLocalDay(day: string, addDays = 0): string | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * A calendar day (yyyy-mm-dd) in the viewer's time zone, sent as the instant it starts. The end of a range is
 * sent as the start of the day after, so the day itself is included.
 */
export function dayField(param: string, { endOfRange = false } = {}): FilterField<string> {
  return textField(param, (day) => startOfLocalDay(day, endOfRange ? 1 : 0));
}

/** The ?sort= value (empty: the API's default); kept in the URL, sent apart from the filters. */
export const sortField: FilterField<string> = { param: 'sort', empty: '', parse: trimmed, format: (value) => value.trim() };

export type FieldSpec = Record<string, FilterField<unknown>>;

export type FiltersOf<Spec extends FieldSpec> = { -readonly [Key in keyof Spec]: Spec[Key]['empty'] };

export interface UrlFilters<Spec extends FieldSpec> {
  readonly fields: Spec;
  /** Every filter empty. */
  readonly empty: FiltersOf<Spec>;
  read(params: URLSearchParams): FiltersOf<Spec>;
  write(filters: FiltersOf<Spec>): URLSearchParams;
  /** The API's filter parameters (no sort or paging), leaving out the `except` fields. */
  apiQuery(filters: FiltersOf<Spec>, except?: readonly (keyof Spec)[]): Record<string, string>;
  /** How many filters the API would get, leaving out the `except` fields. */
  activeCount(filters: FiltersOf<Spec>, except?: readonly (keyof Spec)[]): number;
}

export function urlFilters<Spec extends FieldSpec>(fields: Spec): UrlFilters<Spec> {
  type Key = keyof Spec & string;
  const entries = Object.entries(fields) as [Key, FilterField<unknown>][];
  const build = (value: (field: FilterField<unknown>) => unknown) =>
    Object.fromEntries(entries.map(([key, field]) => [key, value(field)])) as FiltersOf<Spec>;

  const apiQuery = (filters: FiltersOf<Spec>, except: readonly (keyof Spec)[] = []) => {
    const query: Record<string, string> = {};
    for (const [key, field] of entries) {
      const value = except.includes(key) ? undefined : field.toApi?.(filters[key]);
      if (value !== undefined && value !== '') query[field.param] = value;
    }
    return query;
  };

  return {
    fields,
    empty: build((field) => field.empty),
    read: (params) => build((field) => field.parse(params.get(field.param))),
    write: (filters) => {
      const params = new URLSearchParams();
      for (const [key, field] of entries) {
        const value = field.format(filters[key]);
        if (value !== '') params.set(field.param, value);
      }
      return params;
    },
    apiQuery,
    activeCount: (filters, except) => Object.keys(apiQuery(filters, except)).length,
  };
}
