import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { THEME_CHANGED } from '../app/theme';

/**
 * One line of a chart: its label, colour (a colour, or `var(--name)` for one of the stylesheet's) and values (`null`:
 * no value there, a gap in the line). `points` draws each value as a dot too, so that a value between gaps shows.
 */
export interface ChartSeries {
  label: string;
  color: string;
  values: readonly (number | null)[];
  points?: boolean;
}

interface Props {
  /** Unix seconds of each point, ascending. */
  times: readonly number[];
  series: readonly ChartSeries[];
  height?: number;
  title: string;
}

/**
 * A time-series chart drawn by uPlot. uPlot is loaded the first time a chart is shown (a chunk of its own),
 * so screens without charts do not pay for it. The chart follows its container's width, and the theme: uPlot
 * draws on a canvas, which cannot read CSS variables, so the colours are resolved when it draws.
 */
export function TimeSeriesChart({ times, series, height = 160, title }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
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
        const style = getComputedStyle(el);
        const color = (c: string) => {
          const v = /^var\((--[\w-]+)\)$/.exec(c);
          return v ? style.getPropertyValue(v[1] as string).trim() || '#888' : c;
        };
        const axis = { stroke: color('var(--muted)'), grid: { stroke: color('var(--grid)') } };
        const options: uPlot.Options = {
          width: el.clientWidth,
          height,
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          axes: [axis, { ...axis, size: 48 }],
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: color(s.color), width: 1.5, points: { show: s.points ?? false, size: 5 } }))],
        };
        const data: uPlot.AlignedData = [Array.from(times), ...series.map((s) => Array.from(s.values))];
        chart = new UPlot(options, data, el);
        resize = new ResizeObserver(() => chart?.setSize({ width: el.clientWidth, height }));
        resize.observe(el);
      },
      (e: unknown) => setFailed(`the chart could not load: ${String(e)}`),
    );
    return () => {
      cancelled = true;
      resize?.disconnect();
      chart?.destroy();
    };
  }, [times, series, height, theme]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {failed ? <p class="problem">{failed}</p> : <div ref={box} class="chart-box" />}
    </figure>
  );
}
