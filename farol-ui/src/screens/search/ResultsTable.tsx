import type { TraceRow } from '../../api/types';
import { Link, withRange } from '../../app/router';
import { count } from '../../format/numbers';
import { instant, nanos, shortId } from '../../format/time';

interface Props {
  traces: TraceRow[];
  selected: string[];
  onToggle: (traceId: string) => void;
  query: URLSearchParams;
}

/** A page of traces: each opens `/traces/{id}`; the box before it ticks it for Compare. */
export function ResultsTable({ traces, selected, onToggle, query }: Props) {
  return (
    <div class="table-wrap">
      <table class="results">
        <thead>
          <tr>
            <th scope="col" class="pick">
              <span class="visually-hidden">Compare</span>
            </th>
            <th scope="col">Root</th>
            <th scope="col">Service</th>
            <th scope="col">Start</th>
            <th scope="col" class="numeric">
              Duration
            </th>
            <th scope="col" class="numeric">
              Spans
            </th>
            <th scope="col">Errors</th>
            <th scope="col">Trace</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <tr key={t.traceId} data-trace-id={t.traceId} class={selected.includes(t.traceId) ? 'selected' : undefined}>
              <td class="pick">
                <input
                  type="checkbox"
                  aria-label={`Compare trace ${t.traceId}`}
                  checked={selected.includes(t.traceId)}
                  onChange={() => onToggle(t.traceId)}
                />
              </td>
              <th scope="row" class="root">
                <Link href={withRange(`/traces/${encodeURIComponent(t.traceId)}`, query)} title={t.rootName ?? ''}>
                  {t.rootName ?? '(no name)'}
                </Link>
              </th>
              <td class="service">{t.service ?? '–'}</td>
              <td class="start">{instant(t.startTimeUnixNano)}</td>
              <td class="numeric duration">{nanos(t.durationNanos)}</td>
              <td class="numeric spans">{count(t.spanCount)}</td>
              <td class="errors">{t.error ? <span class="badge error">error</span> : <span class="muted">–</span>}</td>
              <td class="id">
                <code title={t.traceId}>{shortId(t.traceId)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
