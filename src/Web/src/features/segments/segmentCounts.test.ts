import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyCountPush, daysBefore, todayIn } from './segmentCounts';
import { segmentKeys, type Segment } from './segmentsApi';

function segment(id: string, memberCount: number): Segment {
  return {
    id,
    name: `Segment ${id}`,
    kind: 'dynamic',
    rules: null,
    member_count: memberCount,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    version: 1,
  } as Segment;
}

describe('live segment counts', () => {
  it('puts a pushed count into the cached list and the cached segment, leaving the others', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(segmentKeys.list, { items: [segment('a', 1), segment('b', 5)] });
    queryClient.setQueryData(segmentKeys.detail('a'), segment('a', 1));

    applyCountPush(queryClient, { segment_id: 'a', member_count: 42 });

    const list = queryClient.getQueryData<{ items: Segment[] }>(segmentKeys.list)!;
    expect(list.items.map((s) => [s.id, s.member_count])).toEqual([['a', 42], ['b', 5]]);
    expect(queryClient.getQueryData<Segment>(segmentKeys.detail('a'))!.member_count).toBe(42);
  });

  it('caches nothing for a segment no screen has loaded', () => {
    const queryClient = new QueryClient();
    applyCountPush(queryClient, { segment_id: 'z', member_count: 3 });
    expect(queryClient.getQueryData(segmentKeys.detail('z'))).toBeUndefined();
    expect(queryClient.getQueryData(segmentKeys.list)).toBeUndefined();
  });
});

describe('count history range', () => {
  it('counts back calendar days across months and leap days', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2028-03-01', 1)).toBe('2028-02-29');
    expect(daysBefore('2026-12-06', 29)).toBe('2026-11-07');
    expect(daysBefore('2026-12-06', 364)).toBe('2025-12-07');
  });

  it("takes today's date where the viewer is", () => {
    const instant = new Date('2026-10-25T22:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2026-10-25');
    expect(todayIn('Europe/Berlin', instant)).toBe('2026-10-25');
    expect(todayIn('Asia/Tokyo', instant)).toBe('2026-10-26');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2026-10-25');
  });
});
