import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { useAuthSession, useAuthState } from '../auth/AuthProvider';
import type { AuthSession } from '../auth/session';
import { bindCustomerInvalidation, invalidationsAfterReconnect } from './customerInvalidation';

export type RealtimeStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

interface RealtimeState {
  status: RealtimeStatus;
  /** The signed-in user's connection; undefined while signed out. */
  connection: HubConnection | undefined;
  /** Grows by one on every (re)connect after the first, so views can subscribe again and refetch. */
  reconnects: number;
}

const RealtimeContext = createContext<RealtimeState | undefined>(undefined);

export const HUB_PATH = '/hubs/crm';
const RESTART_DELAYS_MS = [0, 2_000, 5_000, 10_000, 30_000];

/**
 * The hub authenticates like the API: the access token goes in the Authorization header where it
 * can, and as ?access_token= for WebSockets (browsers cannot set headers there). The factory runs
 * on every (re)connect, so a refreshed token is used.
 */
function createConnection(session: AuthSession): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(HUB_PATH, { accessTokenFactory: async () => (await session.getAccessToken()) ?? '' })
    .withAutomaticReconnect()
    .configureLogging(LogLevel.Warning)
    .build();
}

/**
 * One SignalR connection for the whole app, open while someone is signed in (a new one for each
 * sign-in, as the token decides the workspace). Pushes invalidate the matching queries; a reconnect
 * refetches everything about customers, since pushes may have been missed meanwhile. The automatic
 * reconnect only covers a connection that was up: the first start, and a connection that gave up,
 * are retried here with a growing delay.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const session = useAuthSession();
  const authState = useAuthState();
  const signedInGeneration = authState.status === 'signedIn' ? authState.generation : undefined;
  const [status, setStatus] = useState<RealtimeStatus>('connecting');
  const [connection, setConnection] = useState<HubConnection | undefined>(undefined);
  const [reconnects, setReconnects] = useState(0);

  useEffect(() => {
    if (signedInGeneration === undefined) {
      setStatus('offline');
      setConnection(undefined);
      return;
    }
    const connection = createConnection(session);
    setConnection(connection);
    const unbind = bindCustomerInvalidation(connection, queryClient);
    let stopped = false;
    let attempt = 0;
    let everConnected = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const start = async () => {
      if (stopped) return;
      setStatus('connecting');
      try {
        await connection.start();
        if (stopped) return;
        setStatus('connected');
        // Coming back after an outage: what happened meanwhile was not pushed.
        if (everConnected) {
          for (const queryKey of invalidationsAfterReconnect()) void queryClient.invalidateQueries({ queryKey });
          setReconnects((count) => count + 1);
        }
        everConnected = true;
        attempt = 0;
      } catch {
        if (stopped) return;
        setStatus('offline');
        const delay = RESTART_DELAYS_MS[Math.min(attempt, RESTART_DELAYS_MS.length - 1)]!;
        attempt += 1;
        retryTimer = setTimeout(() => void start(), Math.max(delay, 1_000));
      }
    };

    connection.onreconnecting(() => setStatus('reconnecting'));
    connection.onreconnected(() => {
      setStatus('connected');
      setReconnects((count) => count + 1);
    });
    connection.onclose(() => {
      if (stopped) return;
      setStatus('offline');
      retryTimer = setTimeout(() => void start(), RESTART_DELAYS_MS[1]);
    });

    void start();
    return () => {
      stopped = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      unbind();
      void connection.stop();
    };
  }, [queryClient, session, signedInGeneration]);

  return <RealtimeContext.Provider value={{ status, connection, reconnects }}>{children}</RealtimeContext.Provider>;
}

/** The live connection's state, or undefined where no provider runs (unit tests). */
export function useRealtimeStatus(): RealtimeStatus | undefined {
  return useContext(RealtimeContext)?.status;
}

/**
 * The hub connection (undefined while signed out or where no provider runs) and a counter that
 * grows on every reconnect: effects that subscribe to something on the hub list both as
 * dependencies, so they subscribe again and refetch after an outage.
 */
export function useHubConnection(): { connection: HubConnection | undefined; connected: boolean; reconnects: number } {
  const state = useContext(RealtimeContext);
  return {
    connection: state?.connection,
    connected: state?.status === 'connected',
    reconnects: state?.reconnects ?? 0,
  };
}

/**
 * Calls `handler` for every `event` the hub pushes while the component is mounted. The latest
 * handler is used without re-registering, so callers need not memoise it.
 */
export function useHubEvent<T>(event: string, handler: (payload: T) => void): void {
  const { connection } = useHubConnection();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!connection) return;
    const listener = (payload: unknown) => latest.current(payload as T);
    connection.on(event, listener);
    return () => connection.off(event, listener);
  }, [connection, event]);
}
