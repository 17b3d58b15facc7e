import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Scatter, ScatterBin, ScatterPoint } from '../../api/types';
import { THEME_CHANGED } from '../../app/theme';
import { count } from '../../format/numbers';
import { instant, nanos } from '../../format/time';

interface Props {
  scatter: Scatter;
  /** The search's window, Unix nanoseconds: the time axis. */
  window: { fromUnixNano: number; toUnixNano: number };
  onPoint: (traceId: string) => void;
  onBin: (bin: ScatterBin) => void;
}

/** Pixels within which a click or the pointer picks a point. */
const PICK_PX = 12;

/**
 * Every match of the search by start time (x) and duration (y, log scale), drawn by uPlot: one dot per trace (errors
 * in the error colour; a click opens the trace), or, beyond the server's threshold, its bins as cells shaded by how
 * many traces each holds (a click narrows the search to the cell). The figure says which it shows and how many
 * (`data-kind`, `data-count`) for people and tests alike.
 */
export function ScatterChart({ scatter, window: win, onPoint, onBin }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  const [theme, setTheme] = useState(0);
  useEffect(() => {
    const redraw = () => setTheme((t) => t + 1);
    window.addEventListener(THEME_CHANGED, redraw);
    return () => window.removeEventListener(THEME_CHANGED, redraw);
  }, []);
  useEffect(() => {
    let chart: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let cancelled = false;
    import('uplot').then(
      ({ default: UPlot }) => {
        const el = box.current;
        if (cancelled || el === null) return;
        chart = draw(UPlot, el, scatter, win, {
          hover: setHover,
          click: (pick) => pick(),
          onPoint,
          onBin,
        });
        const c = chart;
        resize = new ResizeObserver(() => c.setSize({ width: el.clientWidth, height: HEIGHT }));
        resize.observe(el);
      },
      (e: unknown) => setFailed(`the chart could not load: ${String(e)}`),
    );
    return () => {
      cancelled = true;
      resize?.disconnect();
      chart?.destroy();
    };
  }, [scatter, win.fromUnixNano, win.toUnixNano, theme]);
  const n = scatter.kind === 'points' ? scatter.points.length : scatter.bins.reduce((s, b) => s + b.count, 0);
  const caption =
    scatter.kind === 'points'
      ? `Duration by start time: ${count(n)} ${n === 1 ? 'trace' : 'traces'}, click one to open it`
      : `Duration by start time: ${count(n)} traces in ${count(scatter.bins.length)} cells (darker holds more), click one to narrow the search to it`;
  return (
    <figure class="chart scatter" data-kind={scatter.kind} data-count={n}>
      <figcaption>{caption}</figcaption>
      {failed ? <p class="problem">{failed}</p> : <div ref={box} class="chart-box" />}
      <p class="scatter-hover muted" aria-live="polite">
        {hover ?? '\u00a0'}
      </p>
    </figure>
  );
}

const HEIGHT = 200;

interface Handlers {
  hover: (text: string | null) => void;
  click: (pick: () => void) => void;
  onPoint: (traceId: string) => void;
  onBin: (bin: ScatterBin) => void;
}

