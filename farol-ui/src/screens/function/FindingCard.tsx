import type { ComponentChildren } from 'preact';
import type { Finding } from '../../api/function';

/** Where the doctor's documentation of a finding's code is in the UI: `docs/doctor.md#x` is `/docs/doctor#x`. */
export function docsHref(docs: string): string {
  const [file, anchor] = docs.split('#', 2);
  const page = (file ?? '').replace(/^docs\//, '').replace(/\.md$/, '');
  return `/docs/${encodeURIComponent(page)}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;
}

function where(f: Finding): string | null {
  const e = f.evidence;
  if (e.file) return `${e.file}${e.line ? `:${e.line}` : ''}${e.path ? ` (${e.path})` : ''}`;
  return e.path ?? null;
}

/**
 * One finding as the doctor reports it: severity, code and name, what was found and where, the signals it loses,
 * why, the fix with its diff, and the link to its code's documentation. Every part is the finding's text, shown
 * as text.
 */
export function FindingCard({ finding: f, children }: { finding: Finding; children?: ComponentChildren }) {
  const at = where(f);
  return (
    <article class={`finding-card severity-${f.severity}`} data-code={f.code}>
      <header>
        <span class="severity">{f.severity}</span>
        <code class="code">{f.code}</code>
        <span class="slug">{f.name}</span>
        <span class="title">{f.title}</span>
      </header>
      {children}
      <p class="message">{f.message}</p>
      {at !== null && (
        <p class="where">
          at <code>{at}</code>
        </p>
      )}
      {f.evidence.excerpt && <pre class="excerpt">{f.evidence.excerpt}</pre>}
      {f.signals.length > 0 && <p class="loses">loses: {f.signals.join(', ')}</p>}
      <p class="why">
        <strong>Why: </strong>
        {f.why}
      </p>
      {f.fix && (
        <div class="fix">
          <p>
            <strong>Fix: </strong>
            {f.fix.summary}
          </p>
          {f.fix.diff && <Diff diff={f.fix.diff} />}
        </div>
      )}
      <p class="docs">
        <a href={docsHref(f.docs)}>{f.docs}</a>
      </p>
    </article>
  );
}

/** A fix's diff, each line as text, added and removed lines marked. */
function Diff({ diff }: { diff: string }) {
  return (
    <pre class="fix-diff">
      {diff.split('\n').map((line, i) => (
        <span key={i} class={line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : undefined}>
          {line}
          {'\n'}
        </span>
      ))}
    </pre>
  );
}
