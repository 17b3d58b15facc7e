import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';

/** One line of a chart: its label, colour (a CSS custom property's value) and one value per point. */
export interface ChartSeries {
  label: string;
  color: string;
  values: readonly number[];
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
 * so screens without charts do not pay for it. The chart follows its container's width.
 */
export function TimeSeriesChart({ times, series, height = 160, title }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let chart: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let cancelled = false;
    import('uplot').then(
      ({ default: UPlot }) => {
        const el = box.current;
        if (cancelled || el === null) return;
        const style = getComputedStyle(el);
        const axis = { stroke: style.getPropertyValue('--muted'), grid: { stroke: style.getPropertyValue('--grid') } };
        const options: uPlot.Options = {
          width: el.clientWidth,
          height,
          legend: { show: true },
          cursor: { drag: { x: false, y: false } },
          axes: [axis, { ...axis, size: 48 }],
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, points: { show: false } }))],
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
  }, [times, series, height]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      {failed ? <p class="problem">{failed}</p> : <div ref={box} class="chart-box" />}
    </figure>
  );
}
