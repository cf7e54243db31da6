import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { problemText } from '../../api/problemDetails';
import { useLocaleFormatters } from '../../i18n/format';
import { bulkEmailPercent, bulkEmailRunning, useBulkEmail, type BulkEmailView } from './bulkEmailApi';

/** A bulk send after its 202: recipients after consent, then the live counts with a progress bar. */
export function BulkEmailProgress({ job: created }: { job: BulkEmailView }) {
  const { t } = useTranslation();
  const format = useLocaleFormatters();
  const query = useBulkEmail(created.id, created);
  const job = query.data ?? created;
  const percent = bulkEmailPercent(job);
  const running = bulkEmailRunning(job);
  const summary = useRef<HTMLParagraphElement>(null);
  // The form with its focused Send button is gone: keyboard and screen reader users land on the recipient count.
  useEffect(() => summary.current?.focus(), []);

  return (
    <div className="space-y-3 text-sm text-slate-700">
      <p ref={summary} tabIndex={-1} className="font-medium text-slate-900 focus:outline-none">
        {t('bulkEmail.recipients', { recipients: format.count(job.recipients), matched: format.count(job.matched) })}
      </p>
      <div
        role="progressbar"
        aria-label={t('bulkEmail.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={t('bulkEmail.percent', { percent })}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full rounded-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p aria-live="polite">{running ? t('bulkEmail.running', { percent }) : t('bulkEmail.finished')}</p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 tabular-nums sm:grid-cols-4">
        {(['queued', 'sent', 'failed', 'skipped_total'] as const).map((key) => (
          <div key={key}>
            <dt className="text-slate-600">{t(`bulkEmail.counts.${key}`)}</dt>
            <dd className="font-medium text-slate-900">{format.count(job[key])}</dd>
          </div>
        ))}
      </dl>
      {job.skipped.length > 0 && (
        <section aria-label={t('bulkEmail.skipReasons')}>
          <h3 className="font-medium text-slate-900">{t('bulkEmail.skipReasons')}</h3>
          <ul className="mt-1 list-disc pl-5">
            {job.skipped.map((skip) => (
              <li key={skip.reason}>
                {t('bulkEmail.skipReason', {
                  reason: t(`bulkEmail.reasons.${skip.reason}`, { defaultValue: skip.reason }),
                  count: format.count(skip.count),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {query.error && <Alert tone="error">{problemText(t, query.error)}</Alert>}
    </div>
  );
}
