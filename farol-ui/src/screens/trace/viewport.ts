import { useEffect, useState } from 'preact/hooks';

/** The rows the waterfall shows: the first in view and how many fit. */
export interface InView {
  first: number;
  visible: number;
}

/**
 * The waterfall's rows in view, shared with the minimap without re-rendering the rest of the view on every scroll:
 * the waterfall sets it, the minimap listens ({@link useInView}), a key reads it when it needs a page's size.
 */
export class Viewport {
  private current: InView = { first: 0, visible: 20 };
  private readonly listeners = new Set<(v: InView) => void>();

  get(): InView {
    return this.current;
  }

  set(first: number, visible: number): void {
    if (first === this.current.first && visible === this.current.visible) return;
    this.current = { first, visible };
    this.listeners.forEach((l) => l(this.current));
  }

  listen(listener: (v: InView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** The rows in view, re-rendering the component when they change. */
export function useInView(viewport: Viewport): InView {
  const [value, setValue] = useState(viewport.get());
  useEffect(() => {
    setValue(viewport.get());
    return viewport.listen(setValue);
  }, [viewport]);
  return value;
}
