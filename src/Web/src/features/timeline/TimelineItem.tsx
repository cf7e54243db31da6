import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  ArrowRightLeft,
  CircleCheck,
  CircleDot,
  CircleX,
  Coins,
  Eraser,
  ListTodo,
  LogIn,
  LogOut,
  Mail,
  PackageX,
  Paperclip,
  Pencil,
  Phone,
  RotateCcw,
  ShieldCheck,
  ShieldOff,
  ShoppingBag,
  StickyNote,
  Trash,
  Undo2,
  Users,
  type LucideIcon,
} from 'lucide-react';
import { useLocaleFormatters } from '../../i18n/format';
import { ORDER_STATUSES } from '../orders/OrderStatusBadge';
import { downloadAttachment, type TimelineEntry } from './timelineApi';
import { RELATIVE_LIMIT_MS, useTimelineFormat } from './timeFormat';

const ACTIVITY_TYPES = ['note', 'call', 'meeting', 'email', 'task'] as const;
type ActivityTypeKey = (typeof ACTIVITY_TYPES)[number] | 'other';

const ACTIVITY_ICONS: Record<ActivityTypeKey, LucideIcon> = {
  note: StickyNote,
  call: Phone,
  meeting: Users,
  email: Mail,
  task: ListTodo,
  other: CircleDot,
};

/** Icon colours by what happened: activities indigo, orders sky, consent emerald/amber, removals slate. */
const TONES = {
  activity: 'bg-indigo-100 text-indigo-700',
  done: 'bg-emerald-100 text-emerald-700',
  order: 'bg-sky-100 text-sky-800',
  money: 'bg-amber-100 text-amber-800',
  removed: 'bg-slate-200 text-slate-700',
  other: 'bg-slate-100 text-slate-700',
} as const;

/** Team members by id, to name who did something; the signed-in user is "you". */
export interface PeopleDirectory {
  meId: string | undefined;
  names: ReadonlyMap<string, string>;
}

interface Presentation {
  icon: LucideIcon;
  tone: string;
  title: ReactNode;
  meta: string[];
  subject?: string;
  body?: string;
  attachment?: { id: string; fileName: string; sizeBytes: number | undefined };
}

