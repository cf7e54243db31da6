import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Plus, UsersRound } from 'lucide-react';
import { usePermission } from '../../auth/usePermission';
import { Badge } from '../../components/Badge';
import { buttonClasses } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { useLiveSegmentCounts } from './segmentCounts';
import { useSegments } from './segmentsApi';

/** /segments: every segment with its kind and live member count. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const segments = useSegments();
  useLiveSegmentCounts();
  const canDefine = usePermission('customers.bulk');

  const newLink = canDefine ? (
    <Link to="/segments/new" className={buttonClasses()}>
      <Plus aria-hidden="true" className="size-4" />
      {t('segments.new')}
    </Link>
  ) : undefined;

  return (
    <>
      <PageHeader title={t('segments.title')} description={t('segments.description')} actions={newLink} />
      {segments.isPending ? (
        <LoadingState />
      ) : segments.isError ? (
        <ErrorState message={t('segments.loadError')} error={segments.error} onRetry={() => void segments.refetch()} />
      ) : segments.data.length === 0 ? (
        <EmptyState
          icon={<UsersRound aria-hidden="true" className="size-6" />}
          title={t('segments.empty.title')}
          description={t('segments.empty.description')}
          action={newLink}
        />
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white shadow-sm" aria-label={t('segments.listLabel')}>
          {segments.data.map((segment) => (
            <li key={segment.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3">
              <Link to={`/segments/${segment.id}`} className="min-w-0 font-medium break-words text-indigo-700 hover:underline">
                {segment.name}
              </Link>
              <span className="flex items-center gap-3 text-sm text-slate-700">
                <Badge tone={segment.kind === 'static' ? 'slate' : 'indigo'}>{t(`segments.kind.${segment.kind === 'static' ? 'static' : 'dynamic'}`)}</Badge>
                <span>{t('segments.memberCount', { count: segment.member_count, formatted: format.count(segment.member_count) })}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
