import { describe, expect, it } from 'vitest';
import { activity } from '../activities/activityFixtures';
import { readTaskView, taskViewQuery, withTaskCompleted } from './taskApi';

const AT = '2025-03-10T12:00:00.000Z';

function pages(...items: ReturnType<typeof activity>[][]) {
  return {
    pages: items.map((pageItems, index) => ({ items: pageItems, next_cursor: index < items.length - 1 ? `c${index}` : null, total: index === 0 ? 3 : null })),
    pageParams: items.map((_, index) => (index === 0 ? null : `c${index - 1}`)),
  };
}

describe('withTaskCompleted', () => {
  const a = activity({ id: 'a' });
  const b = activity({ id: 'b' });
  const c = activity({ id: 'c' });

  it('takes the task out of a pending tab, on whichever page it is, and lowers the total', () => {
    const next = withTaskCompleted('open', pages([a, b], [c]), c, AT);
    expect(next.pages.map((page) => page.items.map((item) => item.id))).toEqual([['a', 'b'], []]);
    expect(next.pages[0]!.total).toBe(2);
  });

  it('puts it first in the completed tab, marked completed', () => {
    const next = withTaskCompleted('completed', pages([a], [b]), c, AT);
    expect(next.pages[0]!.items[0]).toMatchObject({ id: 'c', status: 'completed', completed_at: AT, overdue: false });
    expect(next.pages[0]!.total).toBe(4);
  });

  it('changes nothing when the task is not there (or already there)', () => {
    const data = pages([a, b]);
    expect(withTaskCompleted('open', data, c, AT)).toBe(data);
    expect(withTaskCompleted('completed', data, a, AT)).toBe(data);
  });
});

describe('task views', () => {
  it('maps each tab to its query', () => {
    expect(taskViewQuery('open')).toEqual({ status: 'pending' });
    expect(taskViewQuery('overdue')).toEqual({ overdue: true });
    expect(taskViewQuery('completed')).toEqual({ status: 'completed', sort: '-updated_at' });
  });

  it('reads the tab from the URL, open by default', () => {
    expect(readTaskView(new URLSearchParams('view=overdue'))).toBe('overdue');
    expect(readTaskView(new URLSearchParams('view=everything'))).toBe('open');
    expect(readTaskView(new URLSearchParams())).toBe('open');
  });
});
