import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ListTodo, X } from 'lucide-react';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { useUrlFilters } from '../../components/useUrlFilters';
import { FilterToggle, useFilterPanel } from '../../components/FilterToggle';
import { ListFooter } from '../../components/ListFooter';
import { PageHeader } from '../../components/PageHeader';
import { ListStates } from '../../components/ListStates';
import { ApiError } from '../../api/problemDetails';
import { useLocaleFormatters } from '../../i18n/format';
import { activityKeys, useActivityList, useCompleteActivity, useCustomerNames, useTeamMembers, type Activity } from './activityApi';
import { activityApiSort, activityFilters } from './activityFilters';
import { ActivityFilterBar } from './ActivityFilterBar';
import { ActivityTable } from './ActivityTable';
import { isActivityChangedEvent, useActivityFeed, useLiveInvalidation } from './liveRefresh';

const FILTER_PANEL_ID = 'activity-filters';

/** /activities: the team's emails, calls, meetings, notes and tasks, filtered through the URL, live. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const { filters, update: updateFilters } = useUrlFilters(activityFilters);
  const apiFilter = useMemo(() => activityFilters.apiQuery(filters), [filters]);
  const sort = activityApiSort(filters);
  const list = useActivityList({ filter: apiFilter, sort });
  // The panel's filters: the customer, which arrives through a link, is shown apart.
  const panelFilters = activityFilters.activeCount(filters, ['customerId']);
  const filterPanel = useFilterPanel(panelFilters > 0);
  const canWrite = usePermission('customers.write');
  const team = useTeamMembers();
  const complete = useCompleteActivity();
  const [completeError, setCompleteError] = useState<{ subject: string; error: unknown }>();

  // Someone logged, changed or completed an activity (here or on another screen): refetch the list, batched.
  const refresh = useLiveInvalidation([activityKeys.lists]);
  useActivityFeed((payload) => {
    if (isActivityChangedEvent(payload)) refresh();
  });


  const activities = list.data?.pages.flatMap((page) => page.items) ?? [];
  const total = list.data?.pages[0]?.total ?? undefined;
  const customerIds = activities.map((activity) => activity.customer_id);
  if (apiFilter.customer_id) customerIds.push(apiFilter.customer_id);
  const customerNames = useCustomerNames(customerIds);
  const anyFilter = activityFilters.activeCount(filters) > 0;

  const completeTask = (activity: Activity) => {
    setCompleteError(undefined);
    complete.mutate(activity.id, {
      onError: (error) => setCompleteError({ subject: activity.subject || t('activities.noSubject'), error }),
    });
  };

  return (
    <>
      <PageHeader
        title={t('activities.title')}
        description={t('activities.description')}
        actions={
          <Link to="/tasks" className={buttonClasses('secondary')}>
            <ListTodo aria-hidden="true" className="size-4" />
            {t('nav.tasks')}
          </Link>
        }
      />

      <div className="mb-4 flex flex-wrap items-center gap-3">
        <FilterToggle open={filterPanel.open} onToggle={filterPanel.toggle} controls={FILTER_PANEL_ID} count={panelFilters} />
        {apiFilter.customer_id && (
          <span className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-1 pl-3 pr-1 text-sm text-indigo-900 ring-1 ring-inset ring-indigo-200">
            {t('activities.customerFilter', { name: customerNames.get(apiFilter.customer_id) ?? t('activities.thisCustomer') })}
            <button
              type="button"
              onClick={() => updateFilters({ customerId: '' })}
              className="rounded-full p-1 hover:bg-indigo-100"
              aria-label={t('activities.clearCustomerFilter')}
            >
              <X aria-hidden="true" className="size-3.5" />
            </button>
          </span>
        )}
        <p className="ml-auto text-sm text-slate-600" aria-live="polite">
          {list.isPlaceholderData
            ? t('customers.search.updating')
            : total != null
              ? t('activities.total', { formatted: format.count(total) })
              : ''}
        </p>
      </div>

      {filterPanel.open && (
        <ActivityFilterBar
          id={FILTER_PANEL_ID}
          filters={filters}
          members={team.members}
          onChange={updateFilters}
          onClear={() => updateFilters({ ...activityFilters.empty, customerId: filters.customerId, sort: filters.sort })}
          canClear={panelFilters > 0}
        />
      )}

      {completeError && (
        <div className="mb-4">
          <Alert
            tone="error"
            action={
              <Button variant="ghost" onClick={() => setCompleteError(undefined)}>
                {t('common.dismiss')}
              </Button>
            }
          >
            <p className="font-semibold">{t('activities.complete.failed', { subject: completeError.subject })}</p>
            <p>
              {completeError.error instanceof ApiError
                ? (completeError.error.problem.detail ?? completeError.error.problem.title ?? t('common.unexpectedError'))
                : t('common.networkError')}
            </p>
          </Alert>
        </div>
      )}

      <ListStates
        list={list}
        count={activities.length}
        texts="activities"
        filtered={anyFilter}
        emptyIcon={<ListTodo aria-hidden="true" className="size-6" />}
      >
        <ActivityTable
          activities={activities}
          sort={sort}
          onSortChange={(next) => updateFilters({ sort: next })}
          customerName={(id) => customerNames.get(id)}
          memberName={team.nameOf}
          onComplete={canWrite ? completeTask : undefined}
          completingId={complete.isPending ? complete.variables : undefined}
        />
        <ListFooter
          list={list}
          loadErrorMessage={t('activities.loadError')}
          shownText={
            total != null ? t('activities.shown', { shown: format.count(activities.length), total: format.count(total) }) : undefined
          }
        />
      </ListStates>
    </>
  );
}
