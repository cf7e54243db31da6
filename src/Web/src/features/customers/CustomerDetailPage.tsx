import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Mail, Pencil, Phone, Plus, ShoppingBag } from 'lucide-react';
import type { Customer } from '../../api/client';
import { ApiError } from '../../api/problemDetails';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/StateMessages';
import { Tabs } from '../../components/Tabs';
import { useLocaleFormatters } from '../../i18n/format';
import { ComposeEmailButton } from '../email/ComposeEmailButton';
import { OrdersTable } from '../orders/OrdersTable';
import { LogActivityButton } from '../timeline/ActivityComposer';
import { CustomerTimeline } from '../timeline/CustomerTimeline';
import { EmailThreads } from '../threads/EmailThreads';
import { PresenceIndicator } from '../timeline/PresenceIndicator';
import { useCustomerLive } from '../timeline/useCustomerLive';
import { BackToCustomersLink } from './BackToCustomersLink';
import { useCustomer, useCustomerOrders } from './customerApi';
import { customerFullName, customerInitials } from './customerName';
import { CustomerTagEditor } from './CustomerTagEditor';
import { DeleteCustomerButton } from './DeleteCustomerButton';
import { useCustomerFlash } from './flash';
import { formatPhone } from './phoneFormat';
import { StatusBadge } from './StatusBadge';

const TABS = ['timeline', 'overview', 'orders', 'emails'] as const;
type TabKey = (typeof TABS)[number];
/** The landing tab, shown without ?tab=. */
const DEFAULT_TAB: TabKey = 'timeline';

/** ?tab= → tab; the old "activities" and "notes" tabs became the timeline. */
function tabFromParam(value: string | null): TabKey {
  if ((TABS as readonly string[]).includes(value ?? '')) return value as TabKey;
  return DEFAULT_TAB;
}

export function CustomerDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const customer = useCustomer(id);
  const flash = useCustomerFlash();

  if (customer.error) {
    const notFound = customer.error instanceof ApiError && customer.error.status === 404;
    return (
      <>
        <BackToCustomersLink />
        <PageHeader title={t('customers.detail.fallbackTitle')} />
        <ErrorState
          message={notFound ? t('customers.form.notFound') : t('customers.form.loadError')}
          error={customer.error}
          onRetry={notFound ? undefined : () => void customer.refetch()}
        />
      </>
    );
  }
  if (!customer.data) {
    return (
      <>
        <BackToCustomersLink />
        <PageHeader title={t('customers.detail.fallbackTitle')} />
        <LoadingState />
      </>
    );
  }
  // Keyed by customer, so live state (timeline pushes, presence) starts afresh when another customer opens.
  return <CustomerDetail key={customer.data.id} customer={customer.data} flash={flash} />;
}

