import createClient from 'openapi-fetch';
import { authSession } from '../auth/session';
import type { components, paths } from './schema';

type Schemas = components['schemas'];

// Aliases of the generated types, so features don't have to spell out components['schemas'].
export type Customer = Schemas['Customer'];
export type CustomerInput = Schemas['CustomerInput'];
export type CustomerPage = Schemas['CustomerPage'];
export type CustomerStatus = Schemas['CustomerStatus'];
export type ReferenceData = Schemas['ReferenceData'];
export type ProblemDetails = Schemas['HttpValidationProblemDetails'];
export type BulkAction = NonNullable<Schemas['BulkAction']>;
export type BulkInput = Schemas['BulkInput'];
export type BulkResult = Schemas['BulkResult'];
export type ImportReport = Schemas['ImportReport'];
export type ImportRowError = Schemas['ImportRowError'];
export type Order = Schemas['Order'];
export type OrderSummary = Schemas['OrderSummary'];
export type OrderInput = Schemas['OrderInput'];
export type OrderPage = Schemas['PageOfOrderSummary'];
export type OrderStatus = NonNullable<Schemas['OrderStatus']>;
export type PaymentStatus = NonNullable<Schemas['PaymentStatus']>;
export type OrderItem = Schemas['OrderItemDocument'];
export type Refund = Schemas['RefundDocument'];
export type RefundInput = Schemas['RefundInput'];
export type TagCount = Schemas['TagCountRow'];

/**
 * The typed client for the SimpleCrm API. The web app is served by the API itself (or proxied by
 * Vite in development), so requests go to the page's own origin. Every request carries the
 * session's access token; a 401 refreshes it once and repeats the request.
 */
export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  fetch: (request) => authSession.fetch(request),
});

/**
 * The same client without the session, for the sign-in endpoints (sign-in, MFA, password reset, invitations,
 * sign-up): they carry no token, and their 401 is an answer (a wrong password) rather than an expired session.
 */
export const anonymousApi = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  // Looked up on every call, so tests can stub fetch after this module loads.
  fetch: (request) => globalThis.fetch(request),
});
