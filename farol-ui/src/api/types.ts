/**
 * The query API's answers as the UI reads them (docs/api.md). Only what a screen uses is typed; the server may
 * send more. Times are Unix nanoseconds as JSON numbers (exact to the microsecond, enough for display).
 */

/**
 * The window a functions overview covers (from the minute holding `since` to the end of the minute holding
 * `until`) and its buckets: bucket `i` starts at `firstBucketUnixNano + i * stepNanos`.
 */
export interface SeriesWindow {
  fromUnixNano: number;
  toUnixNano: number;
  firstBucketUnixNano: number;
  stepNanos: number;
  buckets: number;
}

/** One value per bucket of the window, oldest first. */
export interface FunctionSeries {
  invocations: number[];
  errors: number[];
  coldStarts: number[];
}

/** One function over the window: `GET /api/v1/functions`. */
export interface FunctionSummary {
  name: string;
  invocations: number;
  errors: number;
  coldStarts: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMemoryUsedMb: number;
  memorySizeMb: number;
  estimatedCostUsd: number;
  series: FunctionSeries;
}

export interface FunctionsAnswer {
  window: SeriesWindow;
  functions: FunctionSummary[];
}

/** The body of every 4xx/5xx answer. */
export interface ErrorAnswer {
  error: string;
}
