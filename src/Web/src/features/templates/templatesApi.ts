import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { unwrap } from '../../api/request';
import type { CustomerListPage, CustomerListQuery } from '../customers/customerApi';
import type { TemplateInput } from './templateEditor';

export const templateKeys = {
  all: ['templates'] as const,
  one: (id: string) => ['templates', id] as const,
  variables: ['template-variables'] as const,
};

/** Every template of the workspace (email and response), by name. */
export function useTemplates() {
  return useQuery({
    queryKey: [...templateKeys.all, 'all'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/templates', { signal })),
    select: (list) => list.items,
  });
}

export function useTemplate(id: string | undefined) {
  return useQuery({
    queryKey: templateKeys.one(id ?? ''),
    enabled: !!id,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/templates/{id}', { params: { path: { id: id! } }, signal })),
  });
}

export function useTemplateVariables() {
  return useQuery({
    queryKey: templateKeys.variables,
    staleTime: Infinity,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/template-variables', { signal })),
    select: (list) => list.items,
  });
}

export function useSaveTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: TemplateInput }) =>
      id
        ? unwrap(api.PUT('/api/v1/templates/{id}', { params: { path: { id } }, body }))
        : unwrap(api.POST('/api/v1/templates', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(templateKeys.one(saved.id), saved);
      return queryClient.invalidateQueries({ queryKey: templateKeys.all });
    },
  });
}

/** The unsaved edits rendered for a customer (their language picks the variant); a Liquid error answers 400 with the line and reason. */
export function useDraftPreview(templateId: string | undefined, customerId: string, draft: TemplateInput | undefined) {
  return useQuery({
    queryKey: ['templates', templateId, 'draft-preview', customerId, draft],
    enabled: !!templateId && !!customerId && !!draft,
    retry: false,
    queryFn: ({ signal }) =>
      unwrap(
        api.POST('/api/v1/templates/{id}/preview', {
          params: { path: { id: templateId! } },
          body: { customer_id: customerId, draft },
          signal,
        }),
      ),
  });
}

/** Customers matching what was typed, for choosing whom the preview is rendered for. */
export function useCustomerChoices(search: string) {
  return useQuery({
    queryKey: ['customers', 'template-preview-choices', search],
    queryFn: async ({ signal }) => {
      const query = { q: search || undefined, limit: 10 } as CustomerListQuery;
      return (await unwrap(api.GET('/api/v1/customers', { params: { query }, signal }))) as CustomerListPage;
    },
    select: (page) => page.items,
  });
}
