import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Check, CircleCheck } from 'lucide-react';
import { useLocaleFormatters } from '../../i18n/format';
import type { Activity } from '../activities/activityApi';
import { DueTime } from '../activities/activityPresentation';

interface TaskItemProps {
  task: Activity;
  customerName: string | undefined;
  /** Left out for users who may not change activities, and for tasks that are done. */
  onComplete?: (task: Activity) => void;
  /** Due today: the time says enough. */
  timeOnly?: boolean;
}

/** One task as a card: a round "complete" button, the subject, its customer and when it is (or was) due. */
export function TaskItem({ task, customerName, onComplete, timeOnly }: TaskItemProps) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const subject = task.subject || t('activities.noSubject');
  const done = task.status === 'completed';

  return (
    <li className="flex items-start gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      {done ? (
        <CircleCheck aria-hidden="true" className="mt-0.5 size-6 shrink-0 text-emerald-600" />
      ) : onComplete ? (
        <button
          type="button"
          onClick={() => onComplete(task)}
          aria-label={t('tasks.completeLabel', { subject })}
          title={t('tasks.complete')}
          className="group mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full ring-2 ring-inset ring-slate-400 hover:bg-emerald-50 hover:ring-emerald-600"
        >
          <Check aria-hidden="true" className="size-4 text-transparent group-hover:text-emerald-700" />
        </button>
      ) : (
        <span aria-hidden="true" className="mt-0.5 size-6 shrink-0 rounded-full ring-2 ring-inset ring-slate-300" />
      )}
      <div className="flex min-w-0 flex-1 flex-col gap-1.5 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
        <div className="min-w-0">
          <p className={`break-words font-medium ${done ? 'text-slate-600 line-through decoration-slate-400' : 'text-slate-900'}`}>{subject}</p>
          <p className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
            <Link
              to={`/customers/${task.customer_id}`}
              className="rounded font-medium text-indigo-700 hover:text-indigo-900 hover:underline"
            >
              {customerName ?? t('activities.table.openCustomer')}
            </Link>
            {task.description && (
              <>
                <span aria-hidden="true">·</span>
                <span className="min-w-0 max-w-full truncate sm:max-w-md" title={task.description}>
                  {task.description}
                </span>
              </>
            )}
          </p>
        </div>
        <div className="text-sm text-slate-700 sm:shrink-0 sm:text-right">
          {done ? (
            task.completed_at && (
              <time dateTime={task.completed_at} className="whitespace-nowrap text-slate-600">
                {t('tasks.completedAt', { time: format.dateTime(task.completed_at) })}
              </time>
            )
          ) : (
            <>
              <span className="sr-only">{t('tasks.due')} </span>
              <DueTime activity={task} timeOnly={timeOnly} />
            </>
          )}
        </div>
      </div>
    </li>
  );
}
