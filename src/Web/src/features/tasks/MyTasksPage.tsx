import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CircleCheckBig, ListTodo } from 'lucide-react';
import { ApiError } from '../../api/problemDetails';
import { useMe } from '../../auth/useMe';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { Tabs } from '../../components/Tabs';
import { useLocaleFormatters } from '../../i18n/format';
import { useHubEvent } from '../../realtime/RealtimeProvider';
import { useCustomerNames, type Activity } from '../activities/activityApi';
import { isActivityChangedEvent, useActivityFeed, useLiveInvalidation } from '../activities/liveRefresh';
import { NOTIFICATION_EVENT } from '../notifications/notificationApi';
import { readTaskView, TASK_VIEWS, taskKeys, useCompleteMyTask, useMyTaskCount, useMyTasks, type TaskView } from './taskApi';
import { groupTasksByDue, type TaskGroup } from './taskGrouping';
import { TaskItem } from './TaskItem';

/** The clock, re-read every `intervalMs`, so tasks move under Overdue when their time passes. */
function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** /tasks: the signed-in member's tasks under Overdue / Today / Upcoming, completed with one click. */
export function MyTasksPage() {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const me = useMe().data;
  const [searchParams, setSearchParams] = useSearchParams();
  const view = readTaskView(searchParams);
  const tasks = useMyTasks(view);
  const openCount = useMyTaskCount('open');
  const overdueCount = useMyTaskCount('overdue');
  const canWrite = usePermission('customers.write');
  const complete = useCompleteMyTask();
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState<{ subject: string; error: unknown }>();
  const now = useNow();

  // A reminder fired (a task fell due) or someone created, changed or completed a task: the lists and counts may have changed.
  const refresh = useLiveInvalidation([taskKeys.all]);
  useHubEvent<unknown>(NOTIFICATION_EVENT, () => refresh());
  useActivityFeed((payload) => {
    if (isActivityChangedEvent(payload) && payload.type === 'task') refresh();
  });

  const items = (tasks.data?.pages.flatMap((page) => page.items) ?? []).filter(
    // An optimistically completed task leaves the pending tabs at once.
    (task) => view === 'completed' || task.status === 'pending',
  );
  const total = tasks.data?.pages[0]?.total ?? undefined;
  const customerNames = useCustomerNames(items.map((task) => task.customer_id));

  const completeTask = (task: Activity) => {
    const subject = task.subject || t('activities.noSubject');
    setFailure(undefined);
    setAnnouncement('');
    complete.mutate(task, {
      onSuccess: () => setAnnouncement(t('tasks.completed', { subject })),
      onError: (error) => setFailure({ subject, error }),
    });
  };

  const count = (query: { data?: number }) => (query.data === undefined ? undefined : format.count(query.data));
  const tabs = TASK_VIEWS.map((key) => ({
    key,
    label: t(`tasks.tabs.${key}`),
    badge: key === 'open' ? count(openCount) : key === 'overdue' ? count(overdueCount) : undefined,
  }));
  const allTasksLink = me ? `/activities?type=task&assigned_to=${encodeURIComponent(me.id)}` : '/activities?type=task';

  return (
    <>
      <PageHeader
        title={t('tasks.title')}
        description={t('tasks.description')}
        actions={
          <Link to={allTasksLink} className={buttonClasses('secondary')}>
            <ListTodo aria-hidden="true" className="size-4" />
            {t('tasks.allActivities')}
          </Link>
        }
      />

      <p role="status" className="sr-only">
        {announcement}
      </p>
      {failure && (
        <div className="mb-4">
          <Alert
            tone="error"
            action={
              <Button variant="ghost" onClick={() => setFailure(undefined)}>
                {t('common.dismiss')}
              </Button>
            }
          >
            <p className="font-semibold">{t('activities.complete.failed', { subject: failure.subject })}</p>
            <p>
              {failure.error instanceof ApiError
                ? (failure.error.problem.detail ?? failure.error.problem.title ?? t('common.unexpectedError'))
                : t('common.networkError')}
            </p>
          </Alert>
        </div>
      )}

      <Tabs
        label={t('tasks.tabs.label')}
        tabs={tabs}
        selected={view}
        onSelect={(key: TaskView) =>
          setSearchParams(
            (current) => {
              const next = new URLSearchParams(current);
              if (key === 'open') next.delete('view');
              else next.set('view', key);
              return next;
            },
            { replace: true },
          )
        }
      >
        {tasks.isPending ? (
          <LoadingState />
        ) : tasks.isError && items.length === 0 ? (
          <ErrorState message={t('tasks.loadError')} error={tasks.error} onRetry={() => void tasks.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<CircleCheckBig aria-hidden="true" className="size-6" />}
            title={t(`tasks.empty.${view}.title`)}
            description={t(`tasks.empty.${view}.description`)}
          />
        ) : (
          <>
            {view === 'completed' ? (
              <TaskList tasks={items} customerNames={customerNames} />
            ) : (
              <div className="space-y-6">
                {groupTasksByDue(items, now).map(({ group, tasks: grouped }) => (
                  <TaskGroupSection
                    key={group}
                    group={group}
                    tasks={grouped}
                    customerNames={customerNames}
                    onComplete={canWrite ? completeTask : undefined}
                  />
                ))}
              </div>
            )}
            <ListFooter
              list={tasks}
              loadErrorMessage={t('tasks.loadError')}
              shownText={
                total != null && total > items.length
                  ? t('activities.shown', { shown: format.count(items.length), total: format.count(total) })
                  : undefined
              }
            />
          </>
        )}
      </Tabs>
    </>
  );
}

interface TaskGroupSectionProps {
  group: TaskGroup;
  tasks: readonly Activity[];
  customerNames: ReadonlyMap<string, string>;
  onComplete?: (task: Activity) => void;
}

function TaskGroupSection({ group, tasks, customerNames, onComplete }: TaskGroupSectionProps) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2
        id={headingId}
        className={`mb-2 flex items-center gap-2 text-sm font-semibold uppercase tracking-wide ${group === 'overdue' ? 'text-red-700' : 'text-slate-600'}`}
      >
        {t(`tasks.groups.${group}`)}
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{format.count(tasks.length)}</span>
      </h2>
      <TaskList tasks={tasks} customerNames={customerNames} onComplete={onComplete} timeOnly={group === 'today'} />
    </section>
  );
}

function TaskList({
  tasks,
  customerNames,
  onComplete,
  timeOnly,
}: {
  tasks: readonly Activity[];
  customerNames: ReadonlyMap<string, string>;
  onComplete?: (task: Activity) => void;
  timeOnly?: boolean;
}) {
  return (
    <ul className="space-y-2">
      {tasks.map((task) => (
        <TaskItem
          key={task.id}
          task={task}
          customerName={customerNames.get(task.customer_id)}
          onComplete={onComplete}
          timeOnly={timeOnly}
        />
      ))}
    </ul>
  );
}
