import { authSession } from '../auth/session';
import { ApiError, parseRetryAfter, toProblemDetails } from './problemDetails';

interface ClientResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/**
 * Unwraps an openapi-fetch result: returns the data of a successful response and throws an
 * ApiError for anything else, which is what TanStack Query expects from a query function.
 */
export async function unwrap<Data>(call: Promise<ClientResult<Data>>): Promise<Data> {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw new ApiError(response.status, toProblemDetails(error, response), parseRetryAfter(response.headers.get('retry-after')));
  }
  return data as Data;
}

/** The body of an answer: parsed JSON, the text when it is not JSON, undefined when empty. */
export async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Throws an ApiError for a failed answer; returns its body otherwise. */
export async function expectOk(response: Response): Promise<unknown> {
  const body = await readBody(response);
  if (!response.ok) {
    throw new ApiError(response.status, toProblemDetails(body, response), parseRetryAfter(response.headers.get('retry-after')));
  }
  return body;
}

export interface ApiRequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** The sign-in endpoints: sent without a token, and a 401 is an answer rather than an expired session. */
  anonymous?: boolean;
}

/**
 * A JSON call to /api/v1 for endpoints the generated client does not know yet (docs/auth.md):
 * signed with the session's access token (refreshed on a 401), failures thrown as ApiError.
 */
export async function apiRequest<Data>(method: string, path: string, options: ApiRequestOptions = {}): Promise<Data> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.size > 0 ? `?${params.toString()}` : '';
  const request = new Request(`${globalThis.location?.origin ?? ''}/api/v1${path}${search}`, {
    method,
    headers: options.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const response = options.anonymous ? await globalThis.fetch(request) : await authSession.fetch(request);
  return (await expectOk(response)) as Data;
}
