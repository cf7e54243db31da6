import { describe, expect, it } from 'vitest';
import { groupTasksByDue, taskGroupOf } from './taskGrouping';

// 2025-03-10 14:00 in the viewer's time zone (the test runner's).
const now = new Date(2025, 2, 10, 14, 0);
const at = (day: number, hour: number, minute = 0) => new Date(2025, 2, day, hour, minute).toISOString();

function task(id: string, due_at: string | null, status: 'pending' | 'completed' | 'cancelled' = 'pending') {
  return { id, due_at, status };
}

describe('taskGroupOf', () => {
  it('puts pending tasks past due under overdue, even earlier today', () => {
    expect(taskGroupOf(task('a', at(9, 9)), now)).toBe('overdue');
    expect(taskGroupOf(task('b', at(10, 13, 59)), now)).toBe('overdue');
  });

  it('puts the rest of today under today and later days under upcoming', () => {
    expect(taskGroupOf(task('a', at(10, 14, 1)), now)).toBe('today');
    expect(taskGroupOf(task('b', at(10, 23, 59)), now)).toBe('today');
    expect(taskGroupOf(task('c', at(11, 0, 0)), now)).toBe('upcoming');
    expect(taskGroupOf(task('d', new Date(2026, 0, 1).toISOString()), now)).toBe('upcoming');
  });

  it('never calls a task that is done overdue', () => {
    expect(taskGroupOf(task('a', at(9, 9), 'completed'), now)).toBe('earlier');
    expect(taskGroupOf(task('b', at(10, 9), 'cancelled'), now)).toBe('today');
  });

  it('keeps tasks without a (readable) due time', () => {
    expect(taskGroupOf(task('a', null), now)).toBe('noDue');
    expect(taskGroupOf(task('b', 'soon'), now)).toBe('noDue');
  });
});

describe('groupTasksByDue', () => {
  it('orders the groups Overdue, Today, Upcoming, No due date and keeps the list order inside each', () => {
    const tasks = [
      task('no-due', null),
      task('tomorrow', at(11, 9)),
      task('late-1', at(8, 9)),
      task('tonight', at(10, 20)),
      task('late-2', at(10, 8)),
      task('next-week', at(17, 9)),
    ];
    const groups = groupTasksByDue(tasks, now);
    expect(groups.map(({ group, tasks: items }) => [group, items.map((item) => item.id)])).toEqual([
      ['overdue', ['late-1', 'late-2']],
      ['today', ['tonight']],
      ['upcoming', ['tomorrow', 'next-week']],
      ['noDue', ['no-due']],
    ]);
  });

  it('leaves out empty groups', () => {
    expect(groupTasksByDue([], now)).toEqual([]);
    expect(groupTasksByDue([task('a', at(12, 9))], now).map(({ group }) => group)).toEqual(['upcoming']);
  });
});