function draw(
  UPlot: typeof uPlot,
  el: HTMLElement,
  scatter: Scatter,
  win: { fromUnixNano: number; toUnixNano: number },
  on: Handlers,
): uPlot {
  const style = getComputedStyle(el);
  const css = (name: string) => style.getPropertyValue(name).trim() || '#888';
  const axis = { stroke: css('--muted'), grid: { stroke: css('--grid') } };
  const points = scatter.kind === 'points' ? scatter.points : [];
  const bins = scatter.kind === 'bins' ? scatter.bins : [];
  const durations = scatter.kind === 'points' ? points.map((p) => p.durationNanos) : bins.flatMap((b) => [b.minDurationNanos, b.maxDurationNanos]);
  const lowMs = Math.max(0.001, Math.min(...durations, Number.MAX_VALUE) / 1e6);
  const highMs = Math.max(lowMs * 2, Math.max(...durations, 0) / 1e6);
  const dot = (color: string): uPlot.Series => ({
    stroke: color,
    fill: color,
    paths: () => null,
    points: { show: true, size: 7, stroke: color, fill: color, width: 1 },
  });
  const xs = scatter.kind === 'points' ? points.map((p) => p.startTimeUnixNano / 1e9) : [win.fromUnixNano / 1e9, win.toUnixNano / 1e9];
  const ok = scatter.kind === 'points' ? points.map((p) => (p.error ? null : ms(p))) : [null, null];
  const bad = scatter.kind === 'points' ? points.map((p) => (p.error ? ms(p) : null)) : [null, null];
  const options: uPlot.Options = {
    width: el.clientWidth,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: { time: true, range: [win.fromUnixNano / 1e9, win.toUnixNano / 1e9] },
      y: { distr: 3, range: [lowMs / 1.5, highMs * 1.5] },
    },
    axes: [
      axis,
      {
        ...axis,
        size: 64,
        splits: (u) => logSplits(u.scales['y']?.min ?? lowMs, u.scales['y']?.max ?? highMs),
        values: (_u, values) => values.map((v) => (v === null || v === undefined ? '' : nanos(v * 1e6))),
      },
    ],
    series: [{}, dot(css('--accent')), dot(css('--error'))],
    hooks: {
      draw: [
        (u) => {
          if (bins.length === 0) return;
          const most = Math.max(...bins.map((b) => b.count));
          const ctx = u.ctx;
          ctx.save();
          for (const b of bins) {
            const x0 = u.valToPos(b.fromUnixNano / 1e9, 'x', true);
            const x1 = Math.max(x0 + 2, u.valToPos(b.toUnixNano / 1e9, 'x', true));
            const y0 = u.valToPos(Math.max(lowMs, b.maxDurationNanos / 1e6), 'y', true);
            const y1 = Math.max(y0 + 2, u.valToPos(Math.max(lowMs, b.minDurationNanos / 1e6), 'y', true));
            ctx.globalAlpha = 0.2 + (0.8 * Math.log1p(b.count)) / Math.log1p(most);
            ctx.fillStyle = b.errors > 0 ? css('--error') : css('--accent');
            ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
          }
          ctx.restore();
        },
      ],
    },
  };
  const chart = new UPlot(options, [xs, ok, bad] as uPlot.AlignedData, el);
  const pointAt = (left: number, top: number): ScatterPoint | null => {
    let best: ScatterPoint | null = null;
    let bestDistance = PICK_PX * PICK_PX;
    for (const p of points) {
      const dx = chart.valToPos(p.startTimeUnixNano / 1e9, 'x') - left;
      const dy = chart.valToPos(ms(p), 'y') - top;
      const d = dx * dx + dy * dy;
      if (d <= bestDistance) {
        best = p;
        bestDistance = d;
      }
    }
    return best;
  };
  const binAt = (left: number, top: number): ScatterBin | null => {
    const t = chart.posToVal(left, 'x') * 1e9;
    const d = chart.posToVal(top, 'y') * 1e6;
    return bins.find((b) => t >= b.fromUnixNano && t <= b.toUnixNano && d >= b.minDurationNanos * 0.98 && d <= b.maxDurationNanos * 1.02) ?? null;
  };
  const describe = (left: number, top: number): { text: string; pick: () => void } | null => {
    if (scatter.kind === 'points') {
      const p = pointAt(left, top);
      return p
        ? { text: `${p.error ? 'error · ' : ''}${nanos(p.durationNanos)} at ${instant(p.startTimeUnixNano)} · trace ${p.traceId}`, pick: () => on.onPoint(p.traceId) }
        : null;
    }
    const b = binAt(left, top);
    return b
      ? {
          text: `${count(b.count)} ${b.count === 1 ? 'trace' : 'traces'} (${count(b.errors)} with errors), ${nanos(b.minDurationNanos)}–${nanos(b.maxDurationNanos)}, ${instant(b.fromUnixNano)}–${instant(b.toUnixNano)}`,
          pick: () => on.onBin(b),
        }
      : null;
  };
  chart.over.addEventListener('mousemove', (e) => {
    const found = describe(e.offsetX, e.offsetY);
    chart.over.style.cursor = found ? 'pointer' : 'default';
    on.hover(found?.text ?? null);
  });
  chart.over.addEventListener('mouseleave', () => on.hover(null));
  chart.over.addEventListener('click', (e) => {
    const found = describe(e.offsetX, e.offsetY);
    if (found) on.click(found.pick);
  });
  return chart;
}

/** Ticks of a log axis between `min` and `max` (ms): 1, 2 and 5 times powers of ten, thinned to at most six. */
export function logSplits(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= min && v <= max) out.push(v);
    }
  }
  if (out.length <= 6) return out;
  const decades = out.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  return decades.length >= 2 ? decades : out.filter((_, i) => i % Math.ceil(out.length / 6) === 0);
}

function ms(p: ScatterPoint): number {
  return Math.max(0.001, p.durationNanos / 1e6);
}
