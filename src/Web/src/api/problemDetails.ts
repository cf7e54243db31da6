import i18next, { type TFunction } from 'i18next';
import type { ProblemDetails } from './client';

/** A failed API call, carrying the RFC 9457 problem details the server answered with. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;
  /** From a 429's Retry-After header: how many seconds to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: ProblemDetails, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title ?? `Request failed with status ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** What to tell the user about a failed call: the server's problem detail (or title), or that the network failed. */
export function problemText(t: TFunction, error: unknown): string {
  return error instanceof ApiError
    ? (error.problem.detail ?? error.problem.title ?? t('common.unexpectedError'))
    : t('common.networkError');
}

/** Retry-After is either a number of seconds or an HTTP date; anything else is ignored. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Reads whatever the server sent as an error body into problem details, tolerating non-JSON bodies. */
export function toProblemDetails(body: unknown, response: Pick<Response, 'status' | 'statusText'>): ProblemDetails {
  if (!isRecord(body)) {
    return { status: response.status, title: optionalString(response.statusText) ?? null };
  }

  const errors: Record<string, string[]> = {};
  if (isRecord(body.errors)) {
    for (const [key, messages] of Object.entries(body.errors)) {
      const list = Array.isArray(messages) ? messages : [messages];
      errors[key] = list.filter((message): message is string => typeof message === 'string');
    }
  }

  const codes: Record<string, string[]> = {};
  if (isRecord(body.codes)) {
    for (const [key, list] of Object.entries(body.codes)) {
      if (Array.isArray(list)) codes[key] = list.map((code) => (typeof code === 'string' ? code : ''));
    }
  }

  const codeParams: Record<string, Record<string, string | number>> = {};
  if (isRecord(body.code_params)) {
    for (const [key, values] of Object.entries(body.code_params)) {
      if (!isRecord(values)) continue;
      codeParams[key] = Object.fromEntries(
        Object.entries(values).filter(
          (entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number',
        ),
      );
    }
  }

  return {
    type: optionalString(body.type) ?? null,
    title: optionalString(body.title) ?? optionalString(response.statusText) ?? null,
    status: typeof body.status === 'number' ? body.status : response.status,
    detail: optionalString(body.detail) ?? null,
    instance: optionalString(body.instance) ?? null,
    errors,
    codes,
    code_params: codeParams,
  };
}

/** Translates with the app's i18next; injectable so tests can pin a language. */
export type Translate = (key: string, options: Record<string, unknown>) => string;

// Problem keys are built from codes at run time, so they cannot be checked against en.json at compile time.
const appTranslate: Translate = (key, options) => (i18next.t as (key: string, options: Record<string, unknown>) => string)(key, options);

/**
 * A server field message in the UI language: looked up by its stable code (problems.codes.<code>, with
 * the code's parameters), falling back to the server's English message for codes we have no text for
 * (the generic "invalid" and "conflict", or codes newer than this app).
 */
export function translateProblem(
  code: string | undefined,
  params: Record<string, string | number> | undefined,
  serverMessage: string,
  translate: Translate = appTranslate,
): string {
  if (!code || code === 'invalid' || code === 'conflict' || !/^[a-z_]+$/.test(code)) return serverMessage;
  // out_of_range says "at least", "at most" or "between" depending on which bounds it names.
  const context =
    code === 'out_of_range' && params
      ? params.min !== undefined && params.max !== undefined
        ? 'between'
        : params.min !== undefined
          ? 'min'
          : params.max !== undefined
            ? 'max'
            : undefined
      : undefined;
  return translate(`problems.codes.${code}`, { ...params, context, defaultValue: serverMessage });
}

/** Every field message of a problem, keyed as the server keyed it, translated by code where possible. */
export function problemMessages(
  problem: ProblemDetails,
  translate: Translate = appTranslate,
): Array<{ key: string; message: string }> {
  return Object.entries(problem.errors ?? {}).flatMap(([key, messages]) =>
    messages.map((message, index) => ({
      key,
      message: translateProblem(problem.codes?.[key]?.[index], problem.code_params?.[key], message, translate),
    })),
  );
}

/**
 * Turns a key from problem.errors into our snake_case field name. The API is meant to answer with
 * snake_case already; this also accepts ASP.NET's other spellings ("Email", "$.first_name",
 * "FirstName", "tags[0]") so a differently configured serializer still lands on the right field.
 */
export function toFieldName(errorKey: string): string {
  return errorKey
    .replace(/^\$\.?/, '')
    .replace(/\[\d*\]/g, '')
    .split('.')[0]!
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export interface ProblemFieldErrors<Field extends string> {
  /** First message per known field (in the UI language when its code is known), in the order the fields were given (= form order). */
  fieldErrors: Array<{ field: Field; message: string }>;
  /** Messages that belong to no known field, plus detail/title when no field matched. */
  generalMessages: string[];
}

export function problemToFieldErrors<Field extends string>(
  problem: ProblemDetails,
  knownFields: readonly Field[],
  translate: Translate = appTranslate,
): ProblemFieldErrors<Field> {
  const messagesByField = new Map<string, string[]>();
  const generalMessages: string[] = [];

  for (const { key, message } of problemMessages(problem, translate)) {
    const field = toFieldName(key);
    if ((knownFields as readonly string[]).includes(field)) {
      messagesByField.set(field, [...(messagesByField.get(field) ?? []), message]);
    } else {
      generalMessages.push(message);
    }
  }

  const fieldErrors = knownFields.flatMap((field) => {
    const message = messagesByField.get(field)?.[0];
    return message === undefined ? [] : [{ field, message }];
  });

  if (fieldErrors.length === 0 && generalMessages.length === 0) {
    const summary = problem.detail ?? problem.title;
    if (summary) generalMessages.push(summary);
  }

  return { fieldErrors, generalMessages };
}
