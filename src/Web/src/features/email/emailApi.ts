import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { components } from '../../api/schema';
import { mailboxKeys } from '../mailbox/mailboxApi';

export type TemplateView = components['schemas']['TemplateView'];
export type NewEmail = components['schemas']['NewEmail'];

export function useEmailTemplates(enabled: boolean) {
  return useQuery({
    queryKey: ['templates'],
    enabled,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/templates', { signal })),
    select: (list) => list.items.filter((template) => template.kind === 'email'),
  });
}

/** The template rendered for the customer, in their language (the variant the server would send). */
export function useTemplatePreview(templateId: string, customerId: string) {
  return useQuery({
    queryKey: ['templates', templateId, 'preview', customerId],
    enabled: !!templateId,
    retry: false,
    queryFn: ({ signal }) =>
      unwrap(
        api.POST('/api/v1/templates/{id}/preview', {
          params: { path: { id: templateId } },
          body: { customer_id: customerId },
          signal,
        }),
      ),
  });
}

export function useSendEmail(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewEmail) => unwrap(api.POST('/api/v1/customers/{id}/emails', { params: { path: { id: customerId } }, body })),
    onSuccess: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: mailboxKeys.list }),
      queryClient.invalidateQueries({ queryKey: ['email-threads', customerId] }),
    ]),
  });
}
