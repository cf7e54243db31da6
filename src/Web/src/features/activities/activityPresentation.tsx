import { useTranslation } from 'react-i18next';
import { AlarmClock, CalendarDays, CheckSquare, Mail, Phone, StickyNote, type LucideIcon } from 'lucide-react';
import { Badge, type BadgeTone } from '../../components/Badge';
import { useLocaleFormatters } from '../../i18n/format';
import type { Activity, ActivityType, TaskStatus } from './activityApi';

const typeIcons: Record<ActivityType, LucideIcon> = {
  email: Mail,
  call: Phone,
  meeting: CalendarDays,
  note: StickyNote,
  task: CheckSquare,
};

// -700/-800 on -100 backgrounds: the icon is decorative, its type is written next to it.
const typeColours: Record<ActivityType, string> = {
  email: 'bg-sky-100 text-sky-800',
  call: 'bg-emerald-100 text-emerald-800',
  meeting: 'bg-violet-100 text-violet-800',
  note: 'bg-amber-100 text-amber-800',
  task: 'bg-indigo-100 text-indigo-800',
};

/** The activity type's icon in a tinted circle (decorative). */
export function ActivityTypeIcon({ type, className = 'size-8' }: { type: ActivityType; className?: string }) {
  const Icon = typeIcons[type] ?? StickyNote;
  return (
    <span aria-hidden="true" className={`flex shrink-0 items-center justify-center rounded-full ${typeColours[type] ?? typeColours.note} ${className}`}>
      <Icon className="size-4" />
    </span>
  );
}

const statusTones: Record<TaskStatus, BadgeTone> = {
  pending: 'amber',
  completed: 'green',
  cancelled: 'slate',
};

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return <Badge tone={statusTones[status] ?? 'slate'}>{t(`activities.status.${status}`)}</Badge>;
}

/** Whether a task is pending past its due time (the server's flag, or the clock when it has none). */
export function isOverdue(activity: Pick<Activity, 'type' | 'status' | 'due_at' | 'overdue'>, now: Date = new Date()): boolean {
  if (activity.type !== 'task' || activity.status !== 'pending' || !activity.due_at) return false;
  // The server's flag was right when the list was read; the clock catches tasks that fell due since.
  return activity.overdue === true || new Date(activity.due_at).getTime() < now.getTime();
}

/**
 * "Mar 3, 9:00 AM" for this year, with the year otherwise: short enough for a table column. The
 * full date and time are in the title.
 */
export function compactDateTime(iso: string, locale: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale, {
    year: sameYear ? undefined : 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(date);
}

interface DueTimeProps {
  activity: Activity;
  /** Due today: the time says enough. */
  timeOnly?: boolean;
  /** In a table: the short date, and no "Overdue" label (the status column says it). */
  compact?: boolean;
}

/** A due time; overdue ones in red with a clock icon and the word "Overdue" (colour is never the only signal). */
export function DueTime({ activity, timeOnly = false, compact = false }: DueTimeProps) {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  if (!activity.due_at) return <span className="text-slate-600">—</span>;
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const overdue = isOverdue(activity);
  const text = timeOnly
    ? new Intl.DateTimeFormat(locale, { timeStyle: 'short' }).format(new Date(activity.due_at))
    : compact
      ? compactDateTime(activity.due_at, locale)
      : format.dateTime(activity.due_at);
  return (
    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap ${overdue ? 'font-medium text-red-700' : ''}`}>
      {overdue && <AlarmClock aria-hidden="true" className="size-4 shrink-0" />}
      <time dateTime={activity.due_at} title={format.dateTime(activity.due_at)}>
        {text}
      </time>
      {overdue &&
        (compact ? (
          <span className="sr-only">{t('activities.overdue')}</span>
        ) : (
          <span className="rounded bg-red-50 px-1.5 text-xs font-semibold uppercase tracking-wide">{t('activities.overdue')}</span>
        ))}
    </span>
  );
}

/** A task's state: "Overdue" (red) while pending past due, else its status; nothing for other activities. */
export function ActivityStatus({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  if (!activity.status) return <span className="text-slate-600">—</span>;
  if (isOverdue(activity)) return <Badge tone="red">{t('activities.overdue')}</Badge>;
  return <TaskStatusBadge status={activity.status} />;
}
