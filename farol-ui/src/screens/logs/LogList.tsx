import type { LogLine } from '../../api/types';
import { href, Link, withRange } from '../../app/router';
import { instant, shortId } from '../../format/time';

/**
 * Log lines, newest first: time, level, function, the line itself (attacker text, rendered as text), its request
 * id and a link to its trace, at its span when the line names one (`/traces/{id}?span={spanId}`).
 */
export function LogList({ lines, query }: { lines: readonly LogLine[]; query: URLSearchParams }) {
  return (
    <ol class="log-lines">
      {lines.map((l, i) => (
        <li key={`${l.timeUnixNano}-${i}-${l.requestId ?? ''}`} class={`log-line level-${(l.level ?? 'none').toLowerCase()}`}>
          <time class="when">{instant(l.timeUnixNano)}</time>
          <span class={`level ${(l.level ?? '').toLowerCase()}`}>{l.level ?? ''}</span>
          <span class="function" title={l.function ?? ''}>
            {l.function ?? l.service ?? ''}
          </span>
          <span class="body">{l.body ?? ''}</span>
          <span class="refs">
            {l.requestId && (
              <code class="request" title={`request ${l.requestId}`}>
                {shortId(l.requestId)}
              </code>
            )}
            {l.traceId && <TraceLink traceId={l.traceId} spanId={l.spanId} query={query} />}
          </span>
        </li>
      ))}
    </ol>
  );
}

function TraceLink({ traceId, spanId, query }: { traceId: string; spanId: string | null; query: URLSearchParams }) {
  const base = withRange(`/traces/${encodeURIComponent(traceId)}`, query);
  const [path, q] = base.split('?');
  const params = new URLSearchParams(q ?? '');
  if (spanId) params.set('span', spanId);
  return (
    <Link class="trace-link" href={href(path ?? base, params)} title={spanId ? `trace ${traceId}, span ${spanId}` : `trace ${traceId}`}>
      trace {shortId(traceId)}
    </Link>
  );
}
