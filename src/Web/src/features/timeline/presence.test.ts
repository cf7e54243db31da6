import { describe, expect, it } from 'vitest';
import { isPresenceEvent, nameParts, otherViewers } from './presence';

const ana = { user_id: 'u-ana', name: 'Ana Ruiz', typing: false };
const me = { user_id: 'u-me', name: 'Ada Admin', typing: true };
const ben = { user_id: 'u-ben', name: 'Ben Ode', typing: true };

describe('otherViewers', () => {
  it('leaves the signed-in user out and keeps the hub order', () => {
    expect(otherViewers([ana, me, ben], 'u-me')).toEqual([ana, ben]);
  });

  it('shows nobody while the signed-in user is not known yet', () => {
    expect(otherViewers([ana, me], undefined)).toEqual([]);
  });

  it('lists each person once and drops malformed entries', () => {
    expect(otherViewers([ana, { ...ana, typing: true }, null, { name: 'No id' }, 'x'], 'u-me')).toEqual([ana]);
  });

  it('treats anything but true as not typing and names nameless people "?"', () => {
    expect(otherViewers([{ user_id: 'u-x', name: ' ', typing: 'yes' }], 'u-me')).toEqual([{ user_id: 'u-x', name: '?', typing: false }]);
  });
});

describe('isPresenceEvent', () => {
  it('accepts the contract shape only', () => {
    expect(isPresenceEvent({ customer_id: 'c1', viewers: [] })).toBe(true);
    expect(isPresenceEvent({ customer_id: 'c1' })).toBe(false);
    expect(isPresenceEvent(null)).toBe(false);
  });
});

describe('nameParts', () => {
  it('takes the first and the last word', () => {
    expect(nameParts('Ana María Ruiz')).toEqual({ firstName: 'Ana', lastName: 'Ruiz' });
    expect(nameParts('Cher')).toEqual({ firstName: 'Cher', lastName: '' });
    expect(nameParts('  ')).toEqual({ firstName: '', lastName: '' });
  });
});
