import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type BulkInput, type Customer, type CustomerInput, type ImportReport } from '../../api/client';
import type { paths } from '../../api/schema';
import { ApiError, toProblemDetails } from '../../api/problemDetails';
import { expectOk, unwrap } from '../../api/request';
import { authSession } from '../../auth/session';

export const PAGE_SIZE = 25;

export type CustomerListQuery = NonNullable<paths['/api/v1/customers']['get']['parameters']['query']>;

/** What a list request asks for: filter parameters, sort and sparse fields. */
export interface CustomerListParams {
  filter: Record<string, string>;
  sort?: string;
  fields?: string;
}

export const customerKeys = {
  all: ['customers'] as const,
  lists: ['customers', 'list'] as const,
  list: (params: CustomerListParams) => ['customers', 'list', params] as const,
  details: ['customers', 'detail'] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  orders: (id: string) => ['customers', 'orders', id] as const,
  names: (ids: readonly string[]) => ['customers', 'names', ids] as const,
};

export const tagKeys = { all: ['tags'] as const };

/** A list row: with ?fields= the API returns only the asked-for fields (and id). */
export type CustomerRow = Pick<Customer, 'id'> & Partial<Customer>;

export interface CustomerListPage {
  items: CustomerRow[];
  next_cursor: string | null;
  total: number | null;
}

/** Customers matching the filter, one cursor page at a time; the first page also counts them all. */
export function useCustomerList(params: CustomerListParams) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(params),
    queryFn: async ({ pageParam, signal }) => {
      const query = {
        ...params.filter,
        sort: params.sort || undefined,
        fields: params.fields || undefined,
        limit: PAGE_SIZE,
        cursor: pageParam ?? undefined,
        include_total: pageParam === null ? true : undefined,
      } as CustomerListQuery;
      const page = await unwrap(api.GET('/api/v1/customers', { params: { query }, signal }));
      return page as CustomerListPage;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
    // Keep showing the previous results while the next search is on its way.
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: customerKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id } }, signal })),
  });
}

/** The customer's orders, newest first, one cursor page at a time. */
export function useCustomerOrders(id: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.orders(id),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/v1/customers/{id}/orders', {
          params: {
            path: { id },
            query: { limit: PAGE_SIZE, cursor: pageParam ?? undefined, include_total: pageParam === null ? true : undefined },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (lastPage) => lastPage.next_cursor ?? undefined,
  });
}

/** Every tag in use with its customer count (for the tag filter's suggestions). */
export function useTags() {
  return useQuery({
    queryKey: tagKeys.all,
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/tags', { signal })),
    staleTime: 60_000,
  });
}

function useCustomerSaved() {
  const queryClient = useQueryClient();
  return (customer: Customer) => {
    queryClient.setQueryData(customerKeys.detail(customer.id), customer);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: customerKeys.lists }),
      queryClient.invalidateQueries({ queryKey: tagKeys.all }),
    ]);
  };
}

export function useCreateCustomer() {
  const saved = useCustomerSaved();
  return useMutation({
    mutationFn: (input: CustomerInput) => unwrap(api.POST('/api/v1/customers', { body: input })),
    onSuccess: saved,
  });
}

export function useUpdateCustomer(id: string) {
  const saved = useCustomerSaved();
  return useMutation({
    mutationFn: (input: CustomerInput) =>
      unwrap(api.PUT('/api/v1/customers/{id}', { params: { path: { id } }, body: input })),
    onSuccess: saved,
  });
}

export function useDeleteCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/customers/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: customerKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: customerKeys.lists });
    },
  });
}

export function useAddCustomerTag(id: string) {
  const saved = useCustomerSaved();
  return useMutation({
    mutationFn: (tag: string) =>
      unwrap(api.POST('/api/v1/customers/{id}/tags', { params: { path: { id } }, body: { tags: [tag] } })),
    onSuccess: saved,
  });
}

export function useRemoveCustomerTag(id: string) {
  const saved = useCustomerSaved();
  return useMutation({
    mutationFn: (tag: string) =>
      unwrap(api.DELETE('/api/v1/customers/{id}/tags/{tag}', { params: { path: { id, tag } } })),
    onSuccess: saved,
  });
}

export function useBulkCustomers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BulkInput) => unwrap(api.POST('/api/v1/customers/bulk', { body: input })),
    // Any customer may have changed: lists, open details, orders' customer names, tag counts.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: customerKeys.all }),
        queryClient.invalidateQueries({ queryKey: tagKeys.all }),
      ]),
  });
}

export type ImportMode = 'all_or_nothing' | 'skip_invalid';

/** Encodings the import page offers; 'auto' lets the server tell UTF-8/UTF-16 and Windows-1252 apart. */
export const IMPORT_ENCODINGS = ['auto', 'utf-8', 'windows-1252', 'windows-1250', 'windows-1251', 'iso-8859-15', 'shift_jis', 'gb18030', 'big5', 'euc-kr'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/**
 * POST /customers/import with the file as text/csv. Its query (mode, dry_run, encoding) is not in the
 * OpenAPI document, so this goes through fetch directly. The file goes as its bytes (a Blob), never
 * decoded here: a browser would turn bytes that are not UTF-8 into U+FFFD, and the server detects or
 * applies the encoding. A 422 (invalid rows, nothing imported) carries the same report as an
 * extension; it is returned like a 200 so the wizard can show it.
 */
export async function importCustomers(
  csv: Blob | string,
  options: { mode: ImportMode; dryRun: boolean; encoding?: ImportEncoding },
): Promise<ImportReport> {
  const params = new URLSearchParams({ mode: options.mode });
  if (options.dryRun) params.set('dry_run', 'true');
  if (options.encoding && options.encoding !== 'auto') params.set('encoding', options.encoding);
  const url = `${globalThis.location?.origin ?? ''}/api/v1/customers/import?${params.toString()}`;
  const response = await authSession.fetch(
    new Request(url, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv }),
  );
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (response.ok) return body as ImportReport;
  if (response.status === 422 && isReportCarrier(body)) return body.report;
  throw new ApiError(response.status, toProblemDetails(body, response));
}

function isReportCarrier(body: unknown): body is { report: ImportReport } {
  return typeof body === 'object' && body !== null && 'report' in body && typeof body.report === 'object' && body.report !== null;
}

/** The file name from Content-Disposition (filename*= or filename=), if the server sent one. */
export function attachmentFileName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim().replace(/^"|"$/g, ''));
    } catch {
      // Malformed encoding: fall back to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*("?)([^";]+)\1/i.exec(header);
  return plain?.[2]?.trim() || undefined;
}

/**
 * Downloads an export. A plain link cannot carry the access token, so the file is fetched with it
 * and handed to the browser as a blob.
 */
export async function downloadExport(url: string, fallbackName: string): Promise<void> {
  const response = await authSession.fetch(new Request(`${globalThis.location?.origin ?? ''}${url}`));
  if (!response.ok) await expectOk(response);
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = attachmentFileName(response.headers.get('content-disposition')) ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 1_000);
}
