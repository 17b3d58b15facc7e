import { functionPage } from '../../api/function';
import type { FunctionPageAnswer, FunctionTotals } from '../../api/function';
import { useApi } from '../../api/useApi';
import { Link, withRange } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { describeRange, rangeParams } from '../../app/timeRange';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { count, millis, percent, step, usd } from '../../format/numbers';
import { ConfigurationPanel } from './ConfigurationPanel';
import { FindingsPanel } from './FindingsPanel';
import { FunctionCharts } from './FunctionCharts';
import { InvocationsPanel } from './InvocationsPanel';

/**
 * `/functions/{name}`: one function over the time range — its totals and charts (one call, `GET
 * /api/v1/functions/{name}`, from the aggregates), its recent invocations (paged, filtered, each opening its trace),
 * its findings (the extension's at run time and the doctor's of its definition) and its configuration as `farol up`
 * runs it.
 */
export function FunctionPage({ params, query, range }: ScreenProps) {
  const name = params['name'] ?? '';
  const state = useApi((signal) => functionPage(name, range, signal), JSON.stringify([name, rangeParams(range)]));
  return (
    <section class="function-page">
      <p class="crumbs">
        <Link href={withRange('/functions', query)}>Functions</Link> /
      </p>
      <h1 class="function-name">{name}</h1>
      {state.status === 'loading' ? (
        <Loading />
      ) : state.status === 'error' ? (
        <ErrorPanel message={state.message} />
      ) : (
        <Overview answer={state.data} query={query} range={range} />
      )}
    </section>
  );
}

function Overview({ answer, query, range }: {
  answer: FunctionPageAnswer;
  query: URLSearchParams;
  range: ScreenProps['range'];
}) {
  return (
    <>
      {answer.summary === null ? (
        <p class="empty nothing-in-range">
          No invocations of this function in {describeRange(range)}
          {answer.configuration === null
            ? ', and farol up does not run it. Choose a longer range, or check that its telemetry reaches this server.'
            : '. Invoke it (./farol invoke …) or choose a longer range.'}
        </p>
      ) : (
        <>
          <Totals totals={answer.summary} stepNanos={answer.window.stepNanos} range={range} />
          <FunctionCharts answer={answer} />
        </>
      )}
      <InvocationsPanel name={answer.name} query={query} range={range} />
      <FindingsPanel answer={answer} range={range} />
      <ConfigurationPanel answer={answer} />
    </>
  );
}

function Totals({ totals: t, stepNanos, range }: { totals: FunctionTotals; stepNanos: number; range: ScreenProps['range'] }) {
  const stats: [string, string, string][] = [
    ['invocations', 'Invocations', count(t.invocations)],
    ['errors', 'Errors', `${count(t.errors)} (${percent(t.errors, t.invocations)})`],
    ['coldStarts', 'Cold starts', `${count(t.coldStarts)} (${percent(t.coldStarts, t.invocations)})`],
    ['duration', 'p50 / p95 / p99', `${millis(t.p50Ms)} / ${millis(t.p95Ms)} / ${millis(t.p99Ms)}`],
    ['init', 'Init', t.inits === 0 ? '–' : `${millis(t.initMeanMs)} mean, ${millis(t.initMaxMs)} longest`],
    ['memory', 'Memory', `${t.maxMemoryUsedMb > 0 ? count(t.maxMemoryUsedMb) : '–'} / ${count(t.memorySizeMb)} MB`],
    ['cost', 'Cost', usd(t.estimatedCostUsd)],
  ];
  return (
    <div class="function-totals" aria-label={`Over ${describeRange(range)}, in buckets of ${step(stepNanos)}`}>
      {stats.map(([key, label, value]) => (
        <div key={key} class="stat" data-stat={key}>
          <span class="label">{label}</span>
          <span class="value">{value}</span>
        </div>
      ))}
    </div>
  );
}
