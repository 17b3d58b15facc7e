import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { serviceColor } from './colors';
import type { CriticalSection } from './criticalPath';
import { nanos } from './format';
import type { TraceModel } from './model';
import { isError, isInit, serviceName, spanName } from './model';
import type { Viewport } from './viewport';

/** A row's height in pixels (the stylesheet's `.span-row` has the same). */
export const ROW_HEIGHT = 24;
/** Rows rendered above and below the visible ones, so that a fast scroll shows no gap. */
const OVERSCAN = 10;
/** Indentation stops growing here; deeper spans say their depth in their tooltip. */
const MAX_INDENT = 40;

/** Scroll the waterfall so that `row` is in view: at the nearest edge, in the middle, or at the top. */
export interface ScrollRequest {
  row: number;
  align: 'nearest' | 'center' | 'top';
  /** A new number for each request, so that the same row can be asked for twice. */
  seq: number;
}

interface Props {
  model: TraceModel;
  /** The spans shown, in order (see `visibleRows`). */
  rows: Int32Array;
  collapsed: ReadonlySet<number>;
  selected: number | null;
  matches: ReadonlySet<number>;
  /** The critical path's sections by span, `null` when it is not shown. */
  critical: ReadonlyMap<number, readonly CriticalSection[]> | null;
  scroll: ScrollRequest | null;
  onSelect: (index: number) => void;
  onToggle: (index: number) => void;
  /** Told the rows in view. */
  viewport: Viewport;
}

/**
 * The spans as a waterfall: one row per shown span, its name indented by depth on the left, its bar on the trace's
 * time line on the right. Virtualised: only the rows in view (and {@link OVERSCAN} around them) exist in the
 * document, positioned in a body as tall as all rows, so a trace of 100,000 spans scrolls like one of ten.
 */
