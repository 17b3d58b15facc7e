import type { TimeRange } from '../../app/timeRange';
import { rangeParams } from '../../app/timeRange';

/**
 * The trace search's filters, kept in the URL's query (so a link opens the same search) under the query API's own
 * parameter names: `service`, `function`, `route`, `span`, `error` (`true`/`false`), `minDurationMs`,
 * `maxDurationMs`, `attr` (repeated, `key=value`).
 */
export interface TraceFilters {
  service: string;
  function: string;
  route: string;
  span: string;
  status: 'any' | 'ok' | 'error';
  minMs: string;
  maxMs: string;
  attributes: string[];
}

export const NO_FILTERS: TraceFilters = {
  service: '',
  function: '',
  route: '',
  span: '',
  status: 'any',
  minMs: '',
  maxMs: '',
  attributes: [],
};

export function parseFilters(query: URLSearchParams): TraceFilters {
  const error = query.get('error');
  return {
    service: query.get('service') ?? '',
    function: query.get('function') ?? '',
    route: query.get('route') ?? '',
    span: query.get('span') ?? '',
    status: error === 'true' ? 'error' : error === 'false' ? 'ok' : 'any',
    minMs: query.get('minDurationMs') ?? '',
    maxMs: query.get('maxDurationMs') ?? '',
    attributes: query.getAll('attr').filter((a) => a.length > 0),
  };
}

/** `query` with these filters in place of the ones it had (other parameters, the range's included, kept). */
export function writeFilters(query: URLSearchParams, f: TraceFilters): URLSearchParams {
  const out = new URLSearchParams(query);
  ['service', 'function', 'route', 'span', 'error', 'minDurationMs', 'maxDurationMs', 'attr'].forEach((p) =>
    out.delete(p),
  );
  const set = (name: string, value: string) => {
    if (value.trim() !== '') out.set(name, value.trim());
  };
  set('service', f.service);
  set('function', f.function);
  set('route', f.route);
  set('span', f.span);
  if (f.status !== 'any') out.set('error', f.status === 'error' ? 'true' : 'false');
  set('minDurationMs', f.minMs);
  set('maxDurationMs', f.maxMs);
  f.attributes.forEach((a) => out.append('attr', a));
  return out;
}

/** The API's parameters for a page of the search: the filters, the range, the page's cursor and the scatter. */
export function searchParams(f: TraceFilters, range: TimeRange, cursor: string | null): URLSearchParams {
  const out = writeFilters(new URLSearchParams(rangeParams(range)), f);
  out.set('limit', '50');
  if (cursor !== null) out.set('cursor', cursor);
  else out.set('scatter', 'true');
  return out;
}

/** Whether any filter is set. */
export function anyFilter(f: TraceFilters): boolean {
  return writeFilters(new URLSearchParams(), f).toString() !== '';
}
