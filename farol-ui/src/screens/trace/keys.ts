/** What a key does in the trace view. */
export type KeyAction =
  | 'down'
  | 'up'
  | 'collapse'
  | 'expand'
  | 'first'
  | 'last'
  | 'pageDown'
  | 'pageUp'
  | 'open'
  | 'close'
  | 'find'
  | 'nextMatch'
  | 'previousMatch'
  | 'critical';

interface Binding {
  /** `KeyboardEvent.key` values, with `Shift+` for the shifted ones that are not letters. */
  keys: readonly string[];
  action: KeyAction;
  /** How the view's key legend shows it. */
  shown: string;
  does: string;
}

/** The trace view's keys, as the legend under its toolbar lists them. */
export const KEYS: readonly Binding[] = [
  { keys: ['ArrowDown', 'j'], action: 'down', shown: '↓ j', does: 'next span' },
  { keys: ['ArrowUp', 'k'], action: 'up', shown: '↑ k', does: 'previous span' },
  { keys: ['ArrowLeft', 'h'], action: 'collapse', shown: '← h', does: 'collapse, or go to the parent' },
  { keys: ['ArrowRight', 'l'], action: 'expand', shown: '→ l', does: 'expand, or go to the first child' },
  { keys: ['Home'], action: 'first', shown: 'Home', does: 'first span' },
  { keys: ['End'], action: 'last', shown: 'End', does: 'last span' },
  { keys: ['PageDown'], action: 'pageDown', shown: 'PgDn', does: 'a page down' },
  { keys: ['PageUp'], action: 'pageUp', shown: 'PgUp', does: 'a page up' },
  { keys: ['Enter'], action: 'open', shown: 'Enter', does: "the span's details" },
  { keys: ['Escape'], action: 'close', shown: 'Esc', does: 'close the details' },
  { keys: ['/'], action: 'find', shown: '/', does: 'find in the trace' },
  { keys: ['n'], action: 'nextMatch', shown: 'n', does: 'next match' },
  { keys: ['N'], action: 'previousMatch', shown: 'N', does: 'previous match' },
  { keys: ['c'], action: 'critical', shown: 'c', does: 'critical path on or off' },
];

const BY_KEY = new Map<string, KeyAction>(KEYS.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

/** The action of a key pressed outside a text field; `null` for keys the view leaves alone (or with Ctrl, Alt, ⌘). */
export function actionOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey'>): KeyAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  return BY_KEY.get(e.key) ?? null;
}
