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

/** A trace in a few numbers: the first answer of `GET /api/v1/traces/{id}/outline` and of its first window. */
export interface TraceOutlineSummary {
  traceId: string;
  startTimeUnixNano: number;
  endTimeUnixNano: number;
  durationNanos: number;
  spanCount: number;
  /** In order of first appearance in the display order; the outline's `service` column indexes this. */
  services: string[];
  errorCount: number;
  rootName: string | null;
  rootService: string | null;
}

/** A log line as the logs API and the outline give it. */
export interface TraceLogLine {
  timeUnixNano: number;
  severity: string | null;
  body: string | null;
  service: string | null;
  function: string | null;
  requestId: string | null;
  traceId: string | null;
  spanId: string | null;
  attributes: Record<string, unknown>;
}

/**
 * `GET /api/v1/traces/{id}/outline`: every span in display order (depth first, children by start time) as columns;
 * span `i` is the `i`-th value of each. `parent` is an index in that order (-1 for a root, always before the
 * child), `start` nanoseconds after the summary's start, `service` and `name` indexes into `summary.services` and
 * `names`, `status` 0 unset, 1 ok, 2 error.
 */
export interface TraceOutline {
  traceId: string;
  summary: TraceOutlineSummary;
  names: string[];
  spans: {
    spanId: string[];
    parent: number[];
    start: number[];
    duration: number[];
    service: number[];
    name: number[];
    status: number[];
  };
  logLimit: number;
  logs: TraceLogLine[];
}

export interface SpanEvent {
  name: string;
  timeUnixNano: number;
  attributes: Record<string, unknown>;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  attributes: Record<string, unknown>;
}

/** A whole span (attributes, events, links) with its place in the display order: a window's item. */
export interface SpanInWindow {
  spanId: string;
  parentSpanId: string | null;
  name: string | null;
  service: string | null;
  kind: string | null;
  startTimeUnixNano: number;
  endTimeUnixNano: number;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message: string | null };
  attributes: Record<string, unknown>;
  events: SpanEvent[];
  links: SpanLink[];
  index: number;
  depth: number;
  parentIndex: number;
}

/** `GET /api/v1/traces/{id}/spans?offset=&limit=`: whole spans in display order; the first window has the summary. */
export interface SpansWindow {
  traceId: string;
  offset: number;
  limit: number;
  total: number;
  summary?: TraceOutlineSummary;
  spans: SpanInWindow[];
}

/** The body of every 4xx/5xx answer. */
export interface ErrorAnswer {
  error: string;
}

/** One trace of a search: `GET /api/v1/traces`. */
export interface TraceRow {
  traceId: string;
  rootName: string | null;
  service: string | null;
  startTimeUnixNano: number;
  durationNanos: number;
  spanCount: number;
  error: boolean;
}

/** A trace on the scatter. */
export interface ScatterPoint {
  traceId: string;
  startTimeUnixNano: number;
  durationNanos: number;
  error: boolean;
}

/** The traces that started in [from, to) and took [minDuration, maxDuration). */
export interface ScatterBin {
  fromUnixNano: number;
  toUnixNano: number;
  minDurationNanos: number;
  maxDurationNanos: number;
  count: number;
  errors: number;
}

/** Every match of a search: each as a point up to 1,000 matches, else counted in bins. */
export type Scatter = { kind: 'points'; points: ScatterPoint[] } | { kind: 'bins'; bins: ScatterBin[] };

export interface TraceSearchAnswer {
  traces: TraceRow[];
  total: number;
  /** The cursor of the next page, `null` on the last. */
  next: string | null;
  window: { fromUnixNano: number; toUnixNano: number };
  scatter?: Scatter;
}

/** One side of a compared span. */
export interface DiffSide {
  spanId: string;
  startOffsetNanos: number;
  durationNanos: number;
  error: boolean;
}

export type Change = 'same' | 'slower' | 'faster' | 'added' | 'missing';

/** A span of the diff: its match in each trace (`null` where it has none). */
export interface DiffNode {
  service: string | null;
  name: string | null;
  change: Change;
  a: DiffSide | null;
  b: DiffSide | null;
  deltaNanos: number;
  children: DiffNode[];
}

/** `GET /api/v1/compare`: `a` is the baseline. */
export interface CompareAnswer {
  a: TraceRow;
  b: TraceRow;
  sameRoot: boolean;
  counts: Record<Change, number>;
  spans: DiffNode[];
}

/** One log line: `GET /api/v1/logs`. */
export interface LogLine {
  timeUnixNano: number;
  severity: string | null;
  level: string | null;
  body: string | null;
  service: string | null;
  function: string | null;
  requestId: string | null;
  traceId: string | null;
  spanId: string | null;
}

export interface LogsAnswer {
  logs: LogLine[];
  /** The next page's cursor, `null` on the last. */
  next: string | null;
  /** Give back as `tail=` for the lines stored since. */
  tail: string;
  /** In a tail step: more lines wait. */
  more?: boolean;
}
