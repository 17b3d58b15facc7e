import type { TraceModel } from './model';
import { rowOf } from './model';

/** Where the keyboard is: the span selected (or none) and the spans collapsed. */
export interface Place {
  selected: number | null;
  collapsed: ReadonlySet<number>;
}

export type Move = 'down' | 'up' | 'collapse' | 'expand' | 'first' | 'last' | 'pageDown' | 'pageUp';

/**
 * The place after a key: up and down go between the rows shown (a page is `page` rows), left collapses a span with
 * children or else goes to its parent, right expands a collapsed span or else goes to its first child. With nothing
 * selected, any move selects the first row (up, End and Page Up: the last). The same place when nothing changes.
 */
export function step(m: Pick<TraceModel, 'parent' | 'childCount'>, rows: Int32Array, place: Place, move: Move, page: number): Place {
  if (rows.length === 0) return place;
  const last = rows.length - 1;
  const at = place.selected === null ? -1 : rowOf(rows, place.selected);
  const to = (row: number): Place => {
    const index = rows[Math.max(0, Math.min(last, row))] as number;
    return index === place.selected ? place : { selected: index, collapsed: place.collapsed };
  };
  if (at < 0) return to(move === 'up' || move === 'last' || move === 'pageUp' ? last : 0);
  const s = place.selected as number;
  const kids = (m.childCount[s] as number) > 0;
  switch (move) {
    case 'down':
      return to(at + 1);
    case 'up':
      return to(at - 1);
    case 'first':
      return to(0);
    case 'last':
      return to(last);
    case 'pageDown':
      return to(at + page);
    case 'pageUp':
      return to(at - page);
    case 'collapse': {
      if (kids && !place.collapsed.has(s)) return { selected: s, collapsed: new Set(place.collapsed).add(s) };
      const parent = m.parent[s] as number;
      return parent >= 0 ? { selected: parent, collapsed: place.collapsed } : place;
    }
    case 'expand': {
      if (kids && place.collapsed.has(s)) {
        const collapsed = new Set(place.collapsed);
        collapsed.delete(s);
        return { selected: s, collapsed };
      }
      // the first child follows its parent in the display order
      return kids ? { selected: s + 1, collapsed: place.collapsed } : place;
    }
  }
}
