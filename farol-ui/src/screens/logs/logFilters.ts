import type { TimeRange } from '../../app/timeRange';
import { rangeParams } from '../../app/timeRange';

/** The levels a line can have, in increasing severity (the query API's `level=`). */
export const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * The logs screen's filters, in the URL's query under the query API's names: `q` (text in the line), `function`,
 * `level` (comma-separated), `requestId`, `traceId`.
 */
export interface LogFilters {
  q: string;
  function: string;
  levels: Level[];
  requestId: string;
  traceId: string;
}

const NAMES = ['q', 'function', 'level', 'requestId', 'traceId'] as const;

export function parseLogFilters(query: URLSearchParams): LogFilters {
  const levels = (query.get('level') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter((l): l is Level => (LEVELS as readonly string[]).includes(l));
  return {
    q: query.get('q') ?? '',
    function: query.get('function') ?? '',
    levels: LEVELS.filter((l) => levels.includes(l)),
    requestId: query.get('requestId') ?? '',
    traceId: query.get('traceId') ?? '',
  };
}

/** `query` with these filters in place of the ones it had. */
export function writeLogFilters(query: URLSearchParams, f: LogFilters): URLSearchParams {
  const out = new URLSearchParams(query);
  NAMES.forEach((n) => out.delete(n));
  const set = (name: string, value: string) => {
    if (value.trim() !== '') out.set(name, value.trim());
  };
  set('q', f.q);
  set('function', f.function);
  set('level', f.levels.join(','));
  set('requestId', f.requestId);
  set('traceId', f.traceId.toLowerCase());
  return out;
}

/** A search's parameters (newest first), for its first page or the one at `cursor`. */
export function logParams(f: LogFilters, range: TimeRange, cursor: string | null): URLSearchParams {
  const out = writeLogFilters(new URLSearchParams(rangeParams(range)), f);
  out.set('order', 'desc');
  out.set('limit', '200');
  if (cursor !== null) out.set('cursor', cursor);
  return out;
}

/** A live tail step's parameters: the same filters and order (the tail cursor is made for them). */
export function tailParams(f: LogFilters, tail: string): URLSearchParams {
  const out = writeLogFilters(new URLSearchParams(), f);
  out.set('order', 'desc');
  out.set('limit', '200');
  out.set('tail', tail);
  return out;
}
