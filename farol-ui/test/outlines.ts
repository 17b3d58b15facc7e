import type { TraceOutline } from '../src/api/types';

/** A span of a crafted trace, given in display order; times in nanoseconds after the trace's start. */
export interface Crafted {
  id: string;
  parent: number;
  start: number;
  end: number;
  name?: string;
  service?: string;
  error?: boolean;
}

/** The outline the API would give for these spans (already in display order). */
export function outline(spans: readonly Crafted[]): TraceOutline {
  const names: string[] = [];
  const services: string[] = [];
  const places = new Map<string[], Map<string, number>>([
    [names, new Map()],
    [services, new Map()],
  ]);
  const at = (list: string[], v: string) => {
    const known = places.get(list) as Map<string, number>;
    const i = known.get(v);
    if (i !== undefined) return i;
    known.set(v, list.length);
    return list.push(v) - 1;
  };
  const duration = spans.reduce((d, s) => Math.max(d, s.end), 0);
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    summary: {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      startTimeUnixNano: 1_795_561_300_000_000_000,
      endTimeUnixNano: 1_795_561_300_000_000_000 + duration,
      durationNanos: duration,
      spanCount: spans.length,
      services,
      errorCount: spans.filter((s) => s.error).length,
      rootName: spans[0]?.name ?? null,
      rootService: spans[0]?.service ?? null,
    },
    names,
    spans: {
      spanId: spans.map((s) => s.id),
      parent: spans.map((s) => s.parent),
      start: spans.map((s) => s.start),
      duration: spans.map((s) => s.end - s.start),
      service: spans.map((s) => at(services, s.service ?? 'svc')),
      name: spans.map((s) => at(names, s.name ?? s.id)),
      status: spans.map((s) => (s.error ? 2 : 0)),
    },
    logLimit: 1000,
    logs: [],
  };
}
