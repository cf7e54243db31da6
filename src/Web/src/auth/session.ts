// The generated types, not authApi's: authApi calls the API client, which uses this session.
import type { components } from '../api/schema';

type Tokens = components['schemas']['Tokens'];

/** The refresh token survives reloads here; the access token lives only in memory. */
export const REFRESH_TOKEN_KEY = 'simplecrm.refresh_token';

// Refresh and logout are sent from here with fetch, not through the generated client: that client signs every
// request through this session, so a refresh through it would wait on itself (and retry its own 401).
const REFRESH_PATH = '/api/v1/auth/refresh';
const LOGOUT_PATH = '/api/v1/auth/logout';
const REFRESH_LOCK_NAME = 'simplecrm.auth.refresh';
/** A token this close to its expiry is refreshed before it is sent rather than risking a 401. */
const EXPIRY_SKEW_MS = 10_000;

export type SignOutReason = 'signedOut' | 'expired';

export type AuthState =
  /** A stored refresh token is being exchanged for an access token (app start). */
  | { status: 'starting' }
  /** `generation` changes with every new sign-in (not with a refresh), so per-user state can restart. */
  | { status: 'signedIn'; generation: number }
  | { status: 'signedOut'; reason?: SignOutReason }
  /** The server could not be reached while starting; the refresh token is kept for another try. */
  | { status: 'unreachable' };

/** The server refused the refresh token: the session is over and the user must sign in again. */
export class SessionEndedError extends Error {
  constructor() {
    super('The session has ended.');
    this.name = 'SessionEndedError';
  }
}

type TokenStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface AuthSessionOptions {
  fetch?: (request: Request) => Promise<Response>;
  storage?: TokenStorage;
  /** Only requests to this origin get the access token. */
  origin?: string;
  now?: () => number;
  /** Runs a refresh while no other tab refreshes: refresh tokens are single use. */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
}

/**
 * When to refresh an access token that lives `expiresInSeconds`: a minute before it expires, or at
 * 80% of its life for short-lived tokens.
 */
export function refreshDelayMs(expiresInSeconds: number): number {
  const lifetime = expiresInSeconds * 1000;
  return Math.max(lifetime - 60_000, lifetime * 0.8);
}

function crossTabLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? (locks.request(REFRESH_LOCK_NAME, task) as Promise<T>) : task();
}

/**
 * A copy whose body is bytes rather than a stream: the browser then sends it with a Content-Length (streamed
 * uploads are not what the API expects, and tools cannot see their bodies), and it can be cloned for a retry.
 */
async function buffered(request: Request): Promise<Request> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === null) return request;
  const body = await request.arrayBuffer();
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    signal: request.signal,
    credentials: request.credentials,
  });
}

/**
 * fetch(url, init) rather than fetch(Request): Chromium treats a Request's body as a stream upload, which
 * browser tooling (and Playwright) cannot read back; an ArrayBuffer body in init is a plain upload.
 */
async function sendAsPlainFetch(request: Request): Promise<Response> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  return globalThis.fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    signal: request.signal,
    credentials: request.credentials,
  });
}

function withBearer(request: Request, token: string): Request {
  request.headers.set('Authorization', `Bearer ${token}`);
  return request;
}

/**
 * The signed-in session: the access token in memory, the refresh token in localStorage. It refreshes
 * the access token shortly before it expires, and once when the server answers 401 (then repeats the
 * request once). When the server refuses the refresh token the session ends with reason "expired".
 */
export class AuthSession {
  private state: AuthState;
  private accessToken: string | undefined;
  private expiresAt = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<string> | undefined;
  private generation = 0;
  /** Bumped by every sign-in and sign-out, so a refresh that was under way then is discarded. */
  private epoch = 0;
  private started = false;
  private readonly listeners = new Set<() => void>();
  private readonly send: (request: Request) => Promise<Response>;
  private readonly storage: TokenStorage | undefined;
  private readonly origin: string;
  private readonly now: () => number;
  private readonly lock: <T>(task: () => Promise<T>) => Promise<T>;

  constructor(options: AuthSessionOptions = {}) {
    // Look fetch up on every call rather than once, so tests can stub it after this module loads.
    this.send = options.fetch ?? sendAsPlainFetch;
    this.storage = options.storage ?? globalThis.localStorage;
    this.origin = options.origin ?? globalThis.location?.origin ?? '';
    this.now = options.now ?? Date.now;
    this.lock = options.lock ?? crossTabLock;
    this.state = this.readRefreshToken() ? { status: 'starting' } : { status: 'signedOut' };
  }

