import { vi } from 'vitest';

type Handler = (request: Request, url: URL) => Response | Promise<Response>;

export function jsonResponse(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

export function problemResponse(body: Record<string, unknown>): Response {
  return jsonResponse(body, Number(body.status), 'application/problem+json');
}

/**
 * Replaces global fetch with routes keyed "METHOD /path" and records each request, so tests can
 * assert what the app sent. An unexpected request fails the test loudly.
 */
export function mockApi(routes: Record<string, Handler>) {
  const requests: Request[] = [];
  // The app calls fetch(request) or fetch(url, init) (see sendAsPlainFetch in auth/session.ts): both become a Request.
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    const handler = routes[`${request.method} ${url.pathname}`];
    // Only answered requests are recorded: the layout's own requests (the notification bell) that a
    // test does not route fail without shifting the order of the ones it asserts on.
    if (!handler) throw new Error(`Unexpected request: ${request.method} ${url.pathname}`);
    requests.push(request.clone());
    return handler(request, url);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, requests };
}

/**
 * GET /api/v1/customers as the activity and task lists ask it for names (?id=…): the given customers whose ids
 * were asked for, nothing else.
 */
export function customersByIdRoute(customers: readonly ({ id: string } & Record<string, unknown>)[]): Handler {
  return (_request, url) => {
    const asked = new Set(url.searchParams.getAll('id').flatMap((value) => value.split(',')));
    return jsonResponse({ items: customers.filter((c) => asked.has(c.id)), next_cursor: null, total: null });
  };
}

export const referenceData = {
  countries: ['DE', 'US', 'CN'],
  currencies: ['EUR', 'USD'],
  languages: ['en', 'de'],
  timezones: ['UTC', 'Europe/Berlin'],
  statuses: ['active', 'inactive', 'vip', 'blocked'],
};

export function customer(overrides: Record<string, unknown> = {}) {
  return {
    id: '0b7f6d2e-6a53-4bde-9d43-4f2c4b1c9a01',
    first_name: 'Anna',
    last_name: 'Schmidt',
    email: 'anna@example.de',
    phone: null,
    company_name: null,
    country_code: 'DE',
    region: null,
    city: 'Berlin',
    postal_code: null,
    timezone: 'Europe/Berlin',
    language: 'de',
    currency: 'EUR',
    status: 'active',
    tags: [],
    custom_fields: {},
    owner_id: null,
    external_ids: {},
    created_at: '2025-03-01T10:00:00Z',
    updated_at: '2025-03-01T10:00:00Z',
    lifetime_value: 0,
    total_orders: 0,
    average_order_value: 0,
    lifetime_value_usd: 0,
    average_order_value_usd: 0,
    first_order_date: null,
    last_order_date: null,
    pending_usd_orders: 0,
    version: 1,
    ...overrides,
  };
}
