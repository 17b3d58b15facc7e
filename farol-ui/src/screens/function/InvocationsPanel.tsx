import { useEffect, useState } from 'preact/hooks';
import { invocations } from '../../api/function';
import type { Invocation, InvocationsAnswer } from '../../api/function';
import { useApi } from '../../api/useApi';
import { href, Link, navigate, withRange } from '../../app/router';
import type { TimeRange } from '../../app/timeRange';
import { describeRange } from '../../app/timeRange';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { millis } from '../../format/numbers';
import { instant } from './format';
import { apiParams, parseFilters, writeFilters } from './invocationQuery';
import type { InvocationFilters } from './invocationQuery';

interface Props {
  name: string;
  query: URLSearchParams;
  range: TimeRange;
}

/**
 * The function's recent invocations over the range, newest first, a page at a time (the API's cursors: a page stays
 * the same while new invocations arrive), filtered by cold start, error and duration; each row opens its trace.
 * Filters and page live in the URL.
 */
export function InvocationsPanel({ name, query, range }: Props) {
  const filters = parseFilters(query);
  const params = apiParams(name, range, filters);
  const state = useApi((signal) => invocations(params, signal), JSON.stringify(params));
  const go = (next: InvocationFilters, replace: boolean) =>
    navigate(href(window.location.pathname, writeFilters(query, next)), replace);
  return (
    <section class="fn-panel invocations-panel" aria-labelledby="invocations-title">
      <div class="fn-panel-head">
        <h2 id="invocations-title">Recent invocations</h2>
        <Filters filters={filters} onChange={(f) => go({ ...f, cursor: null }, true)} />
      </div>
      {state.status === 'loading' ? (
        <Loading />
      ) : state.status === 'error' ? (
        <ErrorPanel message={state.message} />
      ) : (
        <>
          <InvocationsTable answer={state.data} query={query} filters={filters} range={range} />
          <Pager answer={state.data} filters={filters} go={go} />
        </>
      )}
    </section>
  );
}

function Filters({ filters, onChange }: { filters: InvocationFilters; onChange: (f: InvocationFilters) => void }) {
  const [min, setMin] = useState(filters.minMs === null ? '' : String(filters.minMs));
  useEffect(() => setMin(filters.minMs === null ? '' : String(filters.minMs)), [filters.minMs]);
  const applyMin = () => {
    const v = min.trim() === '' ? null : Number(min);
    if (v === null || (Number.isFinite(v) && v >= 0)) onChange({ ...filters, minMs: v });
  };
  return (
    <form
      class="invocation-filters"
      onSubmit={(e) => {
        e.preventDefault();
        applyMin();
      }}
    >
      <label>
        <input
          type="checkbox"
          name="coldOnly"
          checked={filters.coldOnly}
          onChange={(e) => onChange({ ...filters, coldOnly: e.currentTarget.checked })}
        />
        cold starts only
      </label>
      <label>
        <input
          type="checkbox"
          name="errorsOnly"
          checked={filters.errorsOnly}
          onChange={(e) => onChange({ ...filters, errorsOnly: e.currentTarget.checked })}
        />
        errors only
      </label>
      <label>
        at least
        <input
          type="number"
          name="minMs"
          min="0"
          step="any"
          inputMode="decimal"
          value={min}
          placeholder="0"
          onInput={(e) => setMin(e.currentTarget.value)}
          onBlur={applyMin}
        />
        ms
      </label>
    </form>
  );
}

function InvocationsTable({ answer, query, filters, range }: {
  answer: InvocationsAnswer;
  query: URLSearchParams;
  filters: InvocationFilters;
  range: TimeRange;
}) {
  if (answer.invocations.length === 0) {
    const filtered = filters.coldOnly || filters.errorsOnly || filters.minMs !== null;
    return (
      <p class="empty">
        {filters.cursor !== null
          ? 'No invocations on this page any more. Go back to the newest.'
          : filtered
            ? `No invocations in ${describeRange(range)} match these filters.`
            : `No invocations in ${describeRange(range)}.`}
      </p>
    );
  }
  return (
    <div class="table-wrap">
      <table class="invocations">
        <thead>
          <tr>
            <th scope="col">Request id</th>
            <th scope="col">Started</th>
            <th scope="col">Start</th>
            <th scope="col" class="numeric">Duration</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
          </tr>
        </thead>
        <tbody>
          {answer.invocations.map((i) => (
            <Row key={i.requestId} invocation={i} query={query} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ invocation: i, query }: { invocation: Invocation; query: URLSearchParams }) {
  const trace = i.traceId === null ? null : withRange(`/traces/${encodeURIComponent(i.traceId)}`, query);
  const failed = i.status !== 'success';
  return (
    <tr
      data-request-id={i.requestId}
      class={trace === null ? undefined : 'opens'}
      onClick={(e) => {
        // a click on the row opens its trace, as its link does (the link handles its own clicks)
        if (trace !== null && !(e.target instanceof Element && e.target.closest('a'))) navigate(trace);
      }}
    >
      <th scope="row" class="request-id">
        {trace === null ? <code>{i.requestId}</code> : <Link href={trace} title="Open its trace"><code>{i.requestId}</code></Link>}
      </th>
      <td class="time">{instant(i.startTimeUnixNano)}</td>
      <td data-column="start">
        <span class={i.coldStart ? 'fn-tag cold' : 'fn-tag warm'}>{i.coldStart ? 'cold' : 'warm'}</span>
      </td>
      <td class="numeric" data-column="duration">
        {millis(i.durationMs)}
      </td>
      <td data-column="status">
        <span class={failed ? 'fn-tag error' : 'fn-tag ok'} title={i.errorType ?? undefined}>
          {failed ? i.status : 'ok'}
        </span>
        {failed && i.errorType !== null && <span class="error-type">{i.errorType}</span>}
      </td>
      <td data-column="trigger">{i.trigger ?? '–'}</td>
    </tr>
  );
}

function Pager({ answer, filters, go }: {
  answer: InvocationsAnswer;
  filters: InvocationFilters;
  go: (f: InvocationFilters, replace: boolean) => void;
}) {
  if (filters.cursor === null && answer.nextCursor === null) return null;
  return (
    <nav class="invocation-pager" aria-label="Invocation pages">
      <button type="button" disabled={filters.cursor === null} onClick={() => go({ ...filters, cursor: null }, false)}>
        Newest
      </button>
      <button
        type="button"
        name="newer"
        disabled={answer.prevCursor === null}
        onClick={() => go({ ...filters, cursor: answer.prevCursor }, false)}
      >
        ← Newer
      </button>
      <button
        type="button"
        name="older"
        disabled={answer.nextCursor === null}
        onClick={() => go({ ...filters, cursor: answer.nextCursor }, false)}
      >
        Older →
      </button>
    </nav>
  );
}
