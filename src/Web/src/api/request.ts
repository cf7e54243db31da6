import { ApiError, toProblemDetails } from './problemDetails';

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
    throw new ApiError(response.status, toProblemDetails(error, response));
  }
  return data as Data;
}