function text(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function activityType(data: Record<string, unknown>): ActivityTypeKey {
  const type = data.type;
  return (ACTIVITY_TYPES as readonly unknown[]).includes(type) ? (type as ActivityTypeKey) : 'other';
}

function orderLink(entry: TimelineEntry, label: string): ReactNode {
  if (!entry.entity_id) return label;
  return (
    <Link to={`/orders/${entry.entity_id}`} className="text-indigo-700 hover:underline">
      {label}
    </Link>
  );
}

/** One entry of the timeline: an icon, what happened in a sentence, when, and what it carried. */
export function TimelineItem({
  entry,
  people,
  now,
  fresh,
}: {
  entry: TimelineEntry;
  people: PeopleDirectory;
  now: number;
  fresh: boolean;
}) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const timeFormat = useTimelineFormat();
  const data: Record<string, unknown> = typeof entry.data === 'object' && entry.data !== null ? (entry.data as Record<string, unknown>) : {};

  const person = (id: unknown): { name: string; me: boolean } | undefined => {
    if (typeof id !== 'string') return undefined;
    if (id === people.meId) return { name: '', me: true };
    const name = people.names.get(id);
    return name ? { name, me: false } : undefined;
  };
  const orderStatus = (status: unknown) =>
    (ORDER_STATUSES as readonly unknown[]).includes(status)
      ? t(`orders.status.${status as (typeof ORDER_STATUSES)[number]}`)
      : String(status ?? '—');

  const present = (): Presentation => {
    const [family, action = ''] = entry.kind.split('.', 2) as [string, string | undefined];
    if (family === 'activity') {
      const type = activityType(data);
      const meta: string[] = [];
      const direction = data.direction;
      if (direction === 'inbound' || direction === 'outbound') meta.push(t(`timeline.direction.${direction}`));
      const author = person(data.created_by);
      if (author) meta.push(author.me ? t('timeline.byYou') : t('timeline.by', { name: author.name }));
      const due = text(data, 'due_at');
      if (due && (action === 'created' || action === 'updated' || action === 'reopened')) meta.push(t('timeline.due', { date: format.dateTime(due) }));
      const assignee = type === 'task' ? person(data.assigned_to) : undefined;
      if (assignee && action === 'created') meta.push(assignee.me ? t('timeline.assignedToYou') : t('timeline.assignedTo', { name: assignee.name }));
      const base = { meta, subject: text(data, 'subject'), body: text(data, 'preview') };
      switch (action) {
        case 'created':
        case 'updated':
        case 'deleted':
          return {
            ...base,
            icon: action === 'deleted' ? Trash : action === 'updated' ? Pencil : ACTIVITY_ICONS[type],
            tone: action === 'deleted' ? TONES.removed : TONES.activity,
            title: t(`timeline.activity.${type}.${action}`),
          };
        case 'completed':
          return { ...base, icon: CircleCheck, tone: TONES.done, title: t('timeline.task.completed') };
        case 'cancelled':
          return { ...base, icon: CircleX, tone: TONES.removed, title: t('timeline.task.cancelled') };
        case 'reopened':
          return { ...base, icon: RotateCcw, tone: TONES.activity, title: t('timeline.task.reopened') };
        case 'attachment_added': {
          const id = text(data, 'attachment_id');
          return {
            ...base,
            icon: Paperclip,
            tone: TONES.activity,
            title: t('timeline.attachmentAdded'),
            attachment: id
              ? {
                  id,
                  fileName: text(data, 'file_name') ?? id,
                  sizeBytes: typeof data.size_bytes === 'number' ? data.size_bytes : undefined,
                }
              : undefined,
          };
        }
      }
    }
    if (family === 'order') {
      const number = text(data, 'order_number') ?? '—';
      const currency = text(data, 'currency') ?? '';
      switch (action) {
        case 'created':
          return {
            icon: ShoppingBag,
            tone: TONES.order,
            title: orderLink(entry, t('timeline.order.created', { number })),
            meta: [format.money(data.total_amount, currency), orderStatus(data.status)],
          };
        case 'updated':
          return { icon: Pencil, tone: TONES.order, title: orderLink(entry, t('timeline.order.updated', { number })), meta: [] };
        case 'status_changed':
          return {
            icon: ArrowRightLeft,
            tone: TONES.order,
            title: orderLink(entry, t('timeline.order.statusChanged', { number, from: orderStatus(data.from), to: orderStatus(data.to) })),
            meta: [],
          };
        case 'refunded':
        case 'returned':
          return {
            icon: action === 'returned' ? PackageX : Undo2,
            tone: TONES.money,
            title: orderLink(entry, t(`timeline.order.${action}`, { number, amount: format.money(data.amount, currency) })),
            meta: [],
            body: text(data, 'reason'),
          };
        case 'restated':
          return {
            icon: Coins,
            tone: TONES.money,
            title: orderLink(
              entry,
              t('timeline.order.restated', { number, from: format.money(data.from_usd, 'USD'), to: format.money(data.to_usd, 'USD') }),
            ),
            meta: [],
          };
      }
    }
    if (entry.kind === 'consent.recorded') {
      const purpose = (text(data, 'purpose') ?? '—').replaceAll('_', ' ');
      const granted = data.granted === true;
      return {
        icon: granted ? ShieldCheck : ShieldOff,
        tone: granted ? TONES.done : TONES.money,
        title: granted ? t('timeline.consent.granted', { purpose }) : t('timeline.consent.withdrawn', { purpose }),
        meta: [],
      };
    }
    if (entry.kind === 'segment.entered' || entry.kind === 'segment.left') {
      const name = text(data, 'segment_name') ?? '—';
      const segmentId = text(data, 'segment_id');
      const entered = action === 'entered';
      const label = entered ? t('timeline.segment.entered', { name }) : t('timeline.segment.left', { name });
      return {
        icon: entered ? LogIn : LogOut,
        tone: entered ? TONES.done : TONES.removed,
        title: segmentId ? (
          <Link to={`/segments/${segmentId}`} className="text-indigo-700 hover:underline">
            {label}
          </Link>
        ) : (
          label
        ),
        meta: [],
      };
    }
    if (entry.kind === 'customer.erased') {
      return { icon: Eraser, tone: TONES.removed, title: t('timeline.erased'), meta: [] };
    }
    // A kind this version does not know yet: shown plainly rather than dropped.
    return { icon: CircleDot, tone: TONES.other, title: t('timeline.unknown', { kind: entry.kind }), meta: [], subject: text(data, 'subject') };
  };

  const { icon: Icon, tone, title, meta, subject, body, attachment } = present();
  const olderThanRelative = now - Date.parse(entry.occurred_at) > RELATIVE_LIMIT_MS;
  const absolute = format.dateTime(entry.occurred_at);

  return (
    <li className="group relative flex gap-3 pb-5 last:pb-0">
      <span aria-hidden="true" className="absolute top-9 bottom-0 left-4 w-px -translate-x-1/2 bg-slate-200 group-last:hidden" />
      <span aria-hidden="true" className={`relative flex size-8 shrink-0 items-center justify-center rounded-full ring-4 ring-white ${tone}`}>
        <Icon className="size-4" />
      </span>
      <div
        className={`min-w-0 flex-1 rounded-md px-3 py-1.5 transition-colors duration-1000 motion-reduce:transition-none ${
          fresh ? 'bg-indigo-50 ring-1 ring-indigo-200' : 'ring-1 ring-transparent'
        }`}
      >
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
          <p className="text-sm font-medium text-slate-900">
            {title}
            {fresh && (
              <span className="ml-2 rounded bg-indigo-100 px-1.5 py-0.5 align-middle text-xs font-semibold text-indigo-800">
                {t('timeline.new')}
              </span>
            )}
          </p>
          <time dateTime={entry.occurred_at} title={absolute} className="shrink-0 text-xs text-slate-600">
            {olderThanRelative ? absolute : timeFormat.relative(entry.occurred_at, now)}
            {!olderThanRelative && <span className="sr-only"> ({absolute})</span>}
          </time>
        </div>
        {meta.length > 0 && <p className="mt-0.5 text-xs text-slate-600">{meta.join(' · ')}</p>}
        {subject && <p className="mt-1 text-sm font-semibold break-words text-slate-800">{subject}</p>}
        {body && <p className="mt-1 text-sm break-words whitespace-pre-line text-slate-700">{body}</p>}
        {attachment && <AttachmentDownload {...attachment} />}
      </div>
    </li>
  );
}

