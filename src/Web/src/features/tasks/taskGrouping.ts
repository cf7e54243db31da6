import type { Activity } from '../activities/activityApi';

/** The headings of My tasks, in the order they are shown. */
export const TASK_GROUPS = ['overdue', 'today', 'upcoming', 'earlier', 'noDue'] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];

export interface TaskGroupItems<T> {
  group: TaskGroup;
  tasks: T[];
}

type Groupable = Pick<Activity, 'status' | 'due_at'>;

function sameLocalDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/**
 * Where a task belongs, by its due time in the viewer's time zone: a pending task past due is
 * overdue; one due later today is today; later days are upcoming. Tasks that are no longer
 * pending cannot be overdue: a past due time puts them under earlier (or today). Tasks always have
 * a due time, but one without it is not lost.
 */
export function taskGroupOf(task: Groupable, now: Date): TaskGroup {
  if (!task.due_at) return 'noDue';
  const due = new Date(task.due_at);
  if (Number.isNaN(due.getTime())) return 'noDue';
  if (due.getTime() < now.getTime()) {
    if (task.status === 'pending') return 'overdue';
    return sameLocalDay(due, now) ? 'today' : 'earlier';
  }
  return sameLocalDay(due, now) ? 'today' : 'upcoming';
}

/** The tasks under their headings, in TASK_GROUPS order, keeping the list's order within each; empty groups left out. */
export function groupTasksByDue<T extends Groupable>(tasks: readonly T[], now: Date = new Date()): TaskGroupItems<T>[] {
  const buckets = new Map<TaskGroup, T[]>();
  for (const task of tasks) {
    const group = taskGroupOf(task, now);
    const bucket = buckets.get(group);
    if (bucket) bucket.push(task);
    else buckets.set(group, [task]);
  }
  return TASK_GROUPS.filter((group) => buckets.has(group)).map((group) => ({ group, tasks: buckets.get(group)! }));
}
