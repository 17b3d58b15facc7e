import type { SpanInWindow } from '../../api/types';
import { Link, withRange } from '../../app/router';
import { serviceColor } from './colors';
import type { CriticalSection } from './criticalPath';
import { attributeText, nanos, offset } from './format';
import type { TraceModel } from './model';
import { isInit, serviceName, spanName } from './model';
import type { SpanState } from './spanWindows';

interface Props {
  model: TraceModel;
  index: number;
  state: SpanState;
  sections: readonly CriticalSection[] | null;
  query: URLSearchParams;
  onSelect: (index: number) => void;
  onClose: () => void;
}

/**
 * The side panel of the span selected: what the outline knows at once (name, service, times, place on the
 * critical path), then its attributes, events and links from the window that holds it. A link names another span
 * (often of another trace); it opens that trace at that span (`/traces/{traceId}?span={spanId}`).
 */
export function SpanDetails({ model: m, index: i, state, sections, query, onSelect, onClose }: Props) {
  const parent = m.parent[i] as number;
  const start = m.start[i] as number;
  const duration = (m.end[i] as number) - start;
  const onPath = sections?.reduce((sum, s) => sum + s.end - s.start, 0) ?? 0;
  const logs = m.logs.filter((l) => l.spanId === m.spanId[i]).length;
  return (
    <aside class="span-details" aria-label="Span details">
      <div class="sd-head">
        <span class="svc-chip" style={{ background: serviceColor(m.service[i] as number) }} aria-hidden="true" />
        <h2 class="sd-name">{spanName(m, i)}</h2>
        <button type="button" class="sd-close" onClick={onClose} aria-label="Close the details (Esc)">
          ×
        </button>
      </div>
      <dl class="sd-facts">
        <dt>Service</dt>
        <dd>{serviceName(m, i)}</dd>
        <dt>Span id</dt>
        <dd>
          <code>{m.spanId[i]}</code>
        </dd>
        <dt>Parent</dt>
        <dd>
          {parent >= 0 ? (
            <button type="button" class="linkish" onClick={() => onSelect(parent)}>
              {spanName(m, parent)}
            </button>
          ) : state.status === 'ok' && state.span.parentSpanId ? (
            <span>
              <code>{state.span.parentSpanId}</code> <span class="muted">(not in this trace)</span>
            </span>
          ) : (
            <span class="muted">none: a root</span>
          )}
        </dd>
        <dt>Start</dt>
        <dd>{offset(start)}</dd>
        <dt>Duration</dt>
        <dd>{nanos(duration)}</dd>
        <dt>Critical path</dt>
        <dd>{onPath > 0 ? `${nanos(onPath)} of it (${Math.round((onPath / Math.max(1, m.summary.durationNanos)) * 100)} % of the trace)` : 'not on it'}</dd>
        {isInit(m, i) && (
          <>
            <dt>Cold start</dt>
            <dd>this is the execution environment's init phase</dd>
          </>
        )}
        <dt>Log lines</dt>
        <dd>{logs}</dd>
        {state.status === 'ok' && (
          <>
            <dt>Kind</dt>
            <dd>{state.span.kind ?? ''}</dd>
            <dt>Status</dt>
            <dd class={state.span.status.code === 'ERROR' ? 'problem' : undefined}>
              {state.span.status.code}
              {state.span.status.message ? `: ${state.span.status.message}` : ''}
            </dd>
          </>
        )}
      </dl>
      <Whole state={state} spanStart={start} summaryStart={m.summary.startTimeUnixNano} query={query} />
    </aside>
  );
}

function Whole({ state, spanStart, summaryStart, query }: { state: SpanState; spanStart: number; summaryStart: number; query: URLSearchParams }) {
  if (state.status === 'loading' || state.status === 'none') return <p class="muted">Loading the span…</p>;
  if (state.status === 'error') return <p class="problem">Could not load the span: {state.message}</p>;
  if (state.status === 'missing') return <p class="muted">The span is not in the trace's window any more; reload the trace.</p>;
  const s: SpanInWindow = state.span;
  const attributes = Object.entries(s.attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return (
    <>
      <h3>Attributes ({attributes.length})</h3>
      {attributes.length === 0 ? (
        <p class="muted">none</p>
      ) : (
        <table class="sd-attributes">
          <tbody>
            {attributes.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{attributeText(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Events ({s.events.length})</h3>
      {s.events.length === 0 ? (
        <p class="muted">none</p>
      ) : (
        <ol class="sd-events">
          {s.events.map((e, k) => (
            <li key={k}>
              <span class="muted">{offset(e.timeUnixNano - summaryStart - spanStart)}</span> <strong>{e.name}</strong>
              {Object.entries(e.attributes).map(([ak, av]) => (
                <div key={ak} class="sd-event-attr">
                  <code>{ak}</code> {attributeText(av)}
                </div>
              ))}
            </li>
          ))}
        </ol>
      )}
      <h3>Links ({s.links.length})</h3>
      {s.links.length === 0 ? (
        <p class="muted">none</p>
      ) : (
        <ul class="sd-links">
          {s.links.map((l, k) => (
            <li key={k}>
              <Link class="trace-link" href={spanHref(l.traceId, l.spanId, query)}>
                trace {l.traceId.slice(0, 12)}… span {l.spanId}
              </Link>
              {Object.entries(l.attributes).map(([ak, av]) => (
                <div key={ak} class="sd-event-attr">
                  <code>{ak}</code> {attributeText(av)}
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The trace view of `traceId` at span `spanId`, keeping the time range of the current view. */
function spanHref(traceId: string, spanId: string, query: URLSearchParams): string {
  const path = withRange(`/traces/${encodeURIComponent(traceId)}`, query);
  return `${path}${path.includes('?') ? '&' : '?'}span=${encodeURIComponent(spanId)}`;
}
