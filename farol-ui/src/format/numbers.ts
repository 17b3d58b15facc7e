/** How numbers read on screen. Every function returns plain text; rendering escapes it. */

const COUNT = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return COUNT.format(n);
}

/** A share of a whole, `0 %` when there is no whole. */
export function percent(part: number, whole: number): string {
  if (whole === 0) return '–';
  const p = (100 * part) / whole;
  return `${p === 0 || p >= 10 ? p.toFixed(0) : p.toFixed(1)} %`;
}

/** A duration in milliseconds: `850 µs`, `12.5 ms`, `1.24 s`. */
export function millis(ms: number): string {
  if (ms <= 0) return '–';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

const CENTS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const SMALL = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** US dollars: cents from a cent up, else two significant digits (`$0.0000086`), never exponents. */
export function usd(v: number): string {
  if (v === 0) return '$0';
  return v >= 0.01 ? CENTS.format(v) : SMALL.format(v);
}

/** A bucket width in nanoseconds: `1m`, `30m`, `3h`, `1d`. */
export function step(nanos: number): string {
  const minutes = nanos / 60e9;
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 1440) return `${minutes / 60}h`;
  return `${minutes / 1440}d`;
}
