import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Pencil, Trash2, Users } from 'lucide-react';
import { problemText } from '../../api/problemDetails';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, buttonClasses } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { SectionCard } from '../../components/SectionCard';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { useLocaleFormatters } from '../../i18n/format';
import { customerFullName } from '../customers/customerName';
import { CustomerPicker } from '../orders/CustomerPicker';
import { BulkEmailButton } from '../email/BulkEmailDialog';
import { RulesSummary } from './RulesSummary';
import { SegmentCountHistory } from './SegmentCountHistory';
import { useLiveSegmentCounts } from './segmentCounts';
import { useChangeMembers, useDeleteSegment, useSegment, useSegmentMembers, type Segment } from './segmentsApi';

/** /segments/:id: the rules in words, the live member count and its history, and the members, a page at a time. */
export function SegmentDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const segment = useSegment(id);
  useLiveSegmentCounts();
  if (segment.isPending) return <LoadingState />;
  if (segment.isError) return <ErrorState message={t('segments.loadOneError')} error={segment.error} onRetry={() => void segment.refetch()} />;
  return <SegmentView segment={segment.data} />;
}

function SegmentView({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const navigate = useNavigate();
  const canDefine = usePermission('customers.bulk');
  const remove = useDeleteSegment();
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const isStatic = segment.kind === 'static';

  const confirmDelete = async () => {
    try {
      await remove.mutateAsync(segment.id);
      void navigate('/segments');
    } catch (error) {
      setFailure(problemText(t, error));
      setDeleting(false);
    }
  };

  const actions = (
    <>
      <Link to={`/customers?segment=${encodeURIComponent(segment.id)}`} className={buttonClasses('secondary')}>
        <Users aria-hidden="true" className="size-4" />
        {t('segments.detail.openCustomers')}
      </Link>
      <BulkEmailButton target={{ kind: 'segment', segmentId: segment.id }} />
      {canDefine && (
        <>
          <Link to={`/segments/${segment.id}/edit`} className={buttonClasses('secondary')}>
            <Pencil aria-hidden="true" className="size-4" />
            {t('segments.detail.edit')}
          </Link>
          <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setDeleting(true)}>
            <Trash2 aria-hidden="true" className="size-4" />
            {t('segments.detail.delete')}
          </Button>
        </>
      )}
    </>
  );

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/segments" className="text-indigo-700 hover:underline">
          {t('segments.detail.back')}
        </Link>
      </p>
      <PageHeader title={segment.name} actions={actions} />
      {failure && (
        <div className="mb-4">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      <div className="space-y-6">
        <SectionCard title={isStatic ? t('segments.detail.staticTitle') : t('segments.detail.rulesTitle')}>
          <div className="flex flex-wrap items-center gap-3">
            <Badge tone={isStatic ? 'slate' : 'indigo'}>{t(`segments.kind.${isStatic ? 'static' : 'dynamic'}`)}</Badge>
            <p className="text-sm font-medium text-slate-900" data-testid="segment-member-count">
              {t('segments.memberCount', { count: segment.member_count, formatted: format.count(segment.member_count) })}
            </p>
          </div>
          <div className="mt-3">
            {isStatic ? <p className="text-sm text-slate-700">{t('segments.detail.staticText')}</p> : <RulesSummary rules={segment.rules} />}
          </div>
        </SectionCard>
        <SegmentCountHistory segmentId={segment.id} />
        {isStatic && canDefine && <AddMember segmentId={segment.id} />}
        <Members segment={segment} canRemove={isStatic && canDefine} />
      </div>
      <ConfirmDialog
        open={deleting}
        title={t('segments.detail.deleteTitle')}
        message={t('segments.detail.deleteText', { name: segment.name })}
        confirmLabel={t('segments.detail.delete')}
        busy={remove.isPending}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setDeleting(false)}
      />
    </>
  );
}

function AddMember({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation();
  const change = useChangeMembers(segmentId);
  const [failure, setFailure] = useState<string>();
  // A fresh picker after each addition.
  const [round, setRound] = useState(0);
  const add = async (customerId: string) => {
    setFailure(undefined);
    try {
      await change.mutateAsync({ add: [customerId] });
      setRound((value) => value + 1);
    } catch (error) {
      setFailure(problemText(t, error));
    }
  };
  return (
    <SectionCard title={t('segments.detail.addTitle')} description={t('segments.detail.addText')}>
      {failure && (
        <div className="mb-3">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      <CustomerPicker key={round} value="" onChange={(customer) => customer && void add(customer.id)} />
    </SectionCard>
  );
}

function Members({ segment, canRemove }: { segment: Segment; canRemove: boolean }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const members = useSegmentMembers(segment.id);
  const change = useChangeMembers(segment.id);
  const [failure, setFailure] = useState<string>();
  const rows = members.data?.pages.flatMap((page) => page.items) ?? [];
  const total = members.data?.pages[0]?.total;

  const removeMember = async (customerId: string) => {
    setFailure(undefined);
    try {
      await change.mutateAsync({ remove: [customerId] });
    } catch (error) {
      setFailure(problemText(t, error));
    }
  };

  return (
    <SectionCard title={t('segments.detail.membersTitle')}>
      {failure && (
        <div className="mb-3">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      {members.isPending ? (
        <LoadingState />
      ) : members.isError ? (
        <ErrorState message={t('segments.detail.membersError')} error={members.error} onRetry={() => void members.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon={<Users aria-hidden="true" className="size-6" />} title={t('segments.detail.noMembers')}
          description={segment.kind === 'static' ? t('segments.detail.noMembersStatic') : t('segments.detail.noMembersDynamic')}
        />
      ) : (
        <>
          <ul className="divide-y divide-slate-200" aria-label={t('segments.detail.membersTitle')}>
            {rows.map((customer) => (
              <li key={customer.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5">
                <span className="min-w-0">
                  <Link to={`/customers/${customer.id}`} className="font-medium break-words text-indigo-700 hover:underline">
                    {customerFullName(customer)}
                  </Link>
                  <span className="block truncate text-sm text-slate-600">
                    {customer.email} · {format.countryName(customer.country_code)}
                  </span>
                </span>
                {canRemove && (
                  <Button
                    variant="ghost"
                    className="text-red-700 hover:bg-red-50"
                    disabled={change.isPending}
                    onClick={() => void removeMember(customer.id)}
                    aria-label={t('segments.detail.removeMemberNamed', { name: customerFullName(customer) })}
                  >
                    {t('segments.detail.removeMember')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
          <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
            {total !== null && total !== undefined && (
              <span>{t('segments.detail.shown', { shown: format.count(rows.length), total: format.count(total) })}</span>
            )}
            {members.hasNextPage && (
              <Button variant="secondary" disabled={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>
                {members.isFetchingNextPage ? t('common.loading') : t('segments.detail.more')}
              </Button>
            )}
          </div>
        </>
      )}
    </SectionCard>
  );
}
