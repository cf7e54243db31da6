/** One person viewing a customer, as the hub's Presence event lists them (docs/realtime.md, "Presence"). */
export interface Viewer {
  user_id: string;
  name: string;
  typing: boolean;
}

export interface PresenceEvent {
  customer_id: string;
  viewers: Viewer[];
}

export const PRESENCE = 'Presence';

export function isPresenceEvent(payload: unknown): payload is PresenceEvent {
  if (typeof payload !== 'object' || payload === null) return false;
  const { customer_id: customerId, viewers } = payload as Record<string, unknown>;
  return typeof customerId === 'string' && Array.isArray(viewers);
}

/**
 * The people to show: everyone in the list but the signed-in user (the hub includes them), in the hub's order
 * (who came first), each person once, malformed entries dropped. Nobody is shown while the user is not known yet,
 * rather than showing them to themselves.
 */
export function otherViewers(viewers: readonly unknown[], meId: string | undefined): Viewer[] {
  if (!meId) return [];
  const seen = new Set<string>();
  const others: Viewer[] = [];
  for (const item of viewers) {
    if (typeof item !== 'object' || item === null) continue;
    const { user_id: userId, name, typing } = item as Record<string, unknown>;
    if (typeof userId !== 'string' || userId === meId || seen.has(userId)) continue;
    seen.add(userId);
    others.push({ user_id: userId, name: typeof name === 'string' && name.trim() !== '' ? name.trim() : '?', typing: typing === true });
  }
  return others;
}

/** "Ana María Ruiz" → first "Ana", last "Ruiz", for the initials of an avatar. */
export function nameParts(name: string): { firstName: string; lastName: string } {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstName: '', lastName: '' };
  if (words.length === 1) return { firstName: words[0]!, lastName: '' };
  return { firstName: words[0]!, lastName: words.at(-1)! };
}
