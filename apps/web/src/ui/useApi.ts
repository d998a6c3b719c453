import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiFailure, ApiResult } from '../app/api';

export type Loaded<T> = { status: 'loading' } | { status: 'error'; failure: ApiFailure } | { status: 'ok'; data: T };

/**
 * Loads with the app's API client when `deps` change; `reload()` loads again and keeps the shown
 * data until the answer comes (no flash of « Chargement… » after an action). A late answer of a
 * previous load is dropped.
 */
export function useApi<T>(load: () => Promise<ApiResult<T>>, deps: readonly unknown[]): { state: Loaded<T>; reload: () => Promise<void> } {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const run = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const reload = useCallback(async () => {
    const id = ++run.current;
    const res = await loader.current();
    if (id !== run.current) return;
    setState(res.ok ? { status: 'ok', data: res.data } : { status: 'error', failure: res });
  }, []);
  useEffect(() => {
    setState({ status: 'loading' });
    void reload();
  }, deps);
  return { state, reload };
}
