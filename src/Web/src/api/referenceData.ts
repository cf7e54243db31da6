import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { unwrap } from './request';

/** Country, currency, language, time zone and status codes; they change only with a deployment. */
export function useReferenceData() {
  return useQuery({
    queryKey: ['reference'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/reference', { signal })),
    staleTime: Infinity,
  });
}
