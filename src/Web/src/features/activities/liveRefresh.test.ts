import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBatcher, isActivityChangedEvent } from './liveRefresh';

afterEach(() => {
  vi.useRealTimers();
});

describe('createBatcher', () => {
  it('flushes once for pushes within the window, then again for later ones', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const batcher = createBatcher(flush, 250);
    batcher.push();
    batcher.push();
    vi.advanceTimersByTime(200);
    batcher.push();
    expect(flush).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(flush).toHaveBeenCalledTimes(1);
    batcher.push();
    vi.advanceTimersByTime(250);
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it('drops a pending flush when cancelled', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const batcher = createBatcher(flush, 250);
    batcher.push();
    batcher.cancel();
    vi.advanceTimersByTime(1_000);
    expect(flush).not.toHaveBeenCalled();
  });
});

describe('isActivityChangedEvent', () => {
  it('accepts the hub payload and rejects anything else', () => {
    const event = {
      activity_id: 'a1',
      customer_id: 'c1',
      kind: 'activity.completed',
      type: 'task',
      subject: 'Call back',
      created_by: null,
      timeline_entry_id: 7,
      occurred_at: '2025-03-01T10:00:00Z',
    };
    expect(isActivityChangedEvent(event)).toBe(true);
    expect(isActivityChangedEvent({ ...event, type: 'fax' })).toBe(false);
    expect(isActivityChangedEvent({ ...event, activity_id: '' })).toBe(false);
    expect(isActivityChangedEvent(null)).toBe(false);
    expect(isActivityChangedEvent('ActivityCreated')).toBe(false);
  });
});
