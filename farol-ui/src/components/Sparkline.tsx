/**
 * A tiny line of values (one per bucket, oldest first) as inline SVG: no canvas, no library, cheap enough for
 * one per table row. The label says what the line is for screen readers and tooltips.
 */
export function Sparkline({ values, label, width = 120, height = 24 }: {
  values: readonly number[];
  label: string;
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...values);
  const n = values.length;
  const x = (i: number) => (n <= 1 ? width / 2 : (i * width) / (n - 1));
  const y = (v: number) => height - 1 - (v / max) * (height - 2);
  const line = values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
  const area = n > 0 ? `${line}L${x(n - 1).toFixed(1)},${height}L${x(0).toFixed(1)},${height}Z` : '';
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      {n > 0 && <path class="area" d={area} />}
      {n > 0 && <path class="line" d={line} />}
    </svg>
  );
}
