import { apiKey, keyRefused } from './apiKey';
import type {
  CompareAnswer,
  ErrorAnswer,
  FunctionsAnswer,
  LogsAnswer,
  SpansWindow,
  TraceOutline,
  TraceSearchAnswer,
} from './types';
import type { TimeRange } from '../app/timeRange';
import { rangeParams } from '../app/timeRange';

/** A call that did not answer 2xx: the server's own message when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * GET a query API path (`/api/v1/...`) with its parameters, sending the API key when one is kept. Resolves to
 * the parsed JSON; rejects with an {@link ApiError} carrying the server's `error` text (a 401 also brings the
 * key form back), or the network's reason when there was no answer.
 */
export async function apiGet<T>(
  path: string,
  params: Record<string, string> | URLSearchParams = {},
  signal?: AbortSignal,
): Promise<T> {
  const query = new URLSearchParams(params).toString();
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = apiKey();
  if (key !== null) {
    headers['x-farol-api-key'] = key;
  }
  let response: Response;
  try {
    response = await fetch(query ? `${path}?${query}` : path, { headers, signal: signal ?? null });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, `the server did not answer (${String(e)}); is farol running?`);
  }
  if (response.status === 401) {
    keyRefused();
    throw new ApiError(401, 'the server wants its API key (FAROL_API_KEY)');
  }
  const text = await response.text();
  if (!response.ok) {
    throw new ApiError(response.status, `${path}: ${response.status} ${errorText(text) ?? response.statusText}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, `${path}: the answer is not JSON`);
  }
}

function errorText(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as Partial<ErrorAnswer>;
    return typeof parsed.error === 'string' ? parsed.error : null;
  } catch {
    return body.length > 0 && body.length < 300 ? body : null;
  }
}

/** `GET /api/v1/functions` over a time range: every function's summary and its series. */
export function functions(range: TimeRange, signal?: AbortSignal): Promise<FunctionsAnswer> {
  return apiGet<FunctionsAnswer>('/api/v1/functions', rangeParams(range), signal);
}

/** `GET /api/v1/traces` with the search's parameters (filters, range, cursor, `scatter=true`). */
export function searchTraces(params: URLSearchParams, signal?: AbortSignal): Promise<TraceSearchAnswer> {
  return apiGet<TraceSearchAnswer>('/api/v1/traces', params, signal);
}

/** `GET /api/v1/compare`: the structural diff of trace `b` against trace `a`. */
export function compareTraces(a: string, b: string, signal?: AbortSignal): Promise<CompareAnswer> {
  return apiGet<CompareAnswer>('/api/v1/compare', { a, b }, signal);
}

/** `GET /api/v1/logs` with the search's parameters, or a tail step (`tail=`). */
export function searchLogs(params: URLSearchParams, signal?: AbortSignal): Promise<LogsAnswer> {
  return apiGet<LogsAnswer>('/api/v1/logs', params, signal);
}

/** `GET /api/v1/traces/{id}/outline`: the trace's summary, every span's place and time, its log lines. */
export function traceOutline(traceId: string, signal?: AbortSignal): Promise<TraceOutline> {
  return apiGet<TraceOutline>(`/api/v1/traces/${encodeURIComponent(traceId)}/outline`, {}, signal);
}

/** `GET /api/v1/traces/{id}/spans`: whole spans `offset .. offset + limit - 1` of the display order. */
export function traceSpans(traceId: string, offset: number, limit: number, signal?: AbortSignal): Promise<SpansWindow> {
  return apiGet<SpansWindow>(
    `/api/v1/traces/${encodeURIComponent(traceId)}/spans`,
    { offset: String(offset), limit: String(limit) },
    signal,
  );
}
