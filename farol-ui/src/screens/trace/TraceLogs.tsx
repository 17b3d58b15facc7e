import { useMemo } from 'preact/hooks';
import type { TraceLogLine } from '../../api/types';
import { count } from '../../format/numbers';
import { serviceColor } from './colors';
import { offset } from './format';
import type { TraceModel } from './model';
import { spanName } from './model';

interface Props {
  model: TraceModel;
  selected: number | null;
  onSelect: (index: number) => void;
}

/**
 * The trace's log lines beneath its waterfall, in time order, each with the moment it was written (from the trace's
 * start; an init phase's lines come before it) and the span it points at: pressing that selects the span. The
 * selected span's lines stand out.
 */
export function TraceLogs({ model: m, selected, onSelect }: Props) {
  const lines = useMemo(() => {
    const start = m.summary.startTimeUnixNano;
    return m.logs
      .map((line, k) => ({ line, k, at: line.timeUnixNano - start, span: line.spanId === null ? -1 : (m.indexOf.get(line.spanId) ?? -1) }))
      .sort((a, b) => a.at - b.at || a.k - b.k);
  }, [m]);
  const selectedId = selected === null ? null : m.spanId[selected];
  return (
    <section class="trace-logs" aria-label="Log lines">
      <h2>
        Log lines <span class="muted">({count(lines.length)})</span>
      </h2>
      {lines.length === 0 ? (
        <p class="empty">No log lines carry this trace's id.</p>
      ) : (
        <ol class="log-lines">
          {lines.map(({ line, k, at, span }) => (
            <li key={k} class={selectedId !== null && line.spanId === selectedId ? 'log-line mine' : 'log-line'} data-span-id={line.spanId ?? ''}>
              <span class="log-time">{offset(at)}</span>
              <span class={`log-severity ${severityClass(line)}`}>{line.severity ?? ''}</span>
              <span class="log-body">{line.body ?? ''}</span>
              {span >= 0 ? (
                <button type="button" class="log-span" onClick={() => onSelect(span)} title={`Select span ${line.spanId ?? ''}`}>
                  <span class="svc-chip" style={{ background: serviceColor(m.service[span] as number) }} aria-hidden="true" />
                  {spanName(m, span)}
                </button>
              ) : (
                <span class="log-span none">{line.spanId ? 'span not in trace' : 'no span'}</span>
              )}
            </li>
          ))}
        </ol>
      )}
      {m.logs.length >= m.logLimit && <p class="muted">The first {count(m.logLimit)} lines of the trace.</p>}
    </section>
  );
}

function severityClass(line: TraceLogLine): string {
  const s = (line.severity ?? '').toUpperCase();
  return s.startsWith('ERR') || s === 'FATAL' ? 'sev-error' : s.startsWith('WARN') ? 'sev-warn' : '';
}
