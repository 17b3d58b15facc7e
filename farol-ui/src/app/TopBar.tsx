import { useState } from 'preact/hooks';
import { Link, withRange } from './router';
import type { Section } from './routes';
import { TimeRangePicker } from './TimeRangePicker';
import type { TimeRange } from './timeRange';
import { currentTheme, toggleTheme } from './theme';

const SECTIONS: readonly { section: Section; label: string; path: string }[] = [
  { section: 'functions', label: 'Functions', path: '/functions' },
  { section: 'traces', label: 'Traces', path: '/traces' },
  { section: 'logs', label: 'Logs', path: '/logs' },
];

interface Props {
  section: Section | null;
  query: URLSearchParams;
  range: TimeRange;
}

/** The bar on every screen: the sections, the time range and the theme toggle. */
export function TopBar({ section, query, range }: Props) {
  const [theme, setTheme] = useState(currentTheme);
  return (
    <header class="topbar">
      <Link class="brand" href={withRange('/functions', query)}>
        Farol
      </Link>
      <nav class="sections" aria-label="Sections">
        {SECTIONS.map((s) => (
          <Link
            key={s.section}
            href={withRange(s.path, query)}
            class={s.section === section ? 'active' : undefined}
            aria-current={s.section === section ? 'page' : undefined}
          >
            {s.label}
          </Link>
        ))}
      </nav>
      <div class="spacer" />
      <TimeRangePicker range={range} query={query} />
      <button
        type="button"
        class="theme-toggle"
        title={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
        aria-label="Toggle theme"
        onClick={() => setTheme(toggleTheme())}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
