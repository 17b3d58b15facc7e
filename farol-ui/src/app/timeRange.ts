/**
 * The time range every screen shows, kept in the URL so that a link opens the same view: `?range=1h` for the
 * last hour (the presets below), `?from=MS&to=MS` (Unix milliseconds) for a custom range. No parameter means
 * {@link DEFAULT_PRESET}.
 */
export const PRESETS = ['15m', '1h', '6h', '24h', '7d'] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_PRESET: Preset = '1h';

export type TimeRange = { kind: 'preset'; preset: Preset } | { kind: 'custom'; fromMs: number; toMs: number };

/** The query parameters that carry the range; other screens' links keep them. */
export const RANGE_PARAMS = ['range', 'from', 'to'] as const;

export function parseRange(query: URLSearchParams): TimeRange {
  const from = Number(query.get('from'));
  const to = Number(query.get('to'));
  if (query.has('from') && Number.isSafeInteger(from) && from > 0) {
    const end = query.has('to') && Number.isSafeInteger(to) && to > from ? to : Date.now();
    return { kind: 'custom', fromMs: from, toMs: end };
  }
  const preset = query.get('range');
  return { kind: 'preset', preset: isPreset(preset) ? preset : DEFAULT_PRESET };
}

function isPreset(value: string | null): value is Preset {
  return (PRESETS as readonly string[]).includes(value ?? '');
}

/** Writes the range into `query` (removing the other form). */
export function writeRange(query: URLSearchParams, range: TimeRange): URLSearchParams {
  const out = new URLSearchParams(query);
  RANGE_PARAMS.forEach((p) => out.delete(p));
  if (range.kind === 'preset') {
    if (range.preset !== DEFAULT_PRESET) out.set('range', range.preset);
  } else {
    out.set('from', String(range.fromMs));
    out.set('to', String(range.toMs));
  }
  return out;
}

/** The API's `since` (and `until`) for the range: `15m`, or Unix nanoseconds written as decimal text. */
export function rangeParams(range: TimeRange): Record<string, string> {
  if (range.kind === 'preset') {
    return { since: range.preset === '24h' ? '1d' : range.preset };
  }
  return { since: `${Math.floor(range.fromMs)}000000`, until: `${Math.floor(range.toMs)}000000` };
}

/** How the range reads in a sentence: "the last 1h", "4 May 10:00 – 12:00". */
export function describeRange(range: TimeRange): string {
  if (range.kind === 'preset') return `the last ${range.preset}`;
  const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return `${format.format(range.fromMs)} – ${format.format(range.toMs)}`;
}
