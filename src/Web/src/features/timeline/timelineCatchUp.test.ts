import { describe, expect, it, vi } from 'vitest';
import { catchUpTimeline, LATE_COMMIT_MS } from './timelineCatchUp';

const at = (id: number) => ({ id, occurred_at: new Date(Date.UTC(2026, 0, 1) + id * 1000).toISOString() });

/** A timeline of entries 1..total, newest first, served `size` per page. */
function pages(total: number, size: number) {
  const all = Array.from({ length: total }, (_, i) => at(total - i));
  return vi.fn(async (before: string | null) => {
    const start = before === null ? 0 : Number(before);
    const items = all.slice(start, start + size);
    return { items, next_cursor: start + size < all.length ? String(start + size) : null };
  });
}

describe('catchUpTimeline', () => {
  it('pages back past a gap longer than a page until it is LATE_COMMIT_MS behind the newest entry shown', async () => {
    const fetchPage = pages(40, 5);
    const shown = [at(28), at(27)];

    const found = await catchUpTimeline(fetchPage, shown);

    // Entries are a second apart: 18 s is ten behind the newest shown (28), and it is on the fifth page (20..16).
    expect(LATE_COMMIT_MS).toBe(10_000);
    expect(found.map((e) => e.id)).toEqual(expect.arrayContaining([40, 35, 30, 29, 28, 20, 16]));
    expect(fetchPage).toHaveBeenCalledTimes(5);
  });

  it('finds a write that committed after a newer entry was shown, past the page where the shown entry is', async () => {
    const fetchPage = pages(40, 5);
    // 31 was pushed and shown; 30 began earlier, committed later, and its push was lost with the connection.
    const shown = [at(31), at(29)];

    const found = await catchUpTimeline(fetchPage, shown);

    expect(found.map((e) => e.id)).toContain(30); // the page of 31 is 35..31; 30 is on the next one
  });

  it('fetches only the newest page when nothing is shown yet', async () => {
    const fetchPage = pages(40, 5);

    const found = await catchUpTimeline(fetchPage, []);

    expect(found.map((e) => e.id)).toEqual([40, 39, 38, 37, 36]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });

  it('stops at the end of the timeline and after the page limit', async () => {
    expect(await catchUpTimeline(pages(7, 5), [at(0)])).toHaveLength(7);
    const long = pages(100, 5);
    expect(await catchUpTimeline(long, [at(1)], 3)).toHaveLength(15);
    expect(long).toHaveBeenCalledTimes(3);
  });
});
