import type { TraceLogLine, TraceOutline, TraceOutlineSummary } from '../../api/types';

/** The span whose name marks a cold start: the extension's init phase, in the invocation's trace. */
export const INIT_SPAN = 'aws.lambda.init';

/**
 * A trace as the view works with it: one typed array per property, indexed by the span's place in the display
 * order (depth first, children by start time), so that a trace of 100,000 spans costs a few megabytes and no
 * object per span. Times are nanoseconds after the trace's start.
 *
 * Because a span's subtree follows it in the display order, the subtree of span `i` is exactly the spans
 * `i .. i + size[i] - 1`: collapsing a span hides that range.
 */
export interface TraceModel {
  traceId: string;
  summary: TraceOutlineSummary;
  n: number;
  spanId: readonly string[];
  /** The parent's index, -1 for a root; always less than the child's. */
  parent: Int32Array;
  depth: Int32Array;
  start: Float64Array;
  end: Float64Array;
  service: Int32Array;
  name: Int32Array;
  /** 0 unset, 1 ok, 2 error. */
  status: Uint8Array;
  /** The span and its descendants. */
  size: Int32Array;
  childCount: Int32Array;
  names: readonly string[];
  services: readonly string[];
  /** Log lines oldest first, as the outline gave them. */
  logs: readonly TraceLogLine[];
  logLimit: number;
  indexOf: ReadonlyMap<string, number>;
}

/**
 * The model of an outline. A parent index that does not fit a depth-first order (the API never sends one: it is
 * not before the child, or another subtree came between them) makes the child a root, so that the subtree ranges
 * stay true whatever arrives.
 */
export function buildModel(outline: TraceOutline): TraceModel {
  const cols = outline.spans;
  const n = cols.spanId.length;
  const parent = new Int32Array(n);
  const depth = new Int32Array(n);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const service = new Int32Array(n);
  const name = new Int32Array(n);
  const status = new Uint8Array(n);
  const size = new Int32Array(n).fill(1);
  const childCount = new Int32Array(n);
  const indexOf = new Map<string, number>();
  // the latest span at each depth: in a depth-first order, a span's parent is the latest at the depth above
  const latest: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = cols.parent[i] ?? -1;
    const fits = p >= 0 && p < i && latest[depth[p] as number] === p;
    parent[i] = fits ? p : -1;
    depth[i] = fits ? (depth[p] as number) + 1 : 0;
    latest[depth[i] as number] = i;
    latest.length = (depth[i] as number) + 1;
    start[i] = cols.start[i] ?? 0;
    end[i] = (start[i] as number) + Math.max(0, cols.duration[i] ?? 0);
    service[i] = cols.service[i] ?? 0;
    name[i] = cols.name[i] ?? 0;
    status[i] = cols.status[i] ?? 0;
    indexOf.set(cols.spanId[i] as string, i);
  }
  for (let i = n - 1; i > 0; i--) {
    const p = parent[i] as number;
    if (p >= 0) {
      size[p] = (size[p] as number) + (size[i] as number);
      childCount[p] = (childCount[p] as number) + 1;
    }
  }
  return {
    traceId: outline.traceId,
    summary: outline.summary,
    n,
    spanId: cols.spanId,
    parent,
    depth,
    start,
    end,
    service,
    name,
    status,
    size,
    childCount,
    names: outline.names,
    services: outline.summary.services,
    logs: outline.logs,
    logLimit: outline.logLimit,
    indexOf,
  };
}

export function spanName(m: TraceModel, i: number): string {
  return m.names[m.name[i] as number] ?? '';
}

export function serviceName(m: TraceModel, i: number): string {
  return m.services[m.service[i] as number] ?? '';
}

export function isError(m: TraceModel, i: number): boolean {
  return m.status[i] === 2;
}

export function isInit(m: TraceModel, i: number): boolean {
  return spanName(m, i) === INIT_SPAN;
}

/**
 * The spans shown, in order, when the spans in `collapsed` hide their descendants: the rows of the waterfall.
 * Ascending, so a span's row is found by binary search ({@link rowOf}).
 */
export function visibleRows(m: Pick<TraceModel, 'n' | 'size'>, collapsed: ReadonlySet<number>): Int32Array {
  const rows = new Int32Array(m.n);
  let count = 0;
  for (let i = 0; i < m.n; ) {
    rows[count++] = i;
    i += collapsed.has(i) ? (m.size[i] as number) : 1;
  }
  return rows.subarray(0, count);
}

/** Where span `index` is among `rows`, or -1 when a collapsed ancestor hides it. */
export function rowOf(rows: Int32Array, index: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rows[mid] as number;
    if (v === index) return mid;
    if (v < index) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** `collapsed` without the ancestors of span `index`, so that it is shown; the same set when none hid it. */
export function revealed(m: Pick<TraceModel, 'parent'>, collapsed: ReadonlySet<number>, index: number): Set<number> {
  const out = new Set(collapsed);
  for (let p = m.parent[index] ?? -1; p >= 0; p = m.parent[p] ?? -1) out.delete(p);
  return out;
}

/** Every span with children: "collapse all" collapses these. */
export function withChildren(m: Pick<TraceModel, 'n' | 'childCount'>): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < m.n; i++) if ((m.childCount[i] as number) > 0) out.add(i);
  return out;
}

/**
 * The spans a search finds, in display order: a case-insensitive substring of the span's name or service, or the
 * start of its span id. Names and services are compared once each (the outline lists each once), so a search of
 * 100,000 spans compares integers.
 */
export function search(m: TraceModel, query: string): number[] {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return [];
  const names = new Set<number>();
  m.names.forEach((v, i) => v.toLowerCase().includes(q) && names.add(i));
  const services = new Set<number>();
  m.services.forEach((v, i) => v.toLowerCase().includes(q) && services.add(i));
  const out: number[] = [];
  for (let i = 0; i < m.n; i++) {
    if (names.has(m.name[i] as number) || services.has(m.service[i] as number) || (m.spanId[i] as string).startsWith(q)) {
      out.push(i);
    }
  }
  return out;
}
