import { useEffect, useState } from 'preact/hooks';
import type { TraceFilters } from './filters';
import { NO_FILTERS } from './filters';

interface Props {
  filters: TraceFilters;
  onApply: (filters: TraceFilters) => void;
}

/**
 * The trace search's filters as a form: what is typed is applied on Search (or Enter), and goes into the URL.
 * Attribute filters are `key=value` chips: type one and press Enter or Add.
 */
export function FilterForm({ filters, onApply }: Props) {
  const [draft, setDraft] = useState(filters);
  const [attribute, setAttribute] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const key = JSON.stringify(filters);
  useEffect(() => setDraft(filters), [key]);
  const field = (name: keyof Omit<TraceFilters, 'attributes' | 'status'>) => ({
    name,
    value: draft[name],
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  const addAttribute = (): TraceFilters | null => {
    const a = attribute.trim();
    if (a === '') return draft;
    if (a.indexOf('=') <= 0) {
      setProblem(`an attribute filter is key=value, e.g. http.response.status_code=500, got "${a}"`);
      return null;
    }
    const next = { ...draft, attributes: [...draft.attributes.filter((x) => x !== a), a] };
    setDraft(next);
    setAttribute('');
    setProblem(null);
    return next;
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const next = addAttribute();
    if (next === null) return;
    for (const [name, label] of [
      ['minMs', 'Min duration'],
      ['maxMs', 'Max duration'],
    ] as const) {
      const v = next[name].trim();
      if (v !== '' && !(Number(v) >= 0)) {
        setProblem(`${label} is a number of milliseconds, got "${v}"`);
        return;
      }
    }
    setProblem(null);
    onApply(next);
  };
  return (
    <form class="filters" onSubmit={submit} aria-label="Trace filters">
      <label>
        Service <input {...field('service')} placeholder="any" />
      </label>
      <label>
        Function <input {...field('function')} placeholder="any" />
      </label>
      <label class="wide">
        Route <input {...field('route')} placeholder="e.g. POST /installments/{id}/payments" />
      </label>
      <label>
        Span name <input {...field('span')} placeholder="part of a span's name" />
      </label>
      <label>
        Status{' '}
        <select
          name="status"
          value={draft.status}
          onChange={(e) => setDraft({ ...draft, status: e.currentTarget.value as TraceFilters['status'] })}
        >
          <option value="any">any</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
        </select>
      </label>
      <label class="narrow">
        Min ms <input {...field('minMs')} inputMode="decimal" />
      </label>
      <label class="narrow">
        Max ms <input {...field('maxMs')} inputMode="decimal" />
      </label>
      <label class="wide">
        Attribute{' '}
        <input
          name="attribute"
          value={attribute}
          placeholder="key=value, Enter to add"
          onInput={(e) => setAttribute(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && attribute.trim() !== '') {
              e.preventDefault();
              addAttribute();
            }
          }}
        />
      </label>
      <div class="actions">
        <button type="submit" class="primary">
          Search
        </button>
        <button
          type="button"
          onClick={() => {
            setAttribute('');
            setProblem(null);
            onApply(NO_FILTERS);
          }}
        >
          Clear
        </button>
      </div>
      {draft.attributes.length > 0 && (
        <ul class="chips" aria-label="Attribute filters">
          {draft.attributes.map((a) => (
            <li key={a}>
              <code>{a}</code>
              <button
                type="button"
                aria-label={`Remove ${a}`}
                onClick={() => setDraft({ ...draft, attributes: draft.attributes.filter((x) => x !== a) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && <p class="problem">{problem}</p>}
    </form>
  );
}
