import { ApiError, traceOutline } from '../../api/client';
import { useApi } from '../../api/useApi';
import { Link, withRange } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { buildModel } from './model';
import type { TraceModel } from './model';
import { TraceExplorer } from './TraceExplorer';

/** A trace id as the API takes it. */
const TRACE_ID = /^[0-9a-f]{32}$/i;

/**
 * `/traces/{traceId}` (`?span={spanId}` selects a span): one trace, from its outline (`GET
 * /api/v1/traces/{id}/outline`, every span's place and time in one answer, even for 100,000 spans) and, for the span
 * selected, the window of whole spans that holds it. A new trace id is a new view (its own selection and state).
 * The performance marks `farol.trace.outline` (the answer read), `farol.trace.model` and `farol.trace.shown` (the
 * first rows on screen) say how long a trace took to open.
 */
export function TraceView({ params, query }: ScreenProps) {
  const traceId = params['traceId'] ?? '';
  return (
    <section class="trace-view">
      <p class="crumbs">
        <Link href={withRange('/traces', query)}>Traces</Link> /
      </p>
      <h1 class="trace-id">Trace {traceId}</h1>
      {TRACE_ID.test(traceId) ? (
        <Loaded key={traceId.toLowerCase()} traceId={traceId.toLowerCase()} query={query} />
      ) : (
        <p class="empty">This is not a trace id: a trace id is 32 hexadecimal digits (W3C trace context).</p>
      )}
    </section>
  );
}

type Outline = { found: true; model: TraceModel } | { found: false };

function Loaded({ traceId, query }: { traceId: string; query: URLSearchParams }) {
  const state = useApi<Outline>(async (signal) => {
    try {
      const outline = await traceOutline(traceId, signal);
      performance.mark('farol.trace.outline');
      const model = buildModel(outline);
      performance.mark('farol.trace.model');
      return { found: true, model };
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return { found: false };
      throw e;
    }
  }, traceId);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorPanel message={state.message} />;
  if (!state.data.found) {
    return (
      <p class="empty not-found">
        Farol has no trace {traceId}. Its spans may not have arrived yet (Farol's extension sends them when the invocation
        ends), or the id is mistyped.
      </p>
    );
  }
  return <TraceExplorer model={state.data.model} query={query} />;
}
