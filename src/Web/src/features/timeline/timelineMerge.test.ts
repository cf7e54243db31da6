import { describe, expect, it } from 'vitest';
import { compareNewestFirst, freshArrivals, instantKey, mergeTimeline } from './timelineMerge';

const entry = (id: number, occurred_at: string) => ({ id, occurred_at });
const ids = (list: readonly { id: number }[]) => list.map((item) => item.id);

describe('instantKey', () => {
  it('keeps the microseconds Date would drop', () => {
    expect(instantKey('2026-11-28T08:51:29.200957+00:00') - instantKey('2026-11-28T08:51:29.200956+00:00')).toBe(1);
    expect(instantKey('2026-11-28T08:51:29.2Z')).toBe(instantKey('2026-11-28T08:51:29.200000+00:00'));
  });

  it('reads offsets and times without fractions', () => {
    expect(instantKey('2026-11-28T09:51:29+01:00')).toBe(instantKey('2026-11-28T08:51:29Z'));
  });
});

describe('compareNewestFirst', () => {
  it('puts the later entry first, and the higher id first at the same instant', () => {
    const older = entry(9, '2026-01-01T10:00:00.000001Z');
    const newer = entry(1, '2026-01-01T10:00:00.000002Z');
    expect([older, newer].sort(compareNewestFirst)).toEqual([newer, older]);
    const same = '2026-01-01T10:00:00Z';
    expect(ids([entry(1, same), entry(3, same), entry(2, same)].sort(compareNewestFirst))).toEqual([3, 2, 1]);
  });
});

describe('mergeTimeline', () => {
  const shown = [entry(5, '2026-01-05T00:00:00Z'), entry(3, '2026-01-03T00:00:00Z'), entry(1, '2026-01-01T00:00:00Z')];

  it('inserts an entry at its place, even one arriving out of order', () => {
    expect(ids(mergeTimeline(shown, [entry(6, '2026-01-06T00:00:00Z')]))).toEqual([6, 5, 3, 1]);
    expect(ids(mergeTimeline(shown, [entry(4, '2026-01-04T00:00:00Z')]))).toEqual([5, 4, 3, 1]);
    expect(ids(mergeTimeline(shown, [entry(2, '2026-01-02T00:00:00Z')]))).toEqual([5, 3, 2, 1]);
  });

  it('ignores ids already shown and returns the same list when nothing is new', () => {
    const again = mergeTimeline(shown, [entry(3, '2026-01-03T00:00:00Z'), entry(5, '2026-01-05T00:00:00Z')]);
    expect(again).toBe(shown);
  });

  it('merges a refetched page by id, keeping entries that arrived meanwhile', () => {
    const live = mergeTimeline(shown, [entry(7, '2026-01-07T00:00:00Z')]);
    const page = [entry(6, '2026-01-06T00:00:00Z'), entry(5, '2026-01-05T00:00:00Z'), entry(3, '2026-01-03T00:00:00Z')];
    expect(ids(mergeTimeline(live, page))).toEqual([7, 6, 5, 3, 1]);
  });

  it('takes each id once even when a batch repeats it', () => {
    expect(ids(mergeTimeline([], [entry(2, '2026-01-02T00:00:00Z'), entry(2, '2026-01-02T00:00:00Z')]))).toEqual([2]);
  });
});

describe('freshArrivals', () => {
  const shown = [entry(5, '2026-01-05T00:00:00Z'), entry(3, '2026-01-03T00:00:00Z')];

  it('reports nothing for the first load', () => {
    expect(freshArrivals(undefined, shown)).toEqual([]);
  });

  it('reports new entries newer than the oldest shown, not older pages', () => {
    const next = [entry(6, '2026-01-06T00:00:00Z'), ...shown.slice(0, 1), entry(4, '2026-01-04T00:00:00Z'), shown[1]!, entry(2, '2026-01-02T00:00:00Z')];
    expect(freshArrivals(shown, next)).toEqual([6, 4]);
  });

  it('reports everything new when the timeline was empty', () => {
    expect(freshArrivals([], shown)).toEqual([5, 3]);
  });
});
