import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { expectOk, unwrap } from '../../api/request';
import { authSession } from '../../auth/session';
import { timelineKeys } from './timelineApi';

export type Activity = components['schemas']['Activity'];
export type ActivityInput = components['schemas']['ActivityInput'];
export type Attachment = components['schemas']['Attachment'];

/** POST /customers/{id}/activities: logs an activity (or creates a task) on the customer. */
export function createCustomerActivity(customerId: string, input: ActivityInput): Promise<Activity> {
  return unwrap(api.POST('/api/v1/customers/{id}/activities', { params: { path: { id: customerId } }, body: input }));
}

/** The form field AttachmentEndpoints reads the file from. */
export const ATTACHMENT_FIELD = 'file';

/**
 * POST /activities/{id}/attachments as multipart/form-data (one file in the field "file"). Not through the typed
 * client: it would serialise the body as JSON. The session adds the token like everywhere else.
 */
export async function uploadAttachment(activityId: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append(ATTACHMENT_FIELD, file, file.name);
  const url = `${globalThis.location?.origin ?? ''}/api/v1/activities/${encodeURIComponent(activityId)}/attachments`;
  const response = await authSession.fetch(new Request(url, { method: 'POST', body: form }));
  return (await expectOk(response)) as Attachment;
}

/**
 * What to refetch after logging an activity: the customer's timeline. The hub pushes the new entry too; this makes it
 * show when the hub is down.
 */
export function useActivityLogged(customerId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: timelineKeys.customer(customerId) });
}
