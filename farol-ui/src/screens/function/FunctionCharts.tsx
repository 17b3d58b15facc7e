import { useMemo } from 'preact/hooks';
import type { FunctionPageAnswer, Gappy } from '../../api/function';
import { TimeSeriesChart } from '../../components/TimeSeriesChart';
import type { ChartSeries } from '../../components/TimeSeriesChart';
import { count, millis, step } from '../../format/numbers';

interface Chart {
  key: string;
  title: string;
  series: ChartSeries[];
}

function largest(values: Gappy): number {
  return values.reduce<number>((m, v) => (v !== null && v > m ? v : m), 0);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * The function's charts over the window, one value per bucket: invocations with errors and cold starts; the
 * duration percentiles; the init phases' mean and longest duration; the largest memory used against the memory
 * configured. A bucket without a value is a gap (and each value a dot, so a lone one shows).
 */
export function FunctionCharts({ answer }: { answer: FunctionPageAnswer }) {
  const { times, charts } = useMemo(() => {
    const w = answer.window;
    const s = answer.series;
    const per = step(w.stepNanos);
    const list: Chart[] = [
      {
        key: 'invocations',
        title: `Invocations per ${per}: ${count(sum(s.invocations))}, ${count(sum(s.errors))} errors, ${count(sum(s.coldStarts))} cold`,
        series: [
          { label: 'invocations', color: 'var(--accent)', values: s.invocations },
          { label: 'errors', color: 'var(--error)', values: s.errors },
          { label: 'cold starts', color: 'var(--cold)', values: s.coldStarts },
        ],
      },
      {
        key: 'duration',
        title: `Duration (ms) per ${per}: p99 up to ${millis(largest(s.p99Ms))}`,
        series: [
          { label: 'p50', color: 'var(--accent)', values: s.p50Ms, points: true },
          { label: 'p95', color: 'var(--warn)', values: s.p95Ms, points: true },
          { label: 'p99', color: 'var(--error)', values: s.p99Ms, points: true },
        ],
      },
      {
        key: 'init',
        title: `Init duration (ms) per ${per}: ${count(sum(s.inits))} init phases, longest ${millis(largest(s.initMaxMs))}`,
        series: [
          { label: 'mean', color: 'var(--cold)', values: s.initMeanMs, points: true },
          { label: 'longest', color: 'var(--error)', values: s.initMaxMs, points: true },
        ],
      },
      {
        key: 'memory',
        title: `Memory (MB) per ${per}: largest used ${largest(s.maxMemoryUsedMb) > 0 ? count(largest(s.maxMemoryUsedMb)) : '–'} of ${count(largest(s.memorySizeMb))}`,
        series: [
          { label: 'max used', color: 'var(--bar)', values: s.maxMemoryUsedMb, points: true },
          { label: 'configured', color: 'var(--muted)', values: s.memorySizeMb, points: true },
        ],
      },
    ];
    const first = w.firstBucketUnixNano / 1e9;
    const stepS = w.stepNanos / 1e9;
    return { times: Array.from({ length: w.buckets }, (_, i) => first + i * stepS), charts: list };
  }, [answer]);
  return (
    <div class="function-charts">
      {charts.map((c) => (
        <div key={c.key} class="function-chart" data-chart={c.key}>
          <TimeSeriesChart title={c.title} times={times} series={c.series} height={150} />
        </div>
      ))}
    </div>
  );
}