function CustomerDetail({ customer, flash }: { customer: Customer; flash: ReturnType<typeof useCustomerFlash> }) {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = tabFromParam(searchParams.get('tab'));
  const name = customerFullName(customer);
  const canWrite = usePermission('customers.write');
  const canWriteOrders = usePermission('orders.write');
  // For the whole page, whichever tab shows: being subscribed is what makes this user "viewing".
  const live = useCustomerLive(customer.id);

  return (
    <>
      <BackToCustomersLink />
      <PageHeader
        title={name}
        description={customer.company_name ?? customer.email}
        actions={
          <>
            <PresenceIndicator viewers={live.viewers} />
            <LogActivityButton customerId={customer.id} customerName={name} />
            <ComposeEmailButton customerId={customer.id} customerName={name} hasEmail={!!customer.email} />
            {canWriteOrders && (
              <Link to={`/orders/new?customer=${customer.id}`} className={buttonClasses('secondary')}>
                <Plus aria-hidden="true" className="size-4" />
                {t('orders.form.newOrder')}
              </Link>
            )}
            {canWrite && (
              <>
                <Link to={`/customers/${customer.id}/edit`} className={buttonClasses('secondary')}>
                  <Pencil aria-hidden="true" className="size-4" />
                  {t('customers.detail.edit')}
                </Link>
                <DeleteCustomerButton customer={customer} />
              </>
            )}
          </>
        }
      />

      {flash && (
        <div className="mb-4">
          <Alert tone="success">{t(`customers.flash.${flash}`)}</Alert>
        </div>
      )}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <ProfileCard customer={customer} />
        <div className="min-w-0 rounded-lg bg-white px-5 pb-5 shadow-sm ring-1 ring-slate-200">
          <Tabs
            label={t('customers.detail.tabsLabel')}
            tabs={TABS.map((key) => ({
              key,
              label: t(`customers.detail.tabs.${key}`),
              badge: key === 'orders' ? String(customer.total_orders) : undefined,
            }))}
            selected={tab}
            onSelect={(key) =>
              setSearchParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (key === DEFAULT_TAB) next.delete('tab');
                  else next.set('tab', key);
                  return next;
                },
                { replace: true },
              )
            }
          >
            {tab === 'timeline' && (
              <CustomerTimeline
                customerId={customer.id}
                liveEntries={live.entries}
                viewers={live.viewers}
                emptyAction={<LogActivityButton customerId={customer.id} customerName={name} variant="secondary" />}
              />
            )}
            {tab === 'emails' && <EmailThreads customerId={customer.id} customerName={name} liveEntries={live.entries} />}
            {tab === 'overview' && <Overview customer={customer} />}
            {tab === 'orders' && <CustomerOrders customerId={customer.id} />}
          </Tabs>
        </div>
      </div>
    </>
  );
}

function ProfileRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="py-2.5">
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** Tags for users who may look but not change them. */
function ReadOnlyTags({ tags }: { tags: readonly string[] }) {
  const { t } = useTranslation();
  if (tags.length === 0) return <p className="text-sm text-slate-600">{t('customers.detail.noTags')}</p>;
  return (
    <ul className="flex flex-wrap gap-1.5">
      {tags.map((tag) => (
        <li key={tag} className="rounded bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-800">
          {tag}
        </li>
      ))}
    </ul>
  );
}

function ProfileCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const canWrite = usePermission('customers.write');
  const format = useLocaleFormatters();
  const place = [customer.postal_code, customer.city].filter(Boolean).join(' ');
  const initials = customerInitials(customer);

  return (
    <aside aria-label={t('customers.detail.profile')} className="h-fit rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <div className="flex items-center gap-3 border-b border-slate-200 pb-4">
        <span aria-hidden="true" className="flex size-12 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-base font-semibold text-indigo-800">
          {initials}
        </span>
        <div className="min-w-0">
          <p className="truncate font-semibold text-slate-900">{customerFullName(customer)}</p>
          <StatusBadge status={customer.status} />
        </div>
      </div>
      <dl className="divide-y divide-slate-100">
        <ProfileRow label={t('customers.form.fields.email')}>
          <a href={`mailto:${customer.email}`} className="inline-flex items-center gap-1.5 break-all text-indigo-700 hover:underline">
            <Mail aria-hidden="true" className="size-3.5 shrink-0" />
            {customer.email}
          </a>
        </ProfileRow>
        <ProfileRow label={t('customers.form.fields.phone')}>
          {customer.phone ? (
            <a href={`tel:${customer.phone}`} className="inline-flex items-center gap-1.5 text-indigo-700 hover:underline">
              <Phone aria-hidden="true" className="size-3.5 shrink-0" />
              {formatPhone(customer.phone, customer.country_code)}
            </a>
          ) : (
            '—'
          )}
        </ProfileRow>
        <ProfileRow label={t('customers.form.fields.company_name')}>{customer.company_name ?? '—'}</ProfileRow>
        <ProfileRow label={t('customers.detail.location')}>
          <span className="block">{format.countryName(customer.country_code)}</span>
          {customer.region && <span className="block text-slate-700">{customer.region}</span>}
          {place && <span className="block text-slate-700">{place}</span>}
        </ProfileRow>
        <ProfileRow label={t('customers.form.fields.timezone')}>{customer.timezone.replaceAll('_', ' ')}</ProfileRow>
        <ProfileRow label={t('customers.form.fields.language')}>{format.languageName(customer.language)}</ProfileRow>
        <ProfileRow label={t('customers.form.fields.currency')}>
          {customer.currency} – {format.currencyName(customer.currency)}
        </ProfileRow>
        <ProfileRow label={t('customers.detail.owner')}>
          {customer.owner_id ? <span className="font-mono text-xs">{customer.owner_id}</span> : t('customers.detail.noOwner')}
        </ProfileRow>
        <ProfileRow label={t('customers.detail.since')}>
          <time dateTime={customer.created_at}>{format.date(customer.created_at)}</time>
        </ProfileRow>
        <div className="pt-3">
          <dt className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600">{t('customers.form.fields.tags')}</dt>
          <dd>{canWrite ? <CustomerTagEditor customer={customer} /> : <ReadOnlyTags tags={customer.tags} />}</dd>
        </div>
      </dl>
    </aside>
  );
}

