/**
 * Light and dark themes: the system's preference (prefers-color-scheme) unless the user chose one with the
 * toggle, which is remembered in localStorage. The stylesheet reads `data-theme` on the root element.
 */
export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'farol.theme';
/** Dispatched on `window` when the toggle changes the theme (canvas charts redraw in its colours). */
export const THEME_CHANGED = 'farol:theme';

function chosen(): Theme | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

function system(): Theme {
  return window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The theme in effect. */
export function currentTheme(): Theme {
  return chosen() ?? system();
}

/** Applies the theme in effect to the document; call once at start. */
export function applyTheme(): Theme {
  const theme = currentTheme();
  document.documentElement.dataset['theme'] = theme;
  return theme;
}

/** Switches to the other theme and remembers the choice. */
export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // storage disabled: the choice lasts for this page
  }
  document.documentElement.dataset['theme'] = next;
  window.dispatchEvent(new Event(THEME_CHANGED));
  return next;
}
