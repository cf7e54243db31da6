import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { ScrollFrame } from '../../components/ScrollFrame';
import { bodyCell, headerCell, tableClasses } from '../../components/table';
import { useLocaleFormatters } from '../../i18n/format';
import type { AuditEntry } from './auditApi';

const COLUMN_COUNT = 6;

/** The team member's name when the server sends one, else how the log names the actor, else the id. */
export function actorLabel(entry: AuditEntry): string {
  const { actor } = entry;
  if (entry.actor_name) return entry.actor_name;
  if (typeof actor === 'string' && actor.trim() !== '') return actor;
  if (typeof actor === 'object' && actor !== null) {
    const { name, email } = actor as Record<string, unknown>;
    if (typeof name === 'string' && name.trim() !== '') return name;
    if (typeof email === 'string' && email.trim() !== '') return email;
  }
  return entry.actor_id ?? '—';
}

/** A before/after snapshot as indented JSON text (rendered as text, so nothing in it is ever markup). */
export function snapshotText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const { t } = useTranslation();
  return (
    <ScrollFrame label={t('audit.table.caption')}>
      <table className={tableClasses}>
        <caption className="sr-only">{t('audit.table.caption')}</caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={headerCell}>
              {t('audit.table.when')}
            </th>
            <th scope="col" className={headerCell}>
              {t('audit.table.actor')}
            </th>
            <th scope="col" className={headerCell}>
              {t('audit.table.action')}
            </th>
            <th scope="col" className={headerCell}>
              {t('audit.table.entity')}
            </th>
            <th scope="col" className={headerCell}>
              {t('audit.table.ip')}
            </th>
            <th scope="col" className={headerCell}>
              {t('audit.table.changes')}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entries.map((entry) => (
            <AuditRow key={entry.id} entry={entry} />
          ))}
        </tbody>
      </table>
    </ScrollFrame>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const detailsId = useId();
  const [open, setOpen] = useState(false);
  const before = snapshotText(entry.before);
  const after = snapshotText(entry.after);
  const Chevron = open ? ChevronDown : ChevronRight;

  return (
    <Fragment>
      <tr>
        <td className={`${bodyCell} whitespace-nowrap`}>
          <time dateTime={entry.occurred_at}>{format.dateTime(entry.occurred_at)}</time>
        </td>
        <td className={bodyCell}>
          <span className="block max-w-56 truncate" title={actorLabel(entry)}>
            {actorLabel(entry)}
          </span>
        </td>
        <td className={bodyCell}>
          <span className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-800">{entry.action}</span>
        </td>
        <td className={bodyCell}>
          <span className="block">{entry.entity_type}</span>
          {entry.entity_id && <span className="block max-w-64 truncate font-mono text-xs text-slate-600">{entry.entity_id}</span>}
        </td>
        <td className={`${bodyCell} whitespace-nowrap font-mono text-xs`}>{entry.ip ?? '—'}</td>
        <td className={bodyCell}>
          {before !== undefined || after !== undefined ? (
            <button
              type="button"
              aria-expanded={open}
              aria-controls={open ? detailsId : undefined}
              onClick={() => setOpen((isOpen) => !isOpen)}
              className="inline-flex items-center gap-1 whitespace-nowrap rounded text-sm font-medium text-indigo-700 hover:text-indigo-900"
            >
              <Chevron aria-hidden="true" className="size-4" />
              {open ? t('audit.table.hideChanges') : t('audit.table.showChanges')}
            </button>
          ) : (
            <span className="text-slate-600">—</span>
          )}
        </td>
      </tr>
      {open && (
        <tr id={detailsId} className="bg-slate-50">
          <td colSpan={COLUMN_COUNT} className="px-3 py-3 sm:px-4">
            <div className="grid gap-4 md:grid-cols-2">
              <Snapshot label={t('audit.table.before')} text={before} />
              <Snapshot label={t('audit.table.after')} text={after} />
            </div>
            {entry.request_id && (
              <p className="mt-3 text-xs text-slate-600">
                {t('audit.table.requestId')} <span className="font-mono">{entry.request_id}</span>
              </p>
            )}
          </td>
        </tr>
      )}
    </Fragment>
  );
}

function Snapshot({ label, text }: { label: string; text: string | undefined }) {
  const { t } = useTranslation();
  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">{label}</figcaption>
      <pre className="max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-md bg-white p-3 font-mono text-xs text-slate-800 ring-1 ring-slate-200">
        {text ?? t('audit.table.nothing')}
      </pre>
    </figure>
  );
}
