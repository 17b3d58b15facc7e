import { useState } from 'preact/hooks';
import { compareTraces } from '../../api/client';
import type { Change, CompareAnswer, TraceRow } from '../../api/types';
import { useApi } from '../../api/useApi';
import { href, Link, navigate, withRange } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { count } from '../../format/numbers';
import { delta, nanos } from '../../format/time';
import { CHANGE_LABELS, flatten } from './diffRows';

/** Rows drawn at most; a larger diff says how many it left out (Changes only narrows it). */
const MAX_ROWS = 3000;
const ID = /^[0-9a-fA-F]{32}$/;

/**
 * `/compare?a=…&b=…`: the structural diff of trace b against trace a (the baseline), from `GET /api/v1/compare`:
 * spans matched by their path of names, shown as a tree with what was added, is missing, got slower or faster, and
 * by how much. Without both ids, a form asks for them.
 */
export function Compare({ query }: ScreenProps) {
  const a = query.get('a') ?? '';
  const b = query.get('b') ?? '';
  if (!ID.test(a) || !ID.test(b)) return <AskForIds a={a} b={b} query={query} />;
  return <Diff a={a} b={b} query={query} />;
}

function Diff({ a, b, query }: { a: string; b: string; query: URLSearchParams }) {
  const state = useApi((signal) => compareTraces(a, b, signal), `${a}|${b}`);
  const [changesOnly, setChangesOnly] = useState(false);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorPanel message={state.message} />;
  const answer = state.data;
  const rows = flatten(answer.spans, changesOnly);
  const swap = new URLSearchParams(query);
  swap.set('a', b);
  swap.set('b', a);
  return (
    <section class="compare">
      <p class="crumbs">
        <Link href={withRange('/traces', query)}>Traces</Link> /
      </p>
      <div class="screen-head">
        <h1>Compare two traces</h1>
        <Link href={href('/compare', swap)}>swap a and b</Link>
      </div>
      <div class="compare-sides">
        <Side label="a (baseline)" trace={answer.a} query={query} />
        <Side label="b" trace={answer.b} query={query} />
      </div>
      {!answer.sameRoot && (
        <p class="warning" role="note">
          These traces have different roots ({answer.a.rootName ?? '?'} and {answer.b.rootName ?? '?'}): a diff means most
          between traces of the same route.
        </p>
      )}
      <Counts answer={answer} />
      <label class="toggle">
        <input type="checkbox" checked={changesOnly} onChange={() => setChangesOnly(!changesOnly)} /> Changes only
      </label>
      {rows.length === 0 ? (
        <p class="empty">No span changed by 10 % or more: the two traces have the same shape and timing.</p>
      ) : (
        <div class="table-wrap">
          <table class="diff">
            <thead>
              <tr>
                <th scope="col">Span</th>
                <th scope="col">Service</th>
                <th scope="col">Change</th>
                <th scope="col" class="numeric">
                  a
                </th>
                <th scope="col" class="numeric">
                  b
                </th>
                <th scope="col" class="numeric">
                  Δ
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, MAX_ROWS).map((r) => (
                <tr key={r.path} class={`change-${r.node.change}`} data-change={r.node.change} data-name={r.node.name ?? ''}>
                  <th scope="row" class="span-name" style={{ paddingLeft: `${8 + r.depth * 16}px` }}>
                    {r.node.name ?? '(no name)'}
                  </th>
                  <td class="service">{r.node.service ?? '–'}</td>
                  <td>
                    <span class={`badge ${r.node.change}`}>{CHANGE_LABELS[r.node.change]}</span>
                  </td>
                  <td class="numeric">{r.node.a ? nanos(r.node.a.durationNanos) : '–'}</td>
                  <td class="numeric">{r.node.b ? nanos(r.node.b.durationNanos) : '–'}</td>
                  <td class="numeric delta">{r.node.a && r.node.b ? delta(r.node.deltaNanos) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length > MAX_ROWS && (
        <p class="muted">
          {count(rows.length - MAX_ROWS)} more spans not drawn; tick Changes only to see what differs.
        </p>
      )}
    </section>
  );
}

function Side({ label, trace, query }: { label: string; trace: TraceRow; query: URLSearchParams }) {
  return (
    <div class="side">
      <span class="muted">{label}</span>
      <Link href={withRange(`/traces/${encodeURIComponent(trace.traceId)}`, query)}>{trace.rootName ?? '(no name)'}</Link>
      <span>
        {trace.service ?? '–'} · {nanos(trace.durationNanos)} · {count(trace.spanCount)} spans
        {trace.error ? ' · error' : ''}
      </span>
      <code>{trace.traceId}</code>
    </div>
  );
}

const ORDER: readonly Change[] = ['added', 'missing', 'slower', 'faster', 'same'];

function Counts({ answer }: { answer: CompareAnswer }) {
  return (
    <ul class="counts" aria-label="Changes">
      {ORDER.map((c) => (
        <li key={c} data-change={c}>
          <span class={`badge ${c}`}>{CHANGE_LABELS[c]}</span> {count(answer.counts[c] ?? 0)}
        </li>
      ))}
    </ul>
  );
}

function AskForIds({ a, b, query }: { a: string; b: string; query: URLSearchParams }) {
  const [ia, setA] = useState(a);
  const [ib, setB] = useState(b);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <section class="compare">
      <h1>Compare two traces</h1>
      <p class="muted">
        Tick two traces in the <Link href={withRange('/traces', query)}>trace search</Link> and press Compare, or give
        their ids (32 hex digits).
      </p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (!ID.test(ia.trim()) || !ID.test(ib.trim())) {
            setProblem('each trace id is 32 hex digits');
            return;
          }
          const q = new URLSearchParams(query);
          q.set('a', ia.trim().toLowerCase());
          q.set('b', ib.trim().toLowerCase());
          navigate(href('/compare', q));
        }}
      >
        <label class="wide">
          a (baseline) <input name="a" value={ia} onInput={(e) => setA(e.currentTarget.value)} />
        </label>
        <label class="wide">
          b <input name="b" value={ib} onInput={(e) => setB(e.currentTarget.value)} />
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            Compare
          </button>
        </div>
        {problem && <p class="problem">{problem}</p>}
      </form>
    </section>
  );
}
