import { useTranslation } from 'react-i18next';
import {
  Ban,
  CircleDashed,
  Clock,
  CreditCard,
  LoaderCircle,
  PackageCheck,
  RotateCcw,
  ShieldCheck,
  Truck,
  TriangleAlert,
  type LucideIcon,
} from 'lucide-react';
import type { OrderStatus, PaymentStatus } from '../../api/client';
import { Badge, type BadgeTone } from '../../components/Badge';

export const ORDER_STATUSES = [
  'pending',
  'processing',
  'shipped',
  'delivered',
  'cancelled',
  'refunded',
] as const satisfies readonly OrderStatus[];

export const PAYMENT_STATUSES = [
  'pending',
  'authorized',
  'paid',
  'partially_refunded',
  'refunded',
  'voided',
  'failed',
] as const satisfies readonly PaymentStatus[];

/** Colour and icon per status; the text always says it, so colour is never the only signal. */
export const ORDER_STATUS_LOOK: Record<OrderStatus, { tone: BadgeTone; icon: LucideIcon; bar: string }> = {
  pending: { tone: 'amber', icon: Clock, bar: 'bg-amber-400' },
  processing: { tone: 'blue', icon: LoaderCircle, bar: 'bg-sky-500' },
  shipped: { tone: 'indigo', icon: Truck, bar: 'bg-indigo-500' },
  delivered: { tone: 'green', icon: PackageCheck, bar: 'bg-emerald-500' },
  cancelled: { tone: 'slate', icon: Ban, bar: 'bg-slate-400' },
  refunded: { tone: 'red', icon: RotateCcw, bar: 'bg-red-400' },
};

const PAYMENT_LOOK: Record<PaymentStatus, { tone: BadgeTone; icon: LucideIcon }> = {
  pending: { tone: 'amber', icon: CircleDashed },
  authorized: { tone: 'blue', icon: ShieldCheck },
  paid: { tone: 'green', icon: CreditCard },
  partially_refunded: { tone: 'orange', icon: RotateCcw },
  refunded: { tone: 'red', icon: RotateCcw },
  voided: { tone: 'slate', icon: Ban },
  failed: { tone: 'red', icon: TriangleAlert },
};

export function isOrderStatus(value: string): value is OrderStatus {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}

function isPaymentStatus(value: string): value is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(value);
}

export function OrderStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  if (!isOrderStatus(status)) return <Badge tone="slate">{status}</Badge>;
  const { tone, icon: Icon } = ORDER_STATUS_LOOK[status];
  return (
    <Badge tone={tone} icon={<Icon aria-hidden="true" className="size-3.5" />}>
      {t(`orders.status.${status}`)}
    </Badge>
  );
}

export function PaymentStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  if (!isPaymentStatus(status)) return <Badge tone="slate">{status}</Badge>;
  const { tone, icon: Icon } = PAYMENT_LOOK[status];
  return (
    <Badge tone={tone} icon={<Icon aria-hidden="true" className="size-3.5" />}>
      {t(`orders.payment.${status}`)}
    </Badge>
  );
}
