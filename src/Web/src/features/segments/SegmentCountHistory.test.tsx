import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';
import { daysBefore, todayIn } from './segmentCounts';

const ID = '0b7f6d2e-6a53-4bde-9d43-4f2c4b1c9aaa';

const segment = {
  id: ID,
  name: 'Germany VIPs',
  kind: 'static',
  rules: null,
  member_count: 2,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  version: 1,
};

describe('segment count history', () => {
  it('shows the members per day as a table and asks for a longer range when chosen', async () => {
    const { requests } = mockApi({
      [`GET /api/v1/segments/${ID}`]: () => jsonResponse(segment),
      [`GET /api/v1/segments/${ID}/members`]: () => jsonResponse({ items: [], next_cursor: null, total: 0 }),
      [`GET /api/v1/segments/${ID}/counts`]: (_request, url) =>
        jsonResponse({
          from: url.searchParams.get('from'),
          to: url.searchParams.get('to'),
          tz: url.searchParams.get('tz'),
          rows: [
            { day: '2026-10-24', member_count: 1 },
            { day: '2026-10-25', member_count: 1234 },
          ],
        }),
    });
    const user = userEvent.setup();
    renderApp(`/segments/${ID}`);

    const history = await screen.findByTestId('segment-count-history');
    await user.click(within(history).getByRole('button', { name: 'Show as table' }));
    const table = await within(history).findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows).toHaveLength(2);
    expect(rows[1]![1]).toBe('1,234');

    const counts = () => requests.filter((r) => new URL(r.url).pathname.endsWith('/counts')).map((r) => new URL(r.url).searchParams);
    const tz = counts()[0]!.get('tz')!;
    const today = todayIn(tz);
    expect(counts()[0]!.get('to')).toBe(today);
    expect(counts()[0]!.get('from')).toBe(daysBefore(today, 29));

    await user.click(within(history).getByRole('button', { name: 'Last 90 days' }));
    await waitFor(() => expect(counts().map((q) => q.get('from'))).toContain(daysBefore(today, 89)));
  });
});
