import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Check, LoaderCircle } from 'lucide-react';
import { ScrollFrame } from '../../components/ScrollFrame';
import { SortableHeader } from '../../components/SortableHeader';
import { cardList, headerCell, rowLink } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';
import type { Activity } from './activityApi';
import { ActivityStatus, ActivityTypeIcon, compactDateTime, DueTime, isOverdue } from './activityPresentation';

interface ActivityTableProps {
  activities: readonly Activity[];
  /** The sort the list was read with (a valid ?sort= value). */
  sort: string;
  onSortChange: (sort: string) => void;
  customerName: (id: string) => string | undefined;
  memberName: (id: string | null | undefined) => string | undefined;
  /** Offered on pending tasks for users who may change activities. */
  onComplete?: (activity: Activity) => void;
  /** The task being completed right now. */
  completingId?: string;
}

// Tighter than the shared cells: seven columns have to fit next to the sidebar.
const cell = cardList.cell.replace('md:px-4', 'md:px-3');
const titleCell = cardList.titleCell.replace('md:px-4', 'md:px-3');
const header = headerCell.replace('sm:px-4', 'sm:px-3');
const passiveHeader = `${header} ${cardList.passiveHeader}`;

export function ActivityTable({ activities, sort, onSortChange, customerName, memberName, onComplete, completingId }: ActivityTableProps) {
  const { t, i18n } = useTranslation();
  const format = useLocaleFormatters();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const caption = t('activities.table.caption');

  return (
    <ScrollFrame label={caption} className={cardList.frame}>
      <table className={cardList.table}>
        <caption className="sr-only">{caption}</caption>
        <thead className={cardList.head}>
          <tr className={cardList.headRow}>
            <th scope="col" className={passiveHeader}>
              {t('activities.table.activity')}
            </th>
            <th scope="col" className={passiveHeader}>
              {t('activities.table.customer')}
            </th>
            <th scope="col" className={passiveHeader}>
              {t('activities.table.assignee')}
            </th>
            <SortableHeader label={t('activities.table.due')} field="due_at" sort={sort} onSortChange={onSortChange} className={header} />
            <th scope="col" className={passiveHeader}>
              {t('activities.table.status')}
            </th>
            <SortableHeader
              label={t('activities.table.created')}
              field="created_at"
              firstDirection="descending"
              sort={sort}
              onSortChange={onSortChange}
              className={header}
            />
            {onComplete && (
              <th scope="col" className={passiveHeader}>
                <span className="sr-only">{t('activities.table.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className={cardList.body}>
          {activities.map((activity) => {
            const customer = customerName(activity.customer_id);
            const assignee = memberName(activity.assigned_to);
            const author = memberName(activity.created_by);
            const subject = activity.subject || t('activities.noSubject');
            const typeLabel = t(`activities.type.${activity.type}`);
            const completing = completingId === activity.id;
            return (
              <tr key={activity.id} className={isOverdue(activity) ? cardList.row.replace('bg-white', 'bg-red-50') : cardList.row}>
                <td className={`${titleCell} md:min-w-48 md:max-w-96`}>
                  <div className="flex items-start gap-3">
                    <ActivityTypeIcon type={activity.type} />
                    <div className="min-w-0">
                      <span className="block break-words font-medium text-slate-900">{subject}</span>
                      <span className="block truncate text-xs text-slate-600" title={activity.description ?? undefined}>
                        {typeLabel}
                        {activity.description && ` · ${activity.description}`}
                      </span>
                    </div>
                  </div>
                </td>
                <td className={cell} data-label={t('activities.table.customer')}>
                  <Link
                    to={`/customers/${activity.customer_id}`}
                    className={`${rowLink} block min-w-0 truncate md:max-w-36`}
                    title={customer}
                  >
                    {customer ?? t('activities.table.openCustomer')}
                  </Link>
                </td>
                <td className={`${cell} whitespace-nowrap`} data-label={t('activities.table.assignee')}>
                  {activity.type === 'task' ? (
                    (assignee ?? <span className="text-slate-600">{t('activities.table.unknownMember')}</span>)
                  ) : (
                    <span className="text-slate-600">—</span>
                  )}
                </td>
                <td className={cell} data-label={t('activities.table.due')}>
                  <DueTime activity={activity} compact />
                </td>
                <td className={cell} data-label={t('activities.table.status')}>
                  <ActivityStatus activity={activity} />
                </td>
                <td className={`${cell} whitespace-nowrap`} data-label={t('activities.table.created')}>
                  <span>
                    <time dateTime={activity.created_at} title={format.dateTime(activity.created_at)}>
                      {compactDateTime(activity.created_at, locale)}
                    </time>
                    {author && <span className="block text-xs text-slate-600">{t('activities.table.by', { name: author })}</span>}
                  </span>
                </td>
                {onComplete && (
                  <td className={`${cell} md:text-right`} data-label={t('activities.complete.button')}>
                    {activity.type === 'task' && activity.status === 'pending' && (
                      <button
                        type="button"
                        onClick={() => onComplete(activity)}
                        disabled={completingId !== undefined}
                        aria-label={`${t('activities.complete.button')}${t('activities.complete.of', { subject })}`}
                        title={t('activities.complete.button')}
                        className="group inline-flex size-8 items-center justify-center rounded-full text-slate-600 ring-2 ring-inset ring-slate-300 hover:bg-emerald-50 hover:text-emerald-700 hover:ring-emerald-600 disabled:cursor-not-allowed disabled:opacity-60"
                      >
                        {completing ? (
                          <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />
                        ) : (
                          <Check aria-hidden="true" className="size-4" />
                        )}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollFrame>
  );
}
