import { useState } from 'preact/hooks';
import { href, navigate, useLocation } from './router';
import { PRESETS, writeRange } from './timeRange';
import type { TimeRange } from './timeRange';

interface Props {
  range: TimeRange;
  query: URLSearchParams;
}

/** 15m, 1h, 6h, 24h, 7d or a custom range; the choice goes into the URL (the screen re-reads it). */
export function TimeRangePicker({ range, query }: Props) {
  const { path } = useLocation();
  const [custom, setCustom] = useState(range.kind === 'custom');
  const go = (r: TimeRange) => navigate(href(path, writeRange(query, r)));
  return (
    <div class="range" role="group" aria-label="Time range">
      {PRESETS.map((p) => (
        <button
          key={p}
          type="button"
          class={range.kind === 'preset' && range.preset === p && !custom ? 'active' : undefined}
          aria-pressed={range.kind === 'preset' && range.preset === p && !custom}
          onClick={() => {
            setCustom(false);
            go({ kind: 'preset', preset: p });
          }}
        >
          {p}
        </button>
      ))}
      <button
        type="button"
        class={custom ? 'active' : undefined}
        aria-pressed={custom}
        onClick={() => setCustom(!custom)}
      >
        custom
      </button>
      {custom && <CustomRange range={range} onApply={go} />}
    </div>
  );
}

function CustomRange({ range, onApply }: { range: TimeRange; onApply: (r: TimeRange) => void }) {
  const now = Date.now();
  const [from, setFrom] = useState(local(range.kind === 'custom' ? range.fromMs : now - 3_600_000));
  const [to, setTo] = useState(local(range.kind === 'custom' ? range.toMs : now));
  const [problem, setProblem] = useState<string | null>(null);
  const apply = (e: Event) => {
    e.preventDefault();
    const fromMs = new Date(from).getTime();
    const toMs = new Date(to).getTime();
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs) {
      setProblem('the end must come after the start');
      return;
    }
    setProblem(null);
    onApply({ kind: 'custom', fromMs, toMs });
  };
  return (
    <form class="custom-range" onSubmit={apply}>
      <label>
        from <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        to <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <button type="submit">apply</button>
      {problem && <span class="problem">{problem}</span>}
    </form>
  );
}

/** A time as `datetime-local` wants it: local time, minutes. */
function local(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}