  getState = (): AuthState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** App start: exchanges a stored refresh token for an access token. Calling it again does nothing. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.followOtherTabs();
    if (this.state.status === 'starting') void this.refresh().catch(() => undefined);
  }

  /** After "server unreachable" at start: try the stored refresh token again. */
  retryStart(): void {
    if (this.state.status !== 'unreachable') return;
    this.setState({ status: 'starting' });
    void this.refresh().catch(() => undefined);
  }

  /** Tokens from sign-in, MFA or an accepted invitation: a new session begins. */
  signIn(tokens: Tokens): void {
    this.epoch += 1;
    this.storeTokens(tokens);
    this.generation += 1;
    this.setState({ status: 'signedIn', generation: this.generation });
  }

  /** A new access token (and refresh token). Concurrent callers share one request. */
  refresh(): Promise<string> {
    this.refreshing ??= this.lock(() => this.exchangeRefreshToken()).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The access token for a request, refreshed first when it has (nearly) expired; undefined when signed out. */
  async getAccessToken(): Promise<string | undefined> {
    if (this.refreshing) return this.refreshing.catch(() => undefined);
    if (this.accessToken !== undefined && this.now() < this.expiresAt - EXPIRY_SKEW_MS) return this.accessToken;
    if (this.state.status === 'signedOut') return undefined;
    return this.refresh().catch(() => undefined);
  }

  /**
   * fetch with `Authorization: Bearer`. A 401 triggers one refresh (shared with concurrent requests)
   * and one retry; if the refresh is refused the session ends and the 401 is returned.
   */
  fetch = async (original: Request): Promise<Response> => {
    if (!this.isOwnOrigin(original.url)) return this.send(original);
    const request = await buffered(original);
    const token = await this.getAccessToken();
    if (token === undefined) return this.send(request);

    const retry = request.clone();
    const response = await this.send(withBearer(request, token));
    if (response.status !== 401) return response;

    let freshToken: string;
    try {
      // Another request may have refreshed meanwhile: then its token is used, not another refresh.
      freshToken = this.accessToken !== undefined && this.accessToken !== token ? this.accessToken : await this.refresh();
    } catch {
      return response;
    }
    return this.send(withBearer(retry, freshToken));
  };

  /** Ends this session on the server (best effort) and here. */
  async signOut(): Promise<void> {
    const refreshToken = this.readRefreshToken();
    if (refreshToken && this.state.status === 'signedIn') {
      try {
        await this.fetch(
          new Request(`${this.origin}${LOGOUT_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ refresh_token: refreshToken }),
          }),
        );
      } catch {
        // Signed out here anyway; the server's session expires on its own.
      }
    }
    this.end('signedOut');
  }

  /** Forgets the tokens without asking the server (after logout-all, or when the server ended the session). */
  end(reason: SignOutReason = 'signedOut'): void {
    this.epoch += 1;
    this.clearRefreshTimer();
    this.accessToken = undefined;
    this.expiresAt = 0;
    try {
      this.storage?.removeItem(REFRESH_TOKEN_KEY);
    } catch {
      // Storage unavailable: nothing was kept there either.
    }
    if (this.state.status !== 'signedOut') this.setState({ status: 'signedOut', reason });
  }

  private async exchangeRefreshToken(): Promise<string> {
    const epoch = this.epoch;
    const refreshToken = this.readRefreshToken();
    if (!refreshToken) {
      this.end('expired');
      throw new SessionEndedError();
    }

    let response: Response;
    let tokens: Tokens | undefined;
    try {
      response = await this.send(
        new Request(`${this.origin}${REFRESH_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: refreshToken }),
        }),
      );
      if (response.ok) tokens = (await response.json()) as Tokens;
    } catch (error) {
      this.markUnreachable();
      throw error;
    }

    // Signed out or in again while this was under way: its answer belongs to no current session.
    if (epoch !== this.epoch) throw new SessionEndedError();

    if (!response.ok) {
      // Unknown, expired or reused token (400/401/403): over. Rate limits and server errors may pass.
      const refused = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
      if (refused) {
        this.end('expired');
        throw new SessionEndedError();
      }
      this.markUnreachable();
      throw new Error(`Refreshing the session failed with status ${response.status}.`);
    }

    if (!tokens?.access_token) {
      this.markUnreachable();
      throw new Error('The refresh answer carried no access token.');
    }
    this.storeTokens(tokens);
    if (this.state.status !== 'signedIn') {
      this.generation += 1;
      this.setState({ status: 'signedIn', generation: this.generation });
    }
    return tokens.access_token;
  }

  private storeTokens(tokens: Tokens): void {
    this.accessToken = tokens.access_token;
    this.expiresAt = this.now() + tokens.expires_in * 1000;
    try {
      this.storage?.setItem(REFRESH_TOKEN_KEY, tokens.refresh_token);
    } catch {
      // Without storage the session lasts as long as the page.
    }
    this.clearRefreshTimer();
    this.refreshTimer = setTimeout(() => void this.refresh().catch(() => undefined), refreshDelayMs(tokens.expires_in));
  }

  private clearRefreshTimer(): void {
    if (this.refreshTimer !== undefined) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  private readRefreshToken(): string | null {
    try {
      return this.storage?.getItem(REFRESH_TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  }

  private markUnreachable(): void {
    if (this.state.status === 'starting') this.setState({ status: 'unreachable' });
  }

  private isOwnOrigin(url: string): boolean {
    try {
      return new URL(url).origin === new URL(this.origin || url).origin;
    } catch {
      return false;
    }
  }

  /** Signing out in another tab removes the shared refresh token: this tab follows. */
  private followOtherTabs(): void {
    if (typeof window === 'undefined') return;
    window.addEventListener('storage', (event) => {
      const removed = (event.key === REFRESH_TOKEN_KEY || event.key === null) && !this.readRefreshToken();
      if (removed && this.state.status === 'signedIn') this.end('signedOut');
    });
  }

  private setState(state: AuthState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

/** The app's one session; the API client, plain fetches and the SignalR connection all use it. */
export const authSession = new AuthSession();
