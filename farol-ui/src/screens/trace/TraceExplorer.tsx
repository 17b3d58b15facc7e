import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { href, navigate } from '../../app/router';
import { count } from '../../format/numbers';
import { serviceColor } from './colors';
import { criticalPath, sectionsBySpan } from './criticalPath';
import type { CriticalSection } from './criticalPath';
import { nanos, wallClock } from './format';
import { KEYS, actionOf } from './keys';
import type { TraceModel } from './model';
import { isInit, revealed, rowOf, search, visibleRows, withChildren } from './model';
import { step } from './navigation';
import type { Place } from './navigation';
import { SpanDetails } from './SpanDetails';
import { SpanWindows, useSpan } from './spanWindows';
import { Minimap } from './Minimap';
import { TraceLogs } from './TraceLogs';
import { Viewport } from './viewport';
import { Waterfall } from './Waterfall';
import type { ScrollRequest } from './Waterfall';

interface Props {
  model: TraceModel;
  query: URLSearchParams;
}

/** What is shown: the place (selection, collapsed spans), the rows it gives, and the find match selected. */
interface View {
  place: Place;
  rows: Int32Array;
  matchAt: number;
}

/**
 * A loaded trace: its summary, the toolbar (find, critical path, collapse), the minimap, the waterfall with the
 * selected span's details beside it, and the log lines beneath. The selected span is in the URL (`?span=`), so a
 * link opens the same span; a link to another span of the trace (a log line, a span link) selects it.
 */
