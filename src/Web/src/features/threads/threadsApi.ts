import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';

export type EmailThread = components['schemas']['EmailThread'];
export type ThreadMessage = components['schemas']['ThreadMessage'];

export const threadKeys = { customer: (customerId: string) => ['email-threads', customerId] as const };

/** The customer's conversations, latest first, each with its messages oldest first. */
export function useEmailThreads(customerId: string) {
  return useQuery({
    queryKey: threadKeys.customer(customerId),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/customers/{id}/email-threads', { params: { path: { id: customerId } }, signal })),
    select: (list) => list.items,
  });
}

/** The message a reply answers: the newest one of the conversation that has a Message-ID. */
export function replyTarget(thread: EmailThread): ThreadMessage | undefined {
  return [...thread.messages].reverse().find((message) => !!message.message_id);
}