function Metric({ label, value, secondary, pending }: { label: string; value: string; secondary?: string; pending?: string }) {
  return (
    <div className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-1">
        <span className="block text-xl font-semibold tabular-nums text-slate-900">{value}</span>
        {secondary && <span className="block text-sm tabular-nums text-slate-600">{secondary}</span>}
        {pending && <span className="mt-1 block text-xs text-amber-800">{pending}</span>}
      </dd>
    </div>
  );
}

function Overview({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const usd = (amount: unknown) =>
    customer.currency.toUpperCase() === 'USD' ? undefined : t('customers.detail.inUsd', { amount: format.money(amount, 'USD') });

  return (
    <div className="space-y-6">
      <dl className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        <Metric
          label={t('customers.detail.metrics.lifetimeValue')}
          value={format.money(customer.lifetime_value, customer.currency)}
          secondary={usd(customer.lifetime_value_usd)}
          pending={
            customer.pending_usd_orders > 0
              ? t('customers.detail.metrics.pendingUsd', { count: customer.pending_usd_orders })
              : undefined
          }
        />
        <Metric
          label={t('customers.detail.metrics.averageOrderValue')}
          value={format.money(customer.average_order_value, customer.currency)}
          secondary={usd(customer.average_order_value_usd)}
        />
        <Metric label={t('customers.detail.metrics.totalOrders')} value={format.count(customer.total_orders)} />
        <Metric
          label={t('customers.detail.metrics.firstOrder')}
          value={customer.first_order_date ? format.date(customer.first_order_date) : t('customers.detail.metrics.never')}
          secondary={customer.first_order_date ? format.dateTime(customer.first_order_date) : undefined}
        />
        <Metric
          label={t('customers.detail.metrics.lastOrder')}
          value={customer.last_order_date ? format.date(customer.last_order_date) : t('customers.detail.metrics.never')}
          secondary={customer.last_order_date ? format.dateTime(customer.last_order_date) : undefined}
        />
        <Metric label={t('customers.detail.metrics.updated')} value={format.date(customer.updated_at)} secondary={format.dateTime(customer.updated_at)} />
      </dl>
      <p className="text-xs text-slate-600">{t('customers.detail.metrics.note')}</p>
    </div>
  );
}

function CustomerOrders({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const orders = useCustomerOrders(customerId);
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];

  if (orders.isPending) return <LoadingState />;
  if (orders.isError && items.length === 0) {
    return <ErrorState message={t('orders.loadError')} error={orders.error} onRetry={() => void orders.refetch()} />;
  }
  if (items.length === 0) {
    return (
      <EmptyState
        icon={<ShoppingBag aria-hidden="true" className="size-6" />}
        title={t('customers.detail.noOrders.title')}
        description={t('customers.detail.noOrders.description')}
      />
    );
  }
  return (
    <>
      <OrdersTable orders={items} caption={t('customers.detail.ordersCaption')} showCustomer={false} />
      {orders.hasNextPage && (
        <div className="mt-4 flex justify-center">
          <Button variant="secondary" onClick={() => void orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
            {orders.isFetchingNextPage ? t('customers.loadingMore') : t('customers.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
