/** Instants as they read on screen; every function returns plain text (rendering escapes it). */

const CLOCK = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

/** Unix nanoseconds as local time: `10:04:05.123`, with the day before it when it is not today (`3 May 10:04:05.123`). */
export function instant(unixNano: number): string {
  const ms = unixNano / 1e6;
  const d = new Date(ms);
  const millis = String(Math.floor(ms % 1000)).padStart(3, '0');
  const time = `${CLOCK.format(d)}.${millis}`;
  return sameDay(d, new Date()) ? time : `${DAY.format(d)} ${time}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** Nanoseconds as a duration: `850 µs`, `12.5 ms`, `1.24 s`; `0 ms` for none. */
export function nanos(ns: number): string {
  const ms = ns / 1e6;
  if (ms <= 0) return '0 ms';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A signed change of duration: `+12.5 ms`, `−3.0 ms`. */
export function delta(ns: number): string {
  if (ns === 0) return '±0 ms';
  return `${ns > 0 ? '+' : '−'}${nanos(Math.abs(ns))}`;
}

/** A trace id shortened for a table: its first 8 and last 4 digits. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
