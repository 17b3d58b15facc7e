import { useMemo } from 'preact/hooks';
import { functions } from '../../api/client';
import type { FunctionsAnswer, FunctionSummary } from '../../api/types';
import { useApi } from '../../api/useApi';
import { href, Link, navigate, withRange } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { describeRange, rangeParams } from '../../app/timeRange';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { Sparkline } from '../../components/Sparkline';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import type { ChartSeries } from '../../components/TimeSeriesChart';
import { step } from '../../format/numbers';
import { COLUMNS, parseSort, sorted } from './columns';
import type { Column, Sort } from './columns';

/**
 * `/functions`: one row per function over the time range, from one call (`GET /api/v1/functions`, read from the
 * per-minute and hourly aggregates), sortable by any column (kept in the URL), each row with its invocations per
 * bucket; above the table, all functions' invocations and errors over time.
 */
export function FunctionsOverview({ query, range }: ScreenProps) {
  const state = useApi((signal) => functions(range, signal), JSON.stringify(rangeParams(range)));
  const sort = parseSort(query);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorPanel message={state.message} />;
  const answer = state.data;
  return (
    <section class="functions-overview">
      <div class="screen-head">
        <h1>Functions</h1>
        <p class="muted">
          {answer.functions.length} {answer.functions.length === 1 ? 'function' : 'functions'} over {describeRange(range)},
          in buckets of {step(answer.window.stepNanos)}
        </p>
      </div>
      {answer.functions.length === 0 ? (
        <p class="empty">
          No invocations in {describeRange(range)}. Invoke a function (<code>./farol invoke clean-math</code>) or choose a
          longer range.
        </p>
      ) : (
        <>
          <Totals answer={answer} />
          <FunctionsTable answer={answer} sort={sort} query={query} />
        </>
      )}
    </section>
  );
}

function Totals({ answer }: { answer: FunctionsAnswer }) {
  const { times, series } = useMemo(() => {
    const n = answer.window.buckets;
    const sum = (pick: (f: FunctionSummary) => number[]) =>
      Array.from({ length: n }, (_, i) => answer.functions.reduce((s, f) => s + (pick(f)[i] ?? 0), 0));
    const start = answer.window.firstBucketUnixNano / 1e9;
    const stepS = answer.window.stepNanos / 1e9;
    const lines: ChartSeries[] = [
      { label: 'invocations', color: 'var(--accent)', values: sum((f) => f.series.invocations) },
      { label: 'errors', color: 'var(--error)', values: sum((f) => f.series.errors) },
      { label: 'cold starts', color: 'var(--cold)', values: sum((f) => f.series.coldStarts) },
    ];
    return { times: Array.from({ length: n }, (_, i) => start + i * stepS), series: lines };
  }, [answer]);
  return <TimeSeriesChart title={`All functions, per ${step(answer.window.stepNanos)}`} times={times} series={series} />;
}

function FunctionsTable({ answer, sort, query }: { answer: FunctionsAnswer; sort: Sort; query: URLSearchParams }) {
  const rows = sorted(answer.functions, sort);
  const stepText = step(answer.window.stepNanos);
  return (
    <div class="table-wrap">
      <table class="functions">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <Header key={c.key} column={c} sort={sort} query={query} />
            ))}
            <th class="trend" scope="col" title={`Invocations per ${stepText}`}>
              Trend
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.name} data-function={f.name}>
              {COLUMNS.map((c) =>
                c.key === 'name' ? (
                  <th key={c.key} scope="row" class="name">
                    <Link href={withRange(`/functions/${encodeURIComponent(f.name)}`, query)}>{f.name}</Link>
                  </th>
                ) : (
                  <td key={c.key} class={c.key} data-column={c.key}>
                    {c.key === 'memory' ? <Memory f={f} text={c.text(f)} /> : c.text(f)}
                  </td>
                ),
              )}
              <td class="trend">
                <Sparkline values={f.series.invocations} width={96} label={`${f.name}: invocations per ${stepText}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Header({ column, sort, query }: { column: Column; sort: Sort; query: URLSearchParams }) {
  const active = sort.column.key === column.key;
  const next = active ? (sort.direction === 'asc' ? 'desc' : 'asc') : column.numeric ? 'desc' : 'asc';
  const onClick = () => {
    const q = new URLSearchParams(query);
    q.set('sort', column.key);
    q.set('dir', next);
    navigate(href(window.location.pathname, q), true);
  };
  return (
    <th
      scope="col"
      class={column.numeric ? 'numeric' : undefined}
      aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
      title={column.title}
    >
      <button type="button" class="sort" onClick={onClick} data-sort={column.key}>
        {column.label}
        <span class="arrow" aria-hidden="true">
          {active ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

function Memory({ f, text }: { f: FunctionSummary; text: string }) {
  const share = f.memorySizeMb > 0 ? Math.min(1, f.maxMemoryUsedMb / f.memorySizeMb) : 0;
  return (
    <span class="memory">
      <span class="bar" aria-hidden="true">
        <span class={share > 0.9 ? 'fill high' : 'fill'} style={{ width: `${Math.round(share * 100)}%` }} />
      </span>
      {text}
    </span>
  );
}