function AttachmentDownload({ id, fileName, sizeBytes }: { id: string; fileName: string; sizeBytes: number | undefined }) {
  const { t } = useTranslation();
  const timeFormat = useTimelineFormat();
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  const size = sizeBytes === undefined ? undefined : timeFormat.fileSize(sizeBytes);

  const download = async () => {
    setState('busy');
    try {
      await downloadAttachment(id, fileName);
      setState('idle');
    } catch {
      setState('failed');
    }
  };

  return (
    <div className="mt-1.5">
      <button
        type="button"
        onClick={() => void download()}
        disabled={state === 'busy'}
        aria-label={size ? t('timeline.download', { name: fileName, size }) : t('timeline.downloadNamed', { name: fileName })}
        className="inline-flex max-w-full items-center gap-1.5 rounded-md bg-white px-2 py-1 text-sm text-indigo-700 ring-1 ring-slate-200 hover:bg-slate-50 hover:underline disabled:opacity-60"
      >
        <Paperclip aria-hidden="true" className="size-3.5 shrink-0" />
        <span className="truncate">{fileName}</span>
        {size && <span className="shrink-0 text-xs text-slate-600">{size}</span>}
      </button>
      {state === 'failed' && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {t('timeline.downloadError')}
        </p>
      )}
    </div>
  );
}
