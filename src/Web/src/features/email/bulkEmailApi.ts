import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';
import { EMAIL_PURPOSES, type EmailPurpose } from './composeEmail';

export type BulkEmailView = components['schemas']['BulkEmailView'];
export type NewBulkEmail = components['schemas']['NewBulkEmail'];

/** Who a bulk send goes to: the customers a list filter matches, or a segment's current members. */
export type BulkEmailTarget = { kind: 'filter'; filter: string } | { kind: 'segment'; segmentId: string };

/** The fields of the bulk send that server problems can name. */
export const BULK_EMAIL_FIELDS = ['template_id', 'purpose', 'filter', 'segment_id'] as const;
export type BulkEmailField = (typeof BULK_EMAIL_FIELDS)[number];

export const BULK_EMAIL_POLL_MS = 2_000;

/** A bulk send's purposes: the single email's, and service mail (sent like transactional mail, to every recipient). */
export type BulkEmailPurpose = EmailPurpose | 'service';
export const BULK_EMAIL_PURPOSES: readonly BulkEmailPurpose[] = [...EMAIL_PURPOSES, 'service'];

export function toNewBulkEmail(target: BulkEmailTarget, templateId: string, purpose: BulkEmailPurpose): NewBulkEmail {
  return target.kind === 'filter'
    ? { template_id: templateId || null, purpose, filter: target.filter }
    : { template_id: templateId || null, purpose, filter: null, segment_id: target.segmentId };
}

/** Still moving: recipients are being queued, or queued mail is not yet sent or failed. */
export function bulkEmailRunning(job: BulkEmailView): boolean {
  return job.status !== 'done' || job.pending > 0 || job.queued > job.sent + job.failed;
}

/** Share of recipients handled (sent, failed or skipped), 0–100. */
export function bulkEmailPercent(job: BulkEmailView): number {
  const total = job.pending + job.queued + job.skipped_total;
  if (total === 0) return job.status === 'done' ? 100 : 0;
  return Math.round(((job.sent + job.failed + job.skipped_total) / total) * 100);
}

export function useCreateBulkEmail() {
  return useMutation({
    mutationFn: (body: NewBulkEmail) => unwrap(api.POST('/api/v1/emails/bulk', { body })),
  });
}

/** A bulk send's counts, polled every 2 s while it runs. */
export function useBulkEmail(id: string, initial?: BulkEmailView) {
  return useQuery({
    queryKey: ['emails', 'bulk', id],
    initialData: initial,
    // The 202 answer is fresh: the first poll comes after one interval.
    staleTime: BULK_EMAIL_POLL_MS,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/emails/bulk/{id}', { params: { path: { id } }, signal })),
    refetchInterval: (query) => (query.state.data && !bulkEmailRunning(query.state.data) ? false : BULK_EMAIL_POLL_MS),
  });
}