export function Waterfall(props: Props) {
  const { model, rows, scroll, viewport } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(480);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return undefined;
    const measure = () => setHeight(el.clientHeight || 480);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    viewport.set(Math.floor(top / ROW_HEIGHT), Math.max(1, Math.floor(height / ROW_HEIGHT)));
  }, [top, height, rows]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || !scroll) return;
    const rowTop = scroll.row * ROW_HEIGHT;
    let next = el.scrollTop;
    if (scroll.align === 'top') next = rowTop;
    else if (scroll.align === 'center') next = rowTop - (el.clientHeight - ROW_HEIGHT) / 2;
    else if (rowTop < el.scrollTop) next = rowTop;
    else if (rowTop + ROW_HEIGHT > el.scrollTop + el.clientHeight) next = rowTop + ROW_HEIGHT - el.clientHeight;
    el.scrollTop = Math.max(0, next);
    setTop(el.scrollTop);
  }, [scroll]);

  const onScroll = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      if (scroller.current) setTop(scroller.current.scrollTop);
    });
  };
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
  const shown: number[] = [];
  for (let r = first; r < last; r++) shown.push(rows[r] as number);
  const duration = Math.max(1, model.summary.durationNanos);

  return (
    <div class="waterfall">
      <div class="wf-header" aria-hidden="true">
        <div class="span-label">Span</div>
        <div class="span-timeline ticks">
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <span key={f} class="tick" style={{ left: `${f * 100}%` }}>
              {f === 0 ? '0' : nanos(f * model.summary.durationNanos)}
            </span>
          ))}
        </div>
      </div>
      <div
        class="wf-scroll"
        ref={scroller}
        onScroll={onScroll}
        role="tree"
        aria-label={`Spans of trace ${model.traceId}`}
        style={{ height: `${Math.min(rows.length * ROW_HEIGHT + 2, 640)}px` }}
      >
        <div class="wf-body" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          <div class="wf-rows" style={{ transform: `translateY(${first * ROW_HEIGHT}px)` }}>
            {shown.map((i, k) => (
              <SpanRow
                key={i}
                model={model}
                index={i}
                position={first + k + 1}
                total={rows.length}
                duration={duration}
                selected={props.selected === i}
                collapsed={props.collapsed.has(i)}
                match={props.matches.has(i)}
                sections={props.critical?.get(i) ?? null}
                onSelect={props.onSelect}
                onToggle={props.onToggle}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  model: TraceModel;
  index: number;
  position: number;
  total: number;
  duration: number;
  selected: boolean;
  collapsed: boolean;
  match: boolean;
  sections: readonly CriticalSection[] | null;
  onSelect: (index: number) => void;
  onToggle: (index: number) => void;
}

/** One span's row (keyed by the span, so scrolling keeps the elements of the rows still in view). */
function SpanRow(p: RowProps) {
  const m = p.model;
  const i = p.index;
  const depth = m.depth[i] as number;
  const start = m.start[i] as number;
  const end = m.end[i] as number;
  const kids = (m.childCount[i] as number) > 0;
  const name = spanName(m, i);
  const service = serviceName(m, i);
  const color = serviceColor(m.service[i] as number);
  // the service is named where it changes (a root, or a call into another service); the chip says it everywhere
  const parent = m.parent[i] as number;
  const newService = parent < 0 || m.service[parent] !== m.service[i];
  const left = (start / p.duration) * 100;
  const width = ((end - start) / p.duration) * 100;
  const label = durationLabel(left, width);
  const classes = ['span-row'];
  if (p.selected) classes.push('selected');
  if (p.match) classes.push('match');
  if (p.sections) classes.push('critical');
  if (isError(m, i)) classes.push('error');
  if (isInit(m, i)) classes.push('init');
  return (
    <div
      class={classes.join(' ')}
      role="treeitem"
      aria-level={depth + 1}
      aria-setsize={p.total}
      aria-posinset={p.position}
      aria-selected={p.selected}
      aria-expanded={kids ? !p.collapsed : undefined}
      data-index={i}
      data-span-id={m.spanId[i]}
      data-service={service}
      onClick={() => p.onSelect(i)}
    >
      <div class="span-label" style={{ paddingLeft: `${Math.min(depth, MAX_INDENT) * 12 + 4}px` }} title={`${name} · ${service} · depth ${depth}`}>
        {kids ? (
          <button
            type="button"
            class="twisty"
            tabIndex={-1}
            aria-label={p.collapsed ? 'Expand' : 'Collapse'}
            onClick={(e) => {
              e.stopPropagation();
              p.onToggle(i);
            }}
          >
            {p.collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span class="twisty" aria-hidden="true" />
        )}
        <span class="svc-chip" style={{ background: color }} aria-hidden="true" />
        <span class="span-name">{name}</span>
        {newService && <span class="span-service">{service}</span>}
        {isInit(m, i) && <span class="badge cold">cold start</span>}
        {isError(m, i) && <span class="badge err">error</span>}
        {p.collapsed && <span class="badge hidden">+{(m.size[i] as number) - 1}</span>}
      </div>
      <div class="span-timeline">
        <div class="bar" style={{ left: `${left}%`, width: `${width}%`, background: color }}>
          {p.sections?.map((s) => (
            <span
              key={s.start}
              class="crit"
              style={{
                left: `${end > start ? ((s.start - start) / (end - start)) * 100 : 0}%`,
                width: `${end > start ? ((s.end - s.start) / (end - start)) * 100 : 100}%`,
              }}
            />
          ))}
        </div>
        <span class={`dur ${label.where}`} style={label.style}>
          {nanos(end - start)}
        </span>
      </div>
    </div>
  );
}

/** Where a bar's duration goes: after the bar, before it, or (a bar across the whole line) inside its end. */
function durationLabel(left: number, width: number): { where: string; style: Record<string, string> } {
  if (left + width <= 80) return { where: 'after', style: { left: `${left + width}%` } };
  if (left >= 15) return { where: 'before', style: { right: `${100 - left}%` } };
  return { where: 'inside', style: { right: `${100 - left - width}%` } };
}
