import { useEffect, useRef, useState } from 'preact/hooks';
import { searchLogs } from '../../api/client';
import type { LogLine, LogsAnswer } from '../../api/types';
import { useApi } from '../../api/useApi';
import { href, navigate } from '../../app/router';
import type { ScreenProps } from '../../app/routes';
import { describeRange } from '../../app/timeRange';
import { ErrorPanel, Loading } from '../../components/ErrorPanel';
import { count } from '../../format/numbers';
import { LogFilterForm } from './LogFilterForm';
import { LogList } from './LogList';
import { logParams, parseLogFilters, tailParams, writeLogFilters } from './logFilters';

/** Lines kept in the page at most: {@value}; the live tail drops the oldest beyond. */
export const MAX_LINES = 1000;
/** How long the live tail waits between calls when nothing more is waiting: 1 s. */
const POLL_MS = 1000;

/** What the page shows of a search: its lines (newest first), where older ones continue, where the tail stands. */
interface View {
  key: string;
  lines: LogLine[];
  next: string | null;
  tail: string;
  dropped: boolean;
}

/**
 * `/logs`: log search by text, function, level, request id and trace id over the time range, newest first, with
 * older pages by cursor; and a live tail that asks for the lines stored since (by cursor, once a second) and puts
 * them on top until stopped; stopping and resuming loses no line. At most {@link MAX_LINES} lines stay in the page.
 */
export function Logs({ query, range }: ScreenProps) {
  const filters = parseLogFilters(query);
  const key = writeLogFilters(new URLSearchParams(), filters).toString() + JSON.stringify(range);
  const first = useApi((signal) => searchLogs(logParams(filters, range, null), signal), key);
  const [view, setView] = useState<View | null>(null);
  const [live, setLive] = useState(false);
  const [started, setStarted] = useState(false);
  const [tailError, setTailError] = useState<string | null>(null);
  const [older, setOlder] = useState<{ loading: boolean; error: string | null }>({ loading: false, error: null });
  const tail = useRef<string | null>(null);

  useEffect(() => {
    if (first.status !== 'ok') return;
    setView({ key, lines: first.data.logs, next: first.data.next, tail: first.data.tail, dropped: false });
    tail.current = first.data.tail;
  }, [first]);
  const current = view !== null && view.key === key ? view : null;

  useEffect(() => {
    if (!live || current === null) return;
    const abort = new AbortController();
    let timer: number | undefined;
    const step = () => {
      const at = tail.current;
      if (at === null) return;
      searchLogs(tailParams(filters, at), abort.signal).then(
        (answer: LogsAnswer) => {
          if (abort.signal.aborted) return;
          tail.current = answer.tail;
          if (answer.logs.length > 0) {
            // the tail comes oldest first; the page is newest first
            const fresh = [...answer.logs].reverse();
            setView((v) => {
              if (v === null) return v;
              const lines = [...fresh, ...v.lines];
              const over = lines.length > MAX_LINES;
              return { ...v, lines: over ? lines.slice(0, MAX_LINES) : lines, tail: answer.tail, dropped: v.dropped || over, next: over ? null : v.next };
            });
          }
          timer = window.setTimeout(step, answer.more ? 0 : POLL_MS);
        },
        (e: unknown) => {
          if (abort.signal.aborted) return;
          setTailError(e instanceof Error ? e.message : String(e));
          setLive(false);
        },
      );
    };
    timer = window.setTimeout(step, POLL_MS);
    return () => {
      abort.abort();
      window.clearTimeout(timer);
    };
  }, [live, current?.key]);

  const loadOlder = () => {
    if (current === null || current.next === null) return;
    setOlder({ loading: true, error: null });
    searchLogs(logParams(filters, range, current.next)).then(
      (answer) => {
        setOlder({ loading: false, error: null });
        setView((v) => (v === null || v.key !== key ? v : { ...v, lines: [...v.lines, ...answer.logs].slice(0, MAX_LINES), next: answer.next }));
      },
      (e: unknown) => setOlder({ loading: false, error: e instanceof Error ? e.message : String(e) }),
    );
  };

  return (
    <section class="logs">
      <div class="screen-head">
        <h1>Logs</h1>
        <p class="muted">Every function's lines over {describeRange(range)}, newest first.</p>
      </div>
      <LogFilterForm filters={filters} onApply={(f) => navigate(href('/logs', writeLogFilters(query, f)))} />
      {first.status === 'loading' || (first.status === 'ok' && current === null) ? (
        <Loading />
      ) : first.status === 'error' ? (
        <ErrorPanel message={first.message} />
      ) : current === null ? null : (
        <>
          <div class="results-bar">
            <p class="totals" data-lines={current.lines.length}>
              {current.lines.length === 0 ? 'No lines yet' : `${count(current.lines.length)} ${current.lines.length === 1 ? 'line' : 'lines'}`}
              {current.next !== null ? ', older ones below' : ''}
            </p>
            <div class="spacer" />
            {live ? (
              <span class="live" aria-live="polite">
                <span class="dot" aria-hidden="true" /> live
              </span>
            ) : null}
            <button
              type="button"
              class={live ? 'tail-toggle' : 'tail-toggle primary'}
              onClick={() => {
                setTailError(null);
                setStarted(true);
                setLive(!live);
              }}
            >
              {live ? 'Stop tail' : started ? 'Resume tail' : 'Live tail'}
            </button>
          </div>
          {tailError && <ErrorPanel message={`the live tail stopped: ${tailError}`} />}
          {current.lines.length === 0 ? (
            <p class="empty">
              No lines match in {describeRange(range)}. {live ? 'New lines will appear here as they arrive.' : 'Loosen a filter, choose a longer range, or start the live tail to wait for new lines.'}
            </p>
          ) : (
            <LogList lines={current.lines} query={query} />
          )}
          {current.dropped && (
            <p class="muted">Only the newest {count(MAX_LINES)} lines stay in the page; search again to page through older ones.</p>
          )}
          {current.next !== null && (
            <div class="pager">
              <button type="button" class="older" disabled={older.loading} onClick={loadOlder}>
                {older.loading ? 'Loading…' : 'Older lines'}
              </button>
            </div>
          )}
          {older.error && <ErrorPanel message={older.error} />}
        </>
      )}
    </section>
  );
}
