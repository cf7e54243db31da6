/** The part of a SignalR HubConnection the customer page calls; tests pass a fake. */
export interface HubInvoker {
  readonly state: string;
  invoke(methodName: string, ...args: unknown[]): Promise<unknown>;
}

/**
 * Calls a hub method without ever throwing: the hub may be disconnected, reconnecting, or (during a rollout) not
 * know the method yet. Answers whether the call went through, for callers that follow up on success.
 */
export async function callHub(connection: HubInvoker | undefined, method: string, ...args: unknown[]): Promise<boolean> {
  if (!connection || connection.state !== 'Connected') return false;
  try {
    await connection.invoke(method, ...args);
    return true;
  } catch {
    return false;
  }
}
