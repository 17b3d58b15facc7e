import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { RANGE_PARAMS } from './timeRange';

/**
 * Routing by URL path with the history API: every screen has a deep link (the server answers any path that
 * is not a file with index.html). {@link navigate} changes the URL and re-renders; {@link useLocation} reads it.
 */
export interface Location {
  path: string;
  query: URLSearchParams;
}

const NAVIGATED = 'farol:navigate';

function current(): Location {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

/** The current location; the component re-renders when it changes (links, back and forward). */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return location;
}

/** Goes to `href` (a path with its query); `replace` rewrites the current history entry instead of adding one. */
export function navigate(href: string, replace = false): void {
  if (replace) {
    window.history.replaceState(null, '', href);
  } else {
    window.history.pushState(null, '', href);
  }
  window.dispatchEvent(new Event(NAVIGATED));
}

/** `path` with the current time range's parameters, so that moving between screens keeps the range. */
export function withRange(path: string, query: URLSearchParams): string {
  const keep = new URLSearchParams();
  RANGE_PARAMS.forEach((p) => {
    const v = query.get(p);
    if (v !== null) keep.set(p, v);
  });
  const q = keep.toString();
  return q ? `${path}?${q}` : path;
}

/** A path with a query, `?` left out when the query is empty. */
export function href(path: string, query: URLSearchParams): string {
  const q = query.toString();
  return q ? `${path}?${q}` : path;
}

interface LinkProps {
  href: string;
  children?: ComponentChildren;
  class?: string | undefined;
  title?: string;
  'aria-current'?: 'page' | undefined;
}

/** An anchor that navigates within the UI; a modified click (new tab, window) is left to the browser. */
export function Link({ href: to, children, ...rest }: LinkProps) {
  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a {...rest} href={to} onClick={onClick}>
      {children}
    </a>
  );
}
