import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ERROR_COLOR, serviceColor } from './colors';
import type { TraceModel } from './model';
import { useInView } from './viewport';
import type { Viewport } from './viewport';

/** The minimap's height in CSS pixels. */
const HEIGHT = 60;
/** The window never gets thinner than this, so it can be seen and grabbed on a long trace. */
const MIN_WINDOW = 6;

interface Props {
  model: TraceModel;
  rows: Int32Array;
  /** The waterfall's rows in view. */
  viewport: Viewport;
  /** Bring this row to the top of the waterfall. */
  onScrollTo: (row: number) => void;
}

/**
 * The whole trace at a glance: every shown span as a line on the trace's time line (left to right) at its row's
 * height (top to bottom), in its service's colour, errors in red; the band over it is the part the waterfall
 * shows. Pressing or dragging on it moves the waterfall there. Drawn on a canvas once per change of the rows or
 * of the width, not per scroll (the band is an element over it).
 */
export function Minimap({ model, rows, viewport, onScrollTo }: Props) {
  const { first, visible } = useInView(viewport);
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const dragging = useRef(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const measure = () => setWidth(el.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || width === 0) return;
    const ratio = window.devicePixelRatio || 1;
    c.width = Math.round(width * ratio);
    c.height = Math.round(HEIGHT * ratio);
    const image = ctx.createImageData(c.width, c.height);
    paint(new Uint32Array(image.data.buffer), c.width, c.height, model, rows);
    ctx.putImageData(image, 0, 0);
  }, [model, rows, width]);

  // the band moves over the height it leaves free, as a scroll bar's thumb does: at the top for the first row, at
  // the bottom for the last page
  const count = Math.max(1, rows.length);
  const bandHeight = Math.min(HEIGHT, Math.max(MIN_WINDOW, (Math.min(visible, count) / count) * HEIGHT));
  const track = HEIGHT - bandHeight;
  const lastFirst = Math.max(0, count - visible);
  const bandTop = lastFirst > 0 ? (Math.min(first, lastFirst) / lastFirst) * track : 0;

  /** The band's middle goes where the pointer is. */
  const moveTo = (e: PointerEvent) => {
    const el = box.current;
    if (!el || track <= 0) return;
    const y = e.clientY - el.getBoundingClientRect().top - bandHeight / 2;
    onScrollTo(Math.round(Math.max(0, Math.min(1, y / track)) * lastFirst));
  };

  return (
    <div
      class="minimap"
      ref={box}
      style={{ height: `${HEIGHT}px` }}
      role="scrollbar"
      aria-orientation="vertical"
      aria-label="Minimap: the whole trace; press or drag to move the waterfall"
      aria-valuemin={0}
      aria-valuemax={lastFirst}
      aria-valuenow={first}
      onPointerDown={(e) => {
        dragging.current = true;
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        moveTo(e);
      }}
      onPointerMove={(e) => dragging.current && moveTo(e)}
      onPointerUp={() => {
        dragging.current = false;
      }}
    >
      <canvas ref={canvas} style={{ width: `${width}px`, height: `${HEIGHT}px` }} />
      {lastFirst > 0 && <div class="mm-window" style={{ top: `${bandTop}px`, height: `${bandHeight}px` }} />}
    </div>
  );
}

/**
 * The spans into the canvas's pixels (`w` × `h` device pixels, one 32-bit RGBA value each), one pixel line per
 * row or several rows per line: a few writes per span, where drawing a rectangle per span costs a trace of 100,000
 * spans most of a frame.
 */
function paint(pixels: Uint32Array, w: number, h: number, m: TraceModel, rows: Int32Array): void {
  const count = rows.length;
  const duration = Math.max(1, m.summary.durationNanos);
  const rowHeight = h / Math.max(1, count);
  // rows of a few pixels or more keep a line between them
  const lineHeight = Math.max(1, Math.min(Math.round(4 * (h / HEIGHT)), Math.floor(rowHeight) - (rowHeight >= 3 ? 1 : 0)));
  const colors = new Map<string, number>();
  for (let r = 0; r < count; r++) {
    const i = rows[r] as number;
    const css = m.status[i] === 2 ? ERROR_COLOR : serviceColor(m.service[i] as number);
    let color = colors.get(css);
    if (color === undefined) {
      color = packed(css);
      colors.set(css, color);
    }
    const y0 = Math.min(h - 1, Math.floor(r * rowHeight));
    const y1 = Math.min(h, y0 + lineHeight);
    const x0 = Math.min(w - 1, Math.floor(((m.start[i] as number) / duration) * w));
    const x1 = Math.min(w, Math.max(x0 + 1, Math.ceil(((m.end[i] as number) / duration) * w)));
    for (let y = y0; y < y1; y++) pixels.fill(color, y * w + x0, y * w + x1);
  }
}

/** `#rrggbb` as the 32-bit value of an opaque pixel in memory order (R, G, B, A bytes, little-endian). */
function packed(css: string): number {
  const v = parseInt(css.slice(1), 16);
  return ((0xff << 24) | ((v & 0xff) << 16) | (v & 0xff00) | ((v >> 16) & 0xff)) >>> 0;
}
