import { QueryClient } from '@tanstack/react-query';
import { toApiError } from '../api/errors';

/**
 * Server state. Network failures and 502/503/504 are retried with backoff (3 tries, then the
 * page shows the error with a retry button); other errors are answers and are shown at once.
 */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failures, error) => toApiError(error).isTransient && failures < 3,
        retryDelay: (attempt) => Math.min(500 * 2 ** attempt, 5_000),
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
