import { type QueryClient, type QueryKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorMessage } from './errors.ts';

/** The message a page shows for a failed query (null while there is none). */
export const queryError = (error: unknown): string | null => (error ? errorMessage(error) : null);

/**
 * What a page builds from several server resources at once. Each resource goes through its own
 * query (`client.ensureQueryData(reportQueries.…)`), so pages share the cache of every part; this
 * query only holds the combination, under `key`.
 */
export function useCombined<T>(
  key: QueryKey,
  load: (client: QueryClient) => Promise<T>,
  options: { enabled?: boolean; staleTime?: number } = {},
) {
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['combined', ...key],
    queryFn: () => load(client),
    staleTime: options.staleTime ?? Number.POSITIVE_INFINITY,
    enabled: options.enabled ?? true,
  });
  return { data: q.data, error: queryError(q.error), loading: q.isLoading };
}
