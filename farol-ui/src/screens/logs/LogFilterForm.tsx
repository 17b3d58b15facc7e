import { useEffect, useState } from 'preact/hooks';
import type { Level, LogFilters } from './logFilters';
import { LEVELS } from './logFilters';

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

/** The logs screen's filters: applied on Search (or Enter), into the URL. */
export function LogFilterForm({ filters, onApply }: { filters: LogFilters; onApply: (f: LogFilters) => void }) {
  const [draft, setDraft] = useState(filters);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setDraft(filters), [JSON.stringify(filters)]);
  const field = (name: 'q' | 'function' | 'requestId' | 'traceId') => ({
    name,
    value: draft[name],
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  const toggle = (l: Level) =>
    setDraft({ ...draft, levels: draft.levels.includes(l) ? draft.levels.filter((x) => x !== l) : LEVELS.filter((x) => x === l || draft.levels.includes(x)) });
  return (
    <form
      class="filters"
      aria-label="Log filters"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.traceId.trim() !== '' && !TRACE_ID.test(draft.traceId.trim())) {
          setProblem(`a trace id is 32 hex digits, got "${draft.traceId.trim()}"`);
          return;
        }
        setProblem(null);
        onApply(draft);
      }}
    >
      <label class="wide">
        Text <input {...field('q')} placeholder="in the line, any case" />
      </label>
      <label>
        Function <input {...field('function')} placeholder="any" />
      </label>
      <label>
        Request id <input {...field('requestId')} />
      </label>
      <label class="wide">
        Trace id <input {...field('traceId')} />
      </label>
      <fieldset class="levels">
        <legend>Level</legend>
        {LEVELS.map((l) => (
          <label key={l} class={`level-choice ${l}`}>
            <input type="checkbox" name={`level-${l}`} checked={draft.levels.includes(l)} onChange={() => toggle(l)} /> {l}
          </label>
        ))}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary">
          Search
        </button>
        <button type="button" onClick={() => onApply({ q: '', function: '', levels: [], requestId: '', traceId: '' })}>
          Clear
        </button>
      </div>
      {problem && <p class="problem">{problem}</p>}
    </form>
  );
}
