import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ArrowLeft, ArrowRight, ExternalLink, User } from 'lucide-react';
import type { Order, OrderStatus } from '../../api/client';
import { ApiError } from '../../api/problemDetails';
import { usePermission } from '../../auth/usePermission';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/StateMessages';
import { bodyCell, headerCell, numericCell, numericHeaderCell, tableClasses } from '../../components/table';
import { toAmount, useLocaleFormatters } from '../../i18n/format';
import { useCustomer } from '../customers/customerApi';
import { useChangeOrderStatus, useOrder } from './orderApi';
import { addressLines, safeWebUrl } from './orderPresentation';
import { OrderStatusBadge, PaymentStatusBadge } from './OrderStatusBadge';
import { RefundForm } from './RefundForm';
import { UsdAmount } from './UsdAmount';
import { customerFullName } from '../customers/customerName';

export function OrderDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const order = useOrder(id);

  let content: ReactNode;
  if (order.error) {
    const notFound = order.error instanceof ApiError && order.error.status === 404;
    content = (
      <>
        <PageHeader title={t('orders.detail.fallbackTitle')} />
        <ErrorState
          message={notFound ? t('orders.detail.notFound') : t('orders.detail.loadError')}
          error={order.error}
          onRetry={notFound ? undefined : () => void order.refetch()}
        />
      </>
    );
  } else if (!order.data) {
    content = (
      <>
        <PageHeader title={t('orders.detail.fallbackTitle')} />
        <LoadingState />
      </>
    );
  } else {
    content = <OrderDetail order={order.data} />;
  }

  return (
    <>
      <Link
        to="/orders"
        className="mb-3 inline-flex items-center gap-1.5 rounded-md text-sm font-medium text-slate-600 hover:text-slate-900"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        {t('orders.detail.backToList')}
      </Link>
      {content}
    </>
  );
}

