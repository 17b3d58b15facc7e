import { millis } from '../../format/numbers';

/** A duration in nanoseconds as text: `850 µs`, `12.5 ms`, `1.24 s`; `0 µs` for none. */
export function nanos(ns: number): string {
  return ns <= 0 ? '0 µs' : ns < 1000 ? `${Math.round(ns)} ns` : millis(ns / 1e6);
}

/** A moment relative to the trace's start: `+12.5 ms`, `−1.20 s` before it. */
export function offset(ns: number): string {
  return ns < 0 ? `−${nanos(-ns)}` : `+${nanos(ns)}`;
}

/** An attribute's value as text: strings as they are, anything else as JSON (`true`, `42`, `["a","b"]`). */
export function attributeText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}

/** A Unix-nanosecond time as the reader's local date and time, to the millisecond. */
export function wallClock(unixNano: number): string {
  const d = new Date(Math.floor(unixNano / 1e6));
  return `${d.toLocaleDateString()} ${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
