import type { TimeRange } from '../../app/timeRange';
import { rangeParams } from '../../app/timeRange';

/**
 * The recent invocations' filters and page, kept in the URL so that a link opens the same list: `?cold=1` (cold
 * starts only), `?errors=1` (failed only), `?minMs=250` (at least that long), `?cursor=…` (the page, as the API gave
 * its cursor). Changing a filter starts again from the newest page.
 */
export interface InvocationFilters {
  coldOnly: boolean;
  errorsOnly: boolean;
  minMs: number | null;
  cursor: string | null;
}

/** The query parameters this list owns; other screens' links leave them behind. */
export const LIST_PARAMS = ['cold', 'errors', 'minMs', 'cursor'] as const;

/** Rows a page holds. */
export const PAGE_SIZE = 20;

export function parseFilters(query: URLSearchParams): InvocationFilters {
  const min = Number(query.get('minMs'));
  return {
    coldOnly: query.get('cold') === '1',
    errorsOnly: query.get('errors') === '1',
    minMs: query.has('minMs') && Number.isFinite(min) && min >= 0 ? min : null,
    cursor: query.get('cursor') || null,
  };
}

/** `query` with the filters written in (and the ones not set removed). */
export function writeFilters(query: URLSearchParams, f: InvocationFilters): URLSearchParams {
  const out = new URLSearchParams(query);
  LIST_PARAMS.forEach((p) => out.delete(p));
  if (f.coldOnly) out.set('cold', '1');
  if (f.errorsOnly) out.set('errors', '1');
  if (f.minMs !== null) out.set('minMs', String(f.minMs));
  if (f.cursor !== null) out.set('cursor', f.cursor);
  return out;
}

/** The parameters of `GET /api/v1/invocations` for the function's list over the range. */
export function apiParams(name: string, range: TimeRange, f: InvocationFilters): Record<string, string> {
  const p: Record<string, string> = { function: name, limit: String(PAGE_SIZE), ...rangeParams(range) };
  if (f.coldOnly) p['coldStart'] = 'true';
  if (f.errorsOnly) p['error'] = 'true';
  if (f.minMs !== null) p['minDurationMs'] = String(f.minMs);
  if (f.cursor !== null) p['cursor'] = f.cursor;
  return p;
}
