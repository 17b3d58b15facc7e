import type { Change, DiffNode } from '../../api/types';

/** A node of the diff as one row of the tree: its depth and whether it or anything under it changed. */
export interface DiffRow {
  node: DiffNode;
  depth: number;
  changed: boolean;
  /** A path of indexes from the roots: unique, a row's key. */
  path: string;
}

/** The tree in display order (a node, then its children), without recursion (a trace may be deep). */
export function flatten(roots: readonly DiffNode[], changesOnly: boolean): DiffRow[] {
  const rows: DiffRow[] = [];
  const changed = new Map<DiffNode, boolean>();
  // post-order first: whether each subtree holds a change
  const stack: { node: DiffNode; seen: boolean }[] = roots.map((node) => ({ node, seen: false }));
  while (stack.length > 0) {
    const top = stack.pop() as { node: DiffNode; seen: boolean };
    if (top.seen) {
      changed.set(top.node, top.node.change !== 'same' || top.node.children.some((c) => changed.get(c) === true));
    } else {
      stack.push({ node: top.node, seen: true });
      top.node.children.forEach((c) => stack.push({ node: c, seen: false }));
    }
  }
  const walk: { node: DiffNode; depth: number; path: string }[] = roots
    .map((node, i) => ({ node, depth: 0, path: String(i) }))
    .reverse();
  while (walk.length > 0) {
    const { node, depth, path } = walk.pop() as { node: DiffNode; depth: number; path: string };
    const isChanged = changed.get(node) === true;
    if (changesOnly && !isChanged) continue;
    rows.push({ node, depth, changed: isChanged, path });
    for (let i = node.children.length - 1; i >= 0; i--) {
      walk.push({ node: node.children[i] as DiffNode, depth: depth + 1, path: `${path}.${i}` });
    }
  }
  return rows;
}

/** How a change reads. */
export const CHANGE_LABELS: Record<Change, string> = {
  added: 'added',
  missing: 'missing',
  slower: 'slower',
  faster: 'faster',
  same: 'same',
};