export function TraceExplorer({ model: m, query }: Props) {
  const linked = query.get('span');
  const [view, setView] = useState<View>(() => {
    const at = linked === null ? undefined : m.indexOf.get(linked);
    const collapsed = new Set<number>();
    return { place: { selected: at ?? null, collapsed }, rows: visibleRows(m, collapsed), matchAt: 0 };
  });
  // what the next key acts on: events can come faster than renders
  const live = useRef(view);
  const [open, setOpen] = useState(linked !== null && m.indexOf.has(linked));
  const [scroll, setScroll] = useState<ScrollRequest | null>(() => {
    const at = linked === null ? undefined : m.indexOf.get(linked);
    return at === undefined ? null : { row: at, align: 'center', seq: 0 };
  });
  const viewport = useMemo(() => new Viewport(), []);
  const [find, setFind] = useState('');
  const [showCritical, setShowCritical] = useState(true);
  const findBox = useRef<HTMLInputElement>(null);
  const seq = useRef(1);

  const { place, rows, matchAt } = view;
  const critical = useCriticalPath(m);
  const matches = useMemo(() => search(m, find), [m, find]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const windows = useMemo(() => new SpanWindows(m.traceId), [m]);
  const selected = place.selected;
  const span = useSpan(windows, open ? selected : null, selected === null ? null : (m.spanId[selected] ?? null));
  const init = useMemo(() => {
    for (let i = 0; i < m.n; i++) if (isInit(m, i)) return i;
    return -1;
  }, [m]);

  /**
   * Shows a new place (the rows follow its collapsed spans), scrolls to its span and puts the span in the URL, all
   * at once, so that the next key or link acts on what is shown.
   */
  const go = (next: Place, align: ScrollRequest['align'] | null, matchAt = live.current.matchAt) => {
    const now = live.current;
    const rowsNow = next.collapsed === now.place.collapsed ? now.rows : visibleRows(m, next.collapsed);
    live.current = { place: next, rows: rowsNow, matchAt };
    setView(live.current);
    if (align !== null && next.selected !== null) {
      setScroll({ row: Math.max(0, rowOf(rowsNow, next.selected)), align, seq: seq.current++ });
    }
    const id = next.selected === null ? null : (m.spanId[next.selected] ?? null);
    const url = new URLSearchParams(window.location.search);
    if (id !== null && id !== url.get('span')) {
      url.set('span', id);
      navigate(href(window.location.pathname, url), true);
    }
  };

  /** Selects span `index`, showing it (its collapsed ancestors expanded) and scrolling to it. */
  const select = (index: number, align: ScrollRequest['align'] = 'nearest', openIt = true, matchAt?: number) => {
    const now = live.current.place;
    const collapsed = revealed(m, now.collapsed, index);
    go({ selected: index, collapsed: collapsed.size === now.collapsed.size ? now.collapsed : collapsed }, align, matchAt);
    if (openIt) setOpen(true);
  };

  // a link to another span of this trace (or back and forward) selects it; the URL as it is now is what counts, as
  // a render may bring a `?span=` that this view has already moved on from
  useEffect(() => {
    const id = new URLSearchParams(window.location.search).get('span');
    const at = id === null ? undefined : m.indexOf.get(id);
    if (at !== undefined && at !== live.current.place.selected) select(at, 'center');
  }, [linked]);

  const goToMatch = (k: number, found: readonly number[] = matches) => {
    if (found.length === 0) return;
    const wrapped = ((k % found.length) + found.length) % found.length;
    select(found[wrapped] as number, 'center', false, wrapped);
  };

  useLayoutEffect(() => {
    // the frame after the one that paints the first rows
    const frame = requestAnimationFrame(() => performance.mark('farol.trace.shown'));
    return () => cancelAnimationFrame(frame);
  }, []);

  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    if (e.defaultPrevented || target?.closest('input, textarea, select, [contenteditable=true]')) return;
    const action = actionOf(e);
    // Enter on a button or link is that button's or link's
    if (action === null || (action === 'open' && target?.closest('button, a'))) return;
    e.preventDefault();
    const now = live.current;
    switch (action) {
      case 'open':
        if (now.place.selected !== null) setOpen(true);
        return;
      case 'close':
        setOpen(false);
        return;
      case 'find':
        findBox.current?.focus();
        findBox.current?.select();
        return;
      case 'nextMatch':
        goToMatch(now.matchAt + 1);
        return;
      case 'previousMatch':
        goToMatch(now.matchAt - 1);
        return;
      case 'critical':
        setShowCritical((on) => !on);
        return;
      default: {
        const next = step(m, now.rows, now.place, action, Math.max(1, viewport.get().visible - 1));
        if (next !== now.place) go(next, 'nearest');
      }
    }
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const toggle = (index: number) => {
    const now = live.current.place;
    const collapsed = new Set(now.collapsed);
    if (!collapsed.delete(index)) collapsed.add(index);
    go({ selected: now.selected, collapsed }, null);
  };
  const s = m.summary;
  const onPath = critical.size;
  return (
    <>
      <div class="trace-summary">
        <span class="ts-root">{s.rootName ?? ''}</span>
        <span>{nanos(s.durationNanos)}</span>
        <span>
          {count(s.spanCount)} {s.spanCount === 1 ? 'span' : 'spans'}
        </span>
        <span class={s.errorCount > 0 ? 'problem' : undefined}>
          {count(s.errorCount)} {s.errorCount === 1 ? 'error' : 'errors'}
        </span>
        <span class="muted">started {wallClock(s.startTimeUnixNano)}</span>
        {init >= 0 && (
          <button type="button" class="badge cold" onClick={() => select(init, 'center')}>
            cold start: init {nanos((m.end[init] as number) - (m.start[init] as number))}
          </button>
        )}
      </div>
      <ul class="service-legend" aria-label="Services">
        {s.services.map((name, k) => (
          <li key={k}>
            <span class="svc-chip" style={{ background: serviceColor(k) }} aria-hidden="true" />
            {name || '(no service)'}
          </li>
        ))}
      </ul>
      <div class="trace-toolbar">
        <input
          ref={findBox}
          type="search"
          class="trace-find"
          placeholder="Find a span: name, service or id  ( / )"
          aria-label="Find in the trace"
          value={find}
          onInput={(e) => {
            const q = (e.currentTarget as HTMLInputElement).value;
            setFind(q);
            goToMatch(0, search(m, q));
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              goToMatch(live.current.matchAt + (e.shiftKey ? -1 : 1));
            } else if (e.key === 'Escape') {
              (e.currentTarget as HTMLInputElement).blur();
            }
          }}
        />
        <span class="find-count" aria-live="polite">
          {find.trim() === '' ? '' : matches.length === 0 ? 'no match' : `${matchAt + 1} of ${count(matches.length)}`}
        </span>
        <label class="toggle">
          <input type="checkbox" checked={showCritical} onChange={() => setShowCritical(!showCritical)} /> Critical path
          {showCritical && <span class="muted"> ({count(onPath)} {onPath === 1 ? 'span' : 'spans'})</span>}
        </label>
        <button type="button" onClick={() => go({ selected: null, collapsed: withChildren(m) }, null)}>
          Collapse all
        </button>
        <button type="button" onClick={() => go({ selected: live.current.place.selected, collapsed: new Set() }, 'center')}>
          Expand all
        </button>
      </div>
      <p class="key-legend" aria-label="Keys">
        {KEYS.map((k) => (
          <span key={k.action}>
            <kbd>{k.shown}</kbd> {k.does}
          </span>
        ))}
      </p>
      {linked !== null && !m.indexOf.has(linked) && (
        <p class="problem notice">This trace has no span {linked}.</p>
      )}
      <Minimap
        model={m}
        rows={rows}
        viewport={viewport}
        onScrollTo={(row) => setScroll({ row, align: 'top', seq: seq.current++ })}
      />
      <div class={open && selected !== null ? 'trace-main with-details' : 'trace-main'}>
        <Waterfall
          model={m}
          rows={rows}
          collapsed={place.collapsed}
          selected={selected}
          matches={matchSet}
          critical={showCritical ? critical : null}
          scroll={scroll}
          onSelect={(i) => select(i)}
          onToggle={toggle}
          viewport={viewport}
        />
        {open && selected !== null && (
          <SpanDetails
            model={m}
            index={selected}
            state={span}
            sections={critical.get(selected) ?? null}
            query={query}
            onSelect={(i) => select(i)}
            onClose={() => setOpen(false)}
          />
        )}
      </div>
      <TraceLogs model={m} selected={selected} onSelect={(i) => select(i, 'center')} />
    </>
  );
}

/**
 * The critical path's sections by span, computed after the first rows are on screen (on a trace of 100,000 spans it
 * takes a frame or more); empty until then.
 */
function useCriticalPath(m: TraceModel): ReadonlyMap<number, readonly CriticalSection[]> {
  const [bySpan, setBySpan] = useState<ReadonlyMap<number, readonly CriticalSection[]>>(() => new Map());
  useEffect(() => {
    let later = 0;
    // after the frame that paints the first rows
    const frame = requestAnimationFrame(() => {
      later = window.setTimeout(() => {
        setBySpan(sectionsBySpan(criticalPath(m)));
        performance.mark('farol.trace.critical-path');
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(later);
    };
  }, [m]);
  return bySpan;
}
