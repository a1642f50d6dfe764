import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { errorMessage } from './errors.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Loads data for a page; a late answer for an outdated request is ignored. */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the loader depends on
  const run = useCallback(load, deps);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` is the reload trigger
  useEffect(() => {
    let current = true;
    setLoading(true);
    run()
      .then((d) => {
        if (!current) return;
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => current && setError(errorMessage(err)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [run, round]);

  return { data, error, loading, reload: useCallback(() => setRound((r) => r + 1), []) };
}
