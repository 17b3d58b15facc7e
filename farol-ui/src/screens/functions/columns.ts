import type { FunctionSummary } from '../../api/types';
import { count, millis, percent, usd } from '../../format/numbers';

/**
 * The overview's columns: what each shows and what it sorts by. The key is what `?sort=` names in the URL.
 */
export interface Column {
  key: string;
  label: string;
  title: string;
  /** The value sorted by. */
  value: (f: FunctionSummary) => number | string;
  /** The text shown. */
  text: (f: FunctionSummary) => string;
  numeric: boolean;
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

export const COLUMNS: readonly Column[] = [
  { key: 'name', label: 'Function', title: 'Function name', value: (f) => f.name, text: (f) => f.name, numeric: false },
  {
    key: 'invocations',
    label: 'Invocations',
    title: 'Invocations in the range',
    value: (f) => f.invocations,
    text: (f) => count(f.invocations),
    numeric: true,
  },
  { key: 'errors', label: 'Errors', title: 'Invocations that ended in error', value: (f) => f.errors, text: (f) => count(f.errors), numeric: true },
  {
    key: 'errorRate',
    label: 'Error %',
    title: 'Errors per invocation',
    value: (f) => rate(f.errors, f.invocations),
    text: (f) => percent(f.errors, f.invocations),
    numeric: true,
  },
  {
    key: 'coldStarts',
    label: 'Cold starts',
    title: 'Invocations that started a new execution environment',
    value: (f) => f.coldStarts,
    text: (f) => count(f.coldStarts),
    numeric: true,
  },
  {
    key: 'coldStartRate',
    label: 'Cold %',
    title: 'Cold starts per invocation',
    value: (f) => rate(f.coldStarts, f.invocations),
    text: (f) => percent(f.coldStarts, f.invocations),
    numeric: true,
  },
  { key: 'p50', label: 'p50', title: 'Median duration', value: (f) => f.p50Ms, text: (f) => millis(f.p50Ms), numeric: true },
  { key: 'p95', label: 'p95', title: '95th percentile duration', value: (f) => f.p95Ms, text: (f) => millis(f.p95Ms), numeric: true },
  { key: 'p99', label: 'p99', title: '99th percentile duration', value: (f) => f.p99Ms, text: (f) => millis(f.p99Ms), numeric: true },
  {
    key: 'memory',
    label: 'Memory',
    title: 'Largest memory used against the memory configured (MB); sorted by the share used',
    value: (f) => rate(f.maxMemoryUsedMb, f.memorySizeMb),
    text: (f) => `${f.maxMemoryUsedMb > 0 ? count(f.maxMemoryUsedMb) : '–'} / ${count(f.memorySizeMb)} MB`,
    numeric: true,
  },
  {
    key: 'cost',
    label: 'Cost',
    title: "Billed GB-seconds at Lambda's price, plus the requests",
    value: (f) => f.estimatedCostUsd,
    text: (f) => usd(f.estimatedCostUsd),
    numeric: true,
  },
];

export type Direction = 'asc' | 'desc';

export interface Sort {
  column: Column;
  direction: Direction;
}

const DEFAULT_SORT = 'invocations';

/** The sort the URL asks for (`?sort=errors&dir=asc`); by invocations, most first, when it asks for none. */
export function parseSort(query: URLSearchParams): Sort {
  const column = COLUMNS.find((c) => c.key === query.get('sort')) ?? (COLUMNS.find((c) => c.key === DEFAULT_SORT) as Column);
  const dir = query.get('dir');
  return { column, direction: dir === 'asc' || dir === 'desc' ? dir : column.numeric ? 'desc' : 'asc' };
}

/** The functions in the sort's order; ties by name, so the order is stable. */
export function sorted(functions: readonly FunctionSummary[], sort: Sort): FunctionSummary[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...functions].sort((a, b) => {
    const x = sort.column.value(a);
    const y = sort.column.value(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a.name.localeCompare(b.name);
  });
}
