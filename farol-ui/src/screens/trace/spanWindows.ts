import { useEffect, useState } from 'preact/hooks';
import { traceSpans } from '../../api/client';
import type { SpanInWindow } from '../../api/types';

/** Spans per window asked for: the API's default, enough for a whole small trace in one call. */
export const WINDOW = 500;

/**
 * The whole spans (attributes, events, links) of a trace, asked for a window of the display order at a time as the
 * view needs them (the span selected), and kept: a trace of 100,000 spans is never loaded whole.
 */
export class SpanWindows {
  private readonly windows = new Map<number, Promise<Map<string, SpanInWindow>>>();

  constructor(private readonly traceId: string) {}

  /** The span at `index` of the display order whose id is `spanId`; the window holding it is asked for once. */
  span(index: number, spanId: string): Promise<SpanInWindow | undefined> {
    const w = Math.floor(index / WINDOW);
    let asked = this.windows.get(w);
    if (!asked) {
      asked = traceSpans(this.traceId, w * WINDOW, WINDOW).then((answer) => new Map(answer.spans.map((s) => [s.spanId, s])));
      // a failed call is asked again next time
      asked.catch(() => this.windows.delete(w));
      this.windows.set(w, asked);
    }
    return asked.then((spans) => spans.get(spanId));
  }
}

export type SpanState =
  | { status: 'none' }
  | { status: 'loading' }
  | { status: 'ok'; span: SpanInWindow }
  | { status: 'missing' }
  | { status: 'error'; message: string };

/** The whole span at `index` (or none), as loading / ok / error for a component. */
export function useSpan(windows: SpanWindows, index: number | null, spanId: string | null): SpanState {
  const [state, setState] = useState<SpanState>({ status: 'none' });
  useEffect(() => {
    if (index === null || spanId === null) {
      setState({ status: 'none' });
      return undefined;
    }
    let current = true;
    setState({ status: 'loading' });
    windows.span(index, spanId).then(
      (span) => current && setState(span ? { status: 'ok', span } : { status: 'missing' }),
      (e: unknown) => current && setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [windows, index, spanId]);
  return state;
}
