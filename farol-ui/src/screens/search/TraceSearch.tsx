import { useState } from 'preact/hooks';
import { searchTraces } from '../../api/client';
import type { ScatterBin, TraceSearchAnswer } from '../../api/types';
import { useApi } from '../../api/useApi';
import { href, navigate, withRange } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { describeRange, writeRange } from '../../app/timeRange';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { count } from '../../format/numbers';
import { anyFilter, parseFilters, searchParams, writeFilters } from './filters';
import { FilterForm } from './FilterForm';
import { ResultsTable } from './ResultsTable';
import { ScatterChart } from './ScatterChart';

/**
 * `/traces`: trace search. The filters live in the URL (see `filters.ts`); the first page comes with the scatter of
 * every match and the total; later pages follow by cursor (kept in this screen, with the cursors before it for going
 * back). Two results ticked open `/compare?a=…&b=…`.
 */
export function TraceSearch({ query, range }: ScreenProps) {
  const filters = parseFilters(query);
  const searchKey = writeFilters(new URLSearchParams(), filters).toString() + JSON.stringify(range);
  const [pages, setPages] = useState<{ key: string; cursors: (string | null)[] }>({ key: searchKey, cursors: [null] });
  const cursors = pages.key === searchKey ? pages.cursors : [null];
  const cursor = cursors[cursors.length - 1] ?? null;
  const first = useApi((signal) => searchTraces(searchParams(filters, range, null), signal), searchKey);
  const page = useApi(
    (signal) => (cursor === null ? Promise.resolve(null) : searchTraces(searchParams(filters, range, cursor), signal)),
    `${searchKey}|${cursor ?? ''}`,
  );
  const [selected, setSelected] = useState<string[]>([]);

  const apply = (next: typeof filters) => navigate(href('/traces', writeFilters(query, next)));
  const openTrace = (id: string) => navigate(withRange(`/traces/${encodeURIComponent(id)}`, query));
  const narrow = (bin: ScatterBin) => {
    const q = writeFilters(query, {
      ...filters,
      minMs: String(Math.floor(bin.minDurationNanos / 1e3) / 1e3),
      maxMs: String(Math.ceil(bin.maxDurationNanos / 1e3) / 1e3),
    });
    navigate(href('/traces', writeRange(q, { kind: 'custom', fromMs: Math.floor(bin.fromUnixNano / 1e6), toMs: Math.ceil(bin.toUnixNano / 1e6) + 1 })));
  };
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s.slice(-1), id]));

  return (
    <section class="trace-search">
      <div class="screen-head">
        <h1>Traces</h1>
        <p class="muted">Search by function, route, span, status, duration and attributes over {describeRange(range)}.</p>
      </div>
      <FilterForm filters={filters} onApply={apply} />
      {first.status === 'loading' ? (
        <Loading />
      ) : first.status === 'error' ? (
        <ErrorPanel message={first.message} />
      ) : (
        <Results
          first={first.data}
          shown={cursor === null ? first.data : page.status === 'ok' ? page.data : null}
          pageError={page.status === 'error' ? page.message : null}
          pageNumber={cursors.length}
          filtered={anyFilter(filters)}
          rangeText={describeRange(range)}
          selected={selected}
          onToggle={toggle}
          onCompare={() => {
            const [a, b] = selected;
            if (a && b) navigate(compareHref(a, b, query));
          }}
          onNext={(next) => setPages({ key: searchKey, cursors: [...cursors, next] })}
          onPrevious={() => setPages({ key: searchKey, cursors: cursors.slice(0, -1) })}
          onFirst={() => setPages({ key: searchKey, cursors: [null] })}
          onPoint={openTrace}
          onBin={narrow}
          query={query}
        />
      )}
    </section>
  );
}

/** `/compare?a=…&b=…`, keeping the range of `query`. */
export function compareHref(a: string, b: string, query: URLSearchParams): string {
  const q = new URLSearchParams(withRange('', query).replace(/^\?/, ''));
  q.set('a', a);
  q.set('b', b);
  return href('/compare', q);
}

interface ResultsProps {
  first: TraceSearchAnswer;
  shown: TraceSearchAnswer | null;
  pageError: string | null;
  pageNumber: number;
  filtered: boolean;
  rangeText: string;
  selected: string[];
  onToggle: (id: string) => void;
  onCompare: () => void;
  onNext: (cursor: string) => void;
  onPrevious: () => void;
  onFirst: () => void;
  onPoint: (id: string) => void;
  onBin: (bin: ScatterBin) => void;
  query: URLSearchParams;
}

function Results(p: ResultsProps) {
  const total = p.first.total;
  if (total === 0) {
    return (
      <p class="empty">
        No traces {p.filtered ? 'match these filters' : 'started'} in {p.rangeText}.{' '}
        {p.filtered ? 'Loosen a filter or choose a longer range.' : 'Invoke a function (./farol invoke clean-math) or choose a longer range.'}
      </p>
    );
  }
  return (
    <>
      {p.first.scatter && <ScatterChart scatter={p.first.scatter} window={p.first.window} onPoint={p.onPoint} onBin={p.onBin} />}
      <div class="results-bar">
        <p class="totals" data-total={total}>
          <strong>{count(total)}</strong> {total === 1 ? 'trace matches' : 'traces match'}
          {p.shown && p.shown.traces.length > 0 && ` · page ${p.pageNumber}, ${count(p.shown.traces.length)} shown`}
        </p>
        <div class="spacer" />
        <span class="muted">{p.selected.length === 2 ? 'two traces ticked' : 'tick two traces to compare them'}</span>
        <button type="button" class="primary" disabled={p.selected.length !== 2} onClick={p.onCompare}>
          Compare
        </button>
      </div>
      {p.pageError ? (
        <ErrorPanel message={p.pageError} />
      ) : p.shown === null ? (
        <Loading />
      ) : (
        <ResultsTable traces={p.shown.traces} selected={p.selected} onToggle={p.onToggle} query={p.query} />
      )}
      <div class="pager">
        <button type="button" disabled={p.pageNumber === 1} onClick={p.onFirst}>
          First page
        </button>
        <button type="button" disabled={p.pageNumber === 1} onClick={p.onPrevious}>
          Previous
        </button>
        <button type="button" class="next-page" disabled={!p.shown?.next} onClick={() => p.shown?.next && p.onNext(p.shown.next)}>
          Next page
        </button>
      </div>
    </>
  );
}
