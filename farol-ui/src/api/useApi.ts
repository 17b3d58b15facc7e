import { useEffect, useState } from 'preact/hooks';

/** Where a call is: loading, answered, or failed with a message to show. */
export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'ok'; data: T }
  | { status: 'error'; message: string };

/**
 * Runs `call` when the component mounts and whenever `key` changes (a string made of what the call depends on),
 * aborting the previous one; a failure becomes a message, never an exception in rendering.
 */
export function useApi<T>(call: (signal: AbortSignal) => Promise<T>, key: string): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    setState({ status: 'loading' });
    call(abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setState({ status: 'ok', data });
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => abort.abort();
    // the key stands for everything the call depends on
  }, [key]);
  return state;
}
