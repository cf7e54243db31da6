import { useQuery } from '@tanstack/react-query';
import { getAuthOptions } from '../../auth/authApi';

/** Whether the server takes sign-ups; asked once per page load. */
export function useAuthOptions() {
  return useQuery({
    queryKey: ['auth', 'options'],
    queryFn: ({ signal }) => getAuthOptions(signal),
    staleTime: Infinity,
    retry: false,
  });
}
