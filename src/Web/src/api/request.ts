import { ApiError, parseRetryAfter, toProblemDetails } from './problemDetails';

// Answers to ApiError: the generated client's results (unwrap), and the raw responses of the few calls made
// with a plain fetch (downloads and multipart uploads, expectOk). Requests themselves go through client.ts.

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
