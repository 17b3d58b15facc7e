import type { VNode } from 'preact';
import { FunctionsOverview } from '../screens/functions/FunctionsOverview';
import { FunctionPage } from '../screens/function/FunctionPage';
import { DocsPage } from '../screens/docs/DocsPage';
import { TraceSearch } from '../screens/search/TraceSearch';
import { Compare } from '../screens/compare/Compare';
import { Logs } from '../screens/logs/Logs';
import { LazyTraceView } from '../screens/trace/LazyTraceView';
import type { TimeRange } from './timeRange';

/** The top bar's sections; a route names the one it belongs to. */
export type Section = 'functions' | 'traces' | 'logs';

/** What a screen is given: its path parameters, the query and the time range (parsed once by the shell). */
export interface ScreenProps {
  params: Record<string, string>;
  query: URLSearchParams;
  range: TimeRange;
}

/**
 * One screen: a path pattern (`:name` segments are parameters, decoded), the section it lights up in the top
 * bar, the document title and what it renders. To add a screen, add an entry here and a component under
 * `screens/`; the server already answers its path with index.html.
 */
export interface Route {
  pattern: string;
  section: Section | null;
  title: (params: Record<string, string>) => string;
  render: (props: ScreenProps) => VNode;
}

export const ROUTES: readonly Route[] = [
  { pattern: '/functions', section: 'functions', title: () => 'Functions', render: (p) => <FunctionsOverview {...p} /> },
  {
    pattern: '/functions/:name',
    section: 'functions',
    title: (p) => p['name'] ?? 'Function',
    render: (p) => <FunctionPage {...p} />,
  },
  {
    pattern: '/traces',
    section: 'traces',
    title: () => 'Traces',
    render: (p) => <TraceSearch {...p} />,
  },
  { pattern: '/compare', section: 'traces', title: () => 'Compare traces', render: (p) => <Compare {...p} /> },
  {
    pattern: '/traces/:traceId',
    section: 'traces',
    title: (p) => `Trace ${p['traceId'] ?? ''}`,
    render: (p) => <LazyTraceView {...p} />,
  },
  {
    pattern: '/logs',
    section: 'logs',
    title: () => 'Logs',
    render: (p) => <Logs {...p} />,
  },
  { pattern: '/docs/:page', section: null, title: (p) => `docs/${p['page'] ?? ''}.md`, render: (p) => <DocsPage {...p} /> },
];

/** Where `/` goes. */
export const HOME = '/functions';

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** The route whose pattern the path fits, with its parameters; `null` when none does. */
export function match(path: string, routes: readonly Route[] = ROUTES): Match | null {
  const segments = split(path);
  for (const route of routes) {
    const pattern = split(route.pattern);
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let fits = true;
    for (let i = 0; i < pattern.length && fits; i++) {
      const want = pattern[i] as string;
      const got = segments[i] as string;
      if (want.startsWith(':')) {
        const value = decode(got);
        fits = value !== null;
        if (value !== null) params[want.slice(1)] = value;
      } else {
        fits = want === got;
      }
    }
    if (fits) return { route, params };
  }
  return null;
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
