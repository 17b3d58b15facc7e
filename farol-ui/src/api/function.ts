/**
 * The function page's calls and their answers (docs/api.md): `GET /api/v1/functions/{name}`, `GET
 * /api/v1/invocations` and `GET /api/v1/findings`. Times are Unix nanoseconds as JSON numbers.
 */
import type { TimeRange } from '../app/timeRange';
import { rangeParams } from '../app/timeRange';
import { apiGet } from './client';
import type { SeriesWindow } from './types';

/** One of a function's series: a value per bucket, `null` where the bucket has none (no invocation, no init). */
export type Gappy = (number | null)[];

/** `GET /api/v1/functions/{name}`: one function's page. */
export interface FunctionPageAnswer {
  name: string;
  window: SeriesWindow;
  /** `null` when the window holds no invocation of it. */
  summary: FunctionTotals | null;
  series: FunctionPageSeries;
  /** As `farol up` runs it; `null` when `farol up` does not run it (a deployed function sending here). */
  configuration: FunctionConfiguration | null;
  /** What `farol doctor` found in its definition when `farol up` loaded it. */
  findings: Finding[];
  /** What the doctor could not read of the definition file. */
  doctorErrors: string[];
}

export interface FunctionTotals {
  invocations: number;
  errors: number;
  coldStarts: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMemoryUsedMb: number;
  memorySizeMb: number;
  estimatedCostUsd: number;
  inits: number;
  initMeanMs: number;
  initMaxMs: number;
}

export interface FunctionPageSeries {
  invocations: number[];
  errors: number[];
  coldStarts: number[];
  p50Ms: Gappy;
  p95Ms: Gappy;
  p99Ms: Gappy;
  inits: number[];
  initMeanMs: Gappy;
  initMaxMs: Gappy;
  maxMemoryUsedMb: Gappy;
  memorySizeMb: Gappy;
}

export interface FunctionConfiguration {
  runtime: string;
  handler: string;
  memorySizeMb: number;
  timeoutSeconds: number;
  architecture: string;
  /** `attached`: `farol up` added it, the definition does not name it. */
  layers: { ref: string; attached: boolean }[];
  environment: EnvironmentVariable[];
  routes: string[];
  reservedConcurrency: number | null;
  code: string;
  definedAt: string;
}

export interface EnvironmentVariable {
  name: string;
  value: string;
  /** `farol up` set it (or replaced the definition's value). */
  attached: boolean;
}

/** A finding in the one shape the doctor's `--json`, the extension and the UI share. */
export interface Finding {
  code: string;
  name: string;
  severity: string;
  function?: string;
  signals: string[];
  title: string;
  message: string;
  why: string;
  evidence: { file?: string; line?: number; column?: number; path?: string; excerpt?: string };
  fix?: { summary: string; language: string; diff: string };
  /** `docs/doctor.md#farol-h001-handler-not-wrapped` */
  docs: string;
}

/** `GET /api/v1/findings?function=`: what Farol's extension found at run time, the latest per code. */
export interface RuntimeFindingsAnswer {
  function: string;
  findings: RuntimeFinding[];
}

export interface RuntimeFinding {
  lastSeenUnixNano: number;
  lastRequestId: string;
  invocations: number;
  finding: Finding;
}

/** One invocation of `GET /api/v1/invocations`. */
export interface Invocation {
  requestId: string;
  function: string;
  traceId: string | null;
  startTimeUnixNano: number;
  durationMs: number;
  coldStart: boolean;
  status: string;
  errorType: string | null;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  billedDurationMs: number;
  trigger: string | null;
}

/** A page of invocations, newest first, with the cursors of the pages beside it (`null`: none). */
export interface InvocationsAnswer {
  invocations: Invocation[];
  nextCursor: string | null;
  prevCursor: string | null;
}

/** `GET /api/v1/functions/{name}` over a time range: its summary, series, configuration and doctor's findings. */
export function functionPage(name: string, range: TimeRange, signal?: AbortSignal): Promise<FunctionPageAnswer> {
  return apiGet<FunctionPageAnswer>(`/api/v1/functions/${encodeURIComponent(name)}`, rangeParams(range), signal);
}

/** `GET /api/v1/findings`: what Farol's extension found in the function's invocations since the range's start. */
export function runtimeFindings(name: string, range: TimeRange, signal?: AbortSignal): Promise<RuntimeFindingsAnswer> {
  const since = rangeParams(range)['since'] ?? '1h';
  return apiGet<RuntimeFindingsAnswer>('/api/v1/findings', { function: name, since }, signal);
}

/** `GET /api/v1/invocations` with its parameters (`function`, `since`, `coldStart`, `cursor`, …). */
export function invocations(params: Record<string, string>, signal?: AbortSignal): Promise<InvocationsAnswer> {
  return apiGet<InvocationsAnswer>('/api/v1/invocations', params, signal);
}