function Card({ title, children, className = '' }: { title: string; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 ${className}`} aria-label={title}>
      <h2 className="mb-4 text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

function OrderDetail({ order }: { order: Order }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const money = (amount: unknown) => format.money(amount, order.currency);
  const refunded = toAmount(order.refunded_amount) ?? 0;
  const remaining = (toAmount(order.total_amount) ?? 0) - refunded;
  const canRefund = ['processing', 'shipped', 'delivered'].includes(order.status) && remaining > 0;
  const canWrite = usePermission('orders.write');

  return (
    <>
      <PageHeader
        title={t('orders.detail.title', { number: order.order_number })}
        description={t('orders.detail.placed', { date: format.dateTime(order.ordered_at), source: order.source })}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <OrderStatusBadge status={order.status} />
            <PaymentStatusBadge status={order.payment_status} />
          </div>
        }
      />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={t('orders.detail.items')}>
            <div className="-mx-5 overflow-x-auto">
              <table className={tableClasses}>
                <caption className="sr-only">{t('orders.detail.items')}</caption>
                <thead className="bg-slate-50">
                  <tr>
                    <th scope="col" className={headerCell}>
                      {t('orders.items.product')}
                    </th>
                    <th scope="col" className={`${headerCell} hidden sm:table-cell`}>
                      {t('orders.items.sku')}
                    </th>
                    <th scope="col" className={numericHeaderCell}>
                      {t('orders.items.quantity')}
                    </th>
                    <th scope="col" className={numericHeaderCell}>
                      {t('orders.items.unitPrice')}
                    </th>
                    <th scope="col" className={numericHeaderCell}>
                      {t('orders.items.lineTotal')}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {order.items.map((item) => (
                    <tr key={item.id}>
                      <td className={bodyCell}>
                        <div className="font-medium text-slate-900">{item.product_name}</div>
                        <div className="text-xs text-slate-600">{item.product_id}</div>
                      </td>
                      <td className={`${bodyCell} hidden font-mono text-xs sm:table-cell`}>{item.sku ?? '—'}</td>
                      <td className={numericCell}>{format.count(item.quantity)}</td>
                      <td className={numericCell}>{money(item.unit_price)}</td>
                      <td className={numericCell}>{money(item.total_price)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            <dl className="ml-auto mt-4 max-w-sm space-y-1.5 text-sm">
              <TotalRow label={t('orders.totals.subtotal')} value={money(order.subtotal_amount)} />
              <TotalRow label={t('orders.totals.tax')} value={money(order.tax_amount)} />
              <TotalRow label={t('orders.totals.shipping')} value={money(order.shipping_amount)} />
              {(toAmount(order.duties_amount) ?? 0) > 0 && (
                <TotalRow label={t('orders.totals.duties')} value={money(order.duties_amount)} />
              )}
              {(toAmount(order.tip_amount) ?? 0) > 0 && <TotalRow label={t('orders.totals.tips')} value={money(order.tip_amount)} />}
              <TotalRow
                label={t('orders.totals.discount')}
                value={(toAmount(order.discount_amount) ?? 0) > 0 ? `−${money(order.discount_amount)}` : money(0)}
              />
              <div className="flex justify-between gap-4 border-t border-slate-200 pt-2 text-base font-semibold text-slate-900">
                <dt>{t('orders.totals.total')}</dt>
                <dd className="tabular-nums">{money(order.total_amount)}</dd>
              </div>
              {refunded > 0 && (
                <TotalRow label={t('orders.totals.refunded')} value={`−${money(order.refunded_amount)}`} emphasis="text-red-700" />
              )}
              <div className="flex justify-between gap-4 text-slate-600">
                <dt>{t('orders.totals.totalUsd')}</dt>
                <dd className="tabular-nums">
                  <UsdAmount amount={order.total_amount_usd} pending={order.usd_pending} currency={order.currency} />
                </dd>
              </div>
            </dl>
            {order.usd_pending && (
              <p className="ml-auto mt-1 max-w-sm text-right text-xs text-amber-800">
                {t('orders.usdPendingHint', { currency: order.currency })}
              </p>
            )}
            {order.fx_rate_date && (
              <p className="ml-auto mt-1 max-w-sm text-right text-xs text-slate-600">
                {t('orders.totals.fxRate', { date: format.day(order.fx_rate_date) })}
              </p>
            )}
          </Card>

          <Card title={t('orders.refund.title')}>
            {order.refunds.length > 0 ? (
              <ul className="mb-5 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
                {order.refunds.map((refund) => (
                  <li key={refund.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                    <div>
                      <p className="font-medium text-slate-900">
                        {money(refund.amount)}{' '}
                        <span className="font-normal text-slate-600">({format.money(refund.amount_usd, 'USD')})</span>
                      </p>
                      <p className="text-slate-600">
                        {refund.reason ?? t('orders.refund.noReason')}
                        {refund.is_return && ` · ${t('orders.refund.returned')}`}
                      </p>
                    </div>
                    <time dateTime={refund.created_at} className="text-slate-600">
                      {format.dateTime(refund.created_at)}
                    </time>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mb-5 text-sm text-slate-600">{t('orders.refund.none')}</p>
            )}
            {canRefund ? (
              canWrite && <RefundForm order={order} />
            ) : (
              <p className="text-sm text-slate-600">
                {remaining <= 0 ? t('orders.refund.fullyRefunded') : t('orders.refund.notYet')}
              </p>
            )}
          </Card>
        </div>

        <div className="space-y-6">
          <StatusCard order={order} />
          <CustomerCard customerId={order.customer_id} />
          <Card title={t('orders.shipping.title')}>
            <dl className="space-y-3 text-sm">
              <Field label={t('orders.shipping.country')}>
                {order.shipping_country ? format.countryName(order.shipping_country) : '—'}
              </Field>
              <Field label={t('orders.shipping.address')}>
                {addressLines(order.shipping_address).length > 0 ? (
                  <address className="not-italic">
                    {addressLines(order.shipping_address).map((line) => (
                      <span key={line} className="block">
                        {line}
                      </span>
                    ))}
                  </address>
                ) : (
                  '—'
                )}
              </Field>
              <Field label={t('orders.shipping.carrier')}>{order.carrier ?? '—'}</Field>
              <Field label={t('orders.shipping.tracking')}>
                <TrackingNumber order={order} />
              </Field>
            </dl>
          </Card>
          {order.notes && (
            <Card title={t('orders.detail.notes')}>
              <p className="whitespace-pre-line text-sm text-slate-700">{order.notes}</p>
            </Card>
          )}
        </div>
      </div>
    </>
  );
}

function TotalRow({ label, value, emphasis = 'text-slate-700' }: { label: string; value: string; emphasis?: string }) {
  return (
    <div className={`flex justify-between gap-4 ${emphasis}`}>
      <dt>{label}</dt>
      <dd className="tabular-nums">{value}</dd>
    </div>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-slate-900">{children}</dd>
    </div>
  );
}

function TrackingNumber({ order }: { order: Order }) {
  const { t } = useTranslation();
  const url = safeWebUrl(order.tracking_url);
  if (!order.tracking_number && !url) return <>—</>;
  const text = order.tracking_number ?? t('orders.shipping.trackShipment');
  if (!url) return <span className="font-mono">{text}</span>;
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      className="inline-flex items-center gap-1 rounded font-mono text-indigo-700 underline hover:text-indigo-900"
    >
      {text}
      <ExternalLink aria-hidden="true" className="size-3.5" />
      <span className="sr-only">{t('common.opensInNewTab')}</span>
    </a>
  );
}

const CONFIRMED_MOVES: readonly OrderStatus[] = ['cancelled', 'refunded'];

function StatusCard({ order }: { order: Order }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const changeStatus = useChangeOrderStatus(order.id);
  const [problem, setProblem] = useState<string>();
  const [confirming, setConfirming] = useState<OrderStatus>();
  const canWrite = usePermission('orders.write');

  const move = async (status: OrderStatus) => {
    setProblem(undefined);
    setConfirming(undefined);
    try {
      await changeStatus.mutateAsync(status);
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? (error.problem.detail ?? error.problem.title ?? t('common.unexpectedError'))
          : t('common.networkError'),
      );
    }
  };

  const events = [
    { key: 'ordered', at: order.ordered_at },
    { key: 'shipped', at: order.shipped_at },
    { key: 'delivered', at: order.delivered_at },
    { key: 'cancelled', at: order.cancelled_at },
    ...order.refunds.map((refund) => ({ key: 'refund', at: refund.created_at })),
  ]
    .filter((event): event is { key: 'ordered' | 'shipped' | 'delivered' | 'cancelled' | 'refund'; at: string } => Boolean(event.at))
    .sort((a, b) => a.at.localeCompare(b.at));

  return (
    <Card title={t('orders.statusCard.title')}>
      <p className="flex items-center gap-2 text-sm text-slate-700">
        {t('orders.statusCard.now')} <OrderStatusBadge status={order.status} />
      </p>

      <ol className="mt-4 space-y-3 border-l-2 border-slate-200 pl-4">
        {events.map((event, index) => (
          <li key={`${event.key}-${index}`} className="relative text-sm">
            <span aria-hidden="true" className="absolute -left-[1.4rem] top-1.5 size-2.5 rounded-full bg-indigo-600 ring-2 ring-white" />
            <p className="font-medium text-slate-900">{t(`orders.timeline.${event.key}`)}</p>
            <time dateTime={event.at} className="text-slate-600">
              {format.dateTime(event.at)}
            </time>
          </li>
        ))}
      </ol>

      {canWrite && (
        <div className="mt-5 border-t border-slate-200 pt-4">
          <h3 className="text-sm font-semibold text-slate-900">{t('orders.statusCard.next')}</h3>
          {problem && (
            <div className="mt-3">
              <Alert tone="error">{problem}</Alert>
            </div>
          )}
          {order.next_statuses.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">{t('orders.statusCard.final')}</p>
          ) : (
            <div className="mt-3 flex flex-wrap gap-2">
              {order.next_statuses.map((status) => (
                <Button
                  key={status}
                  variant={CONFIRMED_MOVES.includes(status) ? 'secondary' : 'primary'}
                  className={CONFIRMED_MOVES.includes(status) ? 'text-red-700' : ''}
                  disabled={changeStatus.isPending}
                  onClick={() => (CONFIRMED_MOVES.includes(status) ? setConfirming(status) : void move(status))}
                >
                  <ArrowRight aria-hidden="true" className="size-4" />
                  {t('orders.statusCard.moveTo', { status: t(`orders.status.${status}`) })}
                </Button>
              ))}
            </div>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        title={confirming ? t('orders.statusCard.confirmTitle', { status: t(`orders.status.${confirming}`) }) : ''}
        message={confirming === 'refunded' ? t('orders.statusCard.confirmRefund') : t('orders.statusCard.confirmCancel')}
        confirmLabel={confirming ? t('orders.statusCard.moveTo', { status: t(`orders.status.${confirming}`) }) : ''}
        busy={changeStatus.isPending}
        onConfirm={() => confirming && void move(confirming)}
        onCancel={() => setConfirming(undefined)}
      />
    </Card>
  );
}

function CustomerCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const customer = useCustomer(customerId);
  const gone = customer.error instanceof ApiError && customer.error.status === 404;
  return (
    <Card title={t('orders.detail.customer')}>
      {customer.data ? (
        <div className="flex items-start gap-3 text-sm">
          <span className="rounded-full bg-indigo-50 p-2 text-indigo-700">
            <User aria-hidden="true" className="size-4" />
          </span>
          <div className="min-w-0">
            <Link to={`/customers/${customerId}`} className="font-medium text-indigo-700 hover:text-indigo-900 hover:underline">
              {customerFullName(customer.data)}
            </Link>
            <p className="truncate text-slate-600">{customer.data.email}</p>
          </div>
        </div>
      ) : gone ? (
        <p className="text-sm text-slate-600">{t('orders.detail.customerGone')}</p>
      ) : (
        <Link to={`/customers/${customerId}`} className="text-sm font-medium text-indigo-700 hover:underline">
          {t('orders.detail.viewCustomer')}
        </Link>
      )}
    </Card>
  );
}
