import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthSession, refreshDelayMs, REFRESH_TOKEN_KEY } from './session';

const ORIGIN = 'https://crm.example.com';

function tokens(n: number, expiresIn = 900) {
  return { access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: expiresIn, token_type: 'Bearer' };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A Storage stand-in, so each test starts with exactly the refresh token it sets. */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

type Route = (request: Request) => Response | Promise<Response>;

/**
 * A session whose fetch is a mock: /auth/refresh answers with `refresh` (new tokens each call by
 * default), anything else with `api`. Every request is recorded with its body read.
 */
function setup({
  refresh,
  api,
  stored = 'refresh-0',
  now,
}: { refresh?: Route; api?: Route; stored?: string | null; now?: () => number } = {}) {
  let issued = 0;
  const sent: Array<{ url: string; method: string; authorization: string | null; body: string }> = [];
  const fetch = vi.fn(async (request: Request) => {
    sent.push({
      url: request.url,
      method: request.method,
      authorization: request.headers.get('authorization'),
      body: await request.clone().text(),
    });
    if (new URL(request.url).pathname === '/api/v1/auth/refresh') {
      return refresh ? refresh(request) : json(tokens(++issued));
    }
    return api ? api(request) : json({ ok: true });
  });
  const storage = memoryStorage(stored ? { [REFRESH_TOKEN_KEY]: stored } : {});
  const session = new AuthSession({ fetch, storage, origin: ORIGIN, now, lock: (task) => task() });
  const refreshCalls = () => sent.filter((request) => request.url.endsWith('/api/v1/auth/refresh'));
  const apiCalls = () => sent.filter((request) => !request.url.endsWith('/api/v1/auth/refresh'));
  return { session, fetch, storage, sent, refreshCalls, apiCalls };
}

const get = (path: string) => new Request(`${ORIGIN}${path}`);

describe('AuthSession', () => {
  it('starts signed out, without any request, when no refresh token is stored', () => {
    const { session, fetch } = setup({ stored: null });
    session.start();
    expect(session.getState()).toEqual({ status: 'signedOut' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('exchanges a stored refresh token for an access token on start, once even if started twice', async () => {
    const { session, storage, refreshCalls } = setup();
    expect(session.getState().status).toBe('starting');

    session.start();
    session.start(); // React's StrictMode runs effects twice
    await vi.waitFor(() => expect(session.getState().status).toBe('signedIn'));

    expect(refreshCalls()).toHaveLength(1);
    expect(JSON.parse(refreshCalls()[0]!.body)).toEqual({ refresh_token: 'refresh-0' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-1');
    expect(await session.getAccessToken()).toBe('access-1');
  });

  it('sends the access token as a Bearer header, but never to another origin', async () => {
    const { session, apiCalls } = setup({ stored: null });
    session.signIn(tokens(7));

    await session.fetch(get('/api/v1/customers'));
    await session.fetch(new Request('https://elsewhere.example/api'));

    expect(apiCalls()[0]!.authorization).toBe('Bearer access-7');
    expect(apiCalls()[1]!.authorization).toBeNull();
  });

  it('on a 401 refreshes once and repeats the request once, body included', async () => {
    const { session, refreshCalls, apiCalls } = setup({
      stored: null,
      api: (request) =>
        request.headers.get('authorization') === 'Bearer access-1' ? json({ saved: true }) : json({ title: 'Unauthorized' }, 401),
    });
    session.signIn(tokens(0));

    const response = await session.fetch(
      new Request(`${ORIGIN}/api/v1/customers`, { method: 'POST', body: JSON.stringify({ first_name: 'Ana' }) }),
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ saved: true });
    expect(refreshCalls()).toHaveLength(1);
    expect(apiCalls().map((call) => call.authorization)).toEqual(['Bearer access-0', 'Bearer access-1']);
    expect(apiCalls().map((call) => call.body)).toEqual(['{"first_name":"Ana"}', '{"first_name":"Ana"}']);
  });

  it('retries only once: a second 401 is returned as it is', async () => {
    const { session, refreshCalls, apiCalls } = setup({ stored: null, api: () => json({ title: 'Unauthorized' }, 401) });
    session.signIn(tokens(0));

    const response = await session.fetch(get('/api/v1/customers'));

    expect(response.status).toBe(401);
    expect(refreshCalls()).toHaveLength(1);
    expect(apiCalls()).toHaveLength(2);
  });

  it('shares one refresh between requests that fail together', async () => {
    const { session, refreshCalls, apiCalls } = setup({
      stored: null,
      api: (request) => (request.headers.get('authorization') === 'Bearer access-1' ? json({}) : json({}, 401)),
    });
    session.signIn(tokens(0));

    const responses = await Promise.all([
      session.fetch(get('/api/v1/customers')),
      session.fetch(get('/api/v1/orders')),
      session.fetch(get('/api/v1/tags')),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
    // A second refresh would spend a token the server has already rotated (and revoke the session).
    expect(refreshCalls()).toHaveLength(1);
    expect(apiCalls()).toHaveLength(6);
  });

  it('signs out ("expired") when the refresh token is refused, and returns the 401', async () => {
    const { session, storage, apiCalls } = setup({
      stored: null,
      api: () => json({ title: 'Unauthorized' }, 401),
      refresh: () => json({ title: 'Unauthorized', detail: 'Refresh token reused.' }, 401),
    });
    session.signIn(tokens(0));
    const listener = vi.fn();
    session.subscribe(listener);

    const response = await session.fetch(get('/api/v1/customers'));

    expect(response.status).toBe(401);
    expect(apiCalls()).toHaveLength(1); // no retry without a token
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(listener).toHaveBeenCalled();
    expect(await session.getAccessToken()).toBeUndefined();
  });

  it('keeps the refresh token when the server cannot be reached at start, and can try again', async () => {
    let down = true;
    const { session, storage } = setup({
      refresh: () => (down ? Promise.reject(new TypeError('Failed to fetch')) : json(tokens(1))),
    });

    session.start();
    await vi.waitFor(() => expect(session.getState().status).toBe('unreachable'));
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-0');

    down = false;
    session.retryStart();
    await vi.waitFor(() => expect(session.getState().status).toBe('signedIn'));
  });

  it('signs out on the server with the refresh token, then forgets both tokens', async () => {
    const { session, storage, apiCalls } = setup({ stored: null, api: () => new Response(null, { status: 204 }) });
    session.signIn(tokens(3));

    await session.signOut();

    expect(apiCalls()[0]).toMatchObject({
      url: `${ORIGIN}/api/v1/auth/logout`,
      method: 'POST',
      authorization: 'Bearer access-3',
      body: JSON.stringify({ refresh_token: 'refresh-3' }),
    });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'signedOut' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it('ignores a refresh answer that arrives after signing out', async () => {
    let answer: (response: Response) => void = () => undefined;
    const { session, storage } = setup({ refresh: () => new Promise<Response>((resolve) => (answer = resolve)) });
    session.start();
    session.end();

    answer(json(tokens(1)));
    await Promise.resolve();

    await vi.waitFor(() => expect(session.getState().status).toBe('signedOut'));
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  describe('refreshing ahead of expiry', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('refreshes a minute before the access token expires', async () => {
      const { session, refreshCalls } = setup({ stored: null });
      session.signIn(tokens(0, 900));

      await vi.advanceTimersByTimeAsync(839_000);
      expect(refreshCalls()).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(refreshCalls()).toHaveLength(1);
      expect(await session.getAccessToken()).toBe('access-1');
    });

    it('refreshes before sending when the token has already expired (a sleeping laptop)', async () => {
      let now = 0;
      const { session, refreshCalls, apiCalls } = setup({ stored: null, now: () => now });
      session.signIn(tokens(0, 900));
      now = 901_000; // the timer never fired

      await session.fetch(get('/api/v1/customers'));

      expect(refreshCalls()).toHaveLength(1);
      expect(apiCalls().map((call) => call.authorization)).toEqual(['Bearer access-1']);
    });
  });
});

describe('refreshDelayMs', () => {
  it('is a minute before expiry, or 80% of a short lifetime', () => {
    expect(refreshDelayMs(900)).toBe(840_000);
    expect(refreshDelayMs(60)).toBe(48_000);
  });
});
