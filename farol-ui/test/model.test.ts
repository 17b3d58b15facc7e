import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel, revealed, rowOf, search, visibleRows, withChildren } from '../src/screens/trace/model';
import { step } from '../src/screens/trace/navigation';
import type { Place } from '../src/screens/trace/navigation';
import { outline } from './outlines';
import type { Crafted } from './outlines';

// a 0–100 (api) ─ b 10–40 (db, error) ─ c 12–20 (db)
//               │                    └ d 25–30 (cache)
//               └ e 50–90 (api) ─ f 60–70 (db)
// g 95–99 (a second root)
const SPANS: Crafted[] = [
  { id: 'aaaa', parent: -1, start: 0, end: 100, name: 'GET /pay', service: 'api' },
  { id: 'bbbb', parent: 0, start: 10, end: 40, name: 'SELECT', service: 'db', error: true },
  { id: 'cccc', parent: 1, start: 12, end: 20, name: 'SELECT', service: 'db' },
  { id: 'dddd', parent: 1, start: 25, end: 30, name: 'GET key', service: 'cache' },
  { id: 'eeee', parent: 0, start: 50, end: 90, name: 'render', service: 'api' },
  { id: 'ffff', parent: 4, start: 60, end: 70, name: 'SELECT', service: 'db' },
  { id: 'abab', parent: -1, start: 95, end: 99, name: 'flush', service: 'api' },
];
const m = buildModel(outline(SPANS));
const rows = (collapsed: number[]) => Array.from(visibleRows(m, new Set(collapsed)));

test('the tree: depths, subtree sizes and child counts from the parents', () => {
  assert.deepEqual(Array.from(m.depth), [0, 1, 2, 2, 1, 2, 0]);
  assert.deepEqual(Array.from(m.size), [6, 3, 1, 1, 2, 1, 1]);
  assert.deepEqual(Array.from(m.childCount), [2, 2, 0, 0, 1, 0, 0]);
  assert.deepEqual(Array.from(m.end), [100, 40, 20, 30, 90, 70, 99]);
  assert.equal(m.indexOf.get('eeee'), 4);
  assert.deepEqual(m.services, ['api', 'db', 'cache']);
});

test('a parent that does not fit a depth-first order makes its child a root', () => {
  // d names b as its parent, but e (b's sibling's subtree) came between them
  const broken = buildModel(
    outline([
      { id: 'a', parent: -1, start: 0, end: 10 },
      { id: 'b', parent: 0, start: 1, end: 2 },
      { id: 'c', parent: 0, start: 3, end: 4 },
      { id: 'd', parent: 1, start: 5, end: 6 },
      { id: 'e', parent: 7, start: 7, end: 8 },
    ]),
  );
  assert.deepEqual(Array.from(broken.parent), [-1, 0, 0, -1, -1]);
  assert.deepEqual(Array.from(broken.size), [3, 1, 1, 1, 1]);
});

test('collapsing a span hides its subtree; rows are found by binary search', () => {
  assert.deepEqual(rows([]), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(rows([1]), [0, 1, 4, 5, 6]);
  assert.deepEqual(rows([1, 4]), [0, 1, 4, 6]);
  assert.deepEqual(rows([0]), [0, 6]);
  // a collapsed span under a collapsed one stays collapsed when its ancestor opens
  assert.deepEqual(rows([0, 4]), [0, 6]);
  const shown = visibleRows(m, new Set([1]));
  assert.equal(rowOf(shown, 4), 2);
  assert.equal(rowOf(shown, 2), -1);
  assert.deepEqual([...withChildren(m)], [0, 1, 4]);
  assert.deepEqual([...revealed(m, new Set([0, 1, 4]), 2)], [4]);
});

test('find: names and services, case-insensitively, and the start of a span id', () => {
  assert.deepEqual(search(m, 'select'), [1, 2, 5]);
  assert.deepEqual(search(m, 'API'), [0, 4, 6]);
  assert.deepEqual(search(m, 'ab'), [6]);
  assert.deepEqual(search(m, '  '), []);
  assert.deepEqual(search(m, 'nothing'), []);
});

test('keys: up and down through the rows shown, left and right collapse, expand and move in the tree', () => {
  const at = (selected: number | null, collapsed: number[] = []): Place => ({ selected, collapsed: new Set(collapsed) });
  const go = (p: Place, ...moves: Parameters<typeof step>[3][]) =>
    moves.reduce((q, mv) => step(m, visibleRows(m, q.collapsed), q, mv, 3), p);
  const where = (p: Place) => [p.selected, [...p.collapsed].sort()];

  assert.deepEqual(where(go(at(null), 'down')), [0, []]);
  assert.deepEqual(where(go(at(null), 'up')), [6, []]);
  assert.deepEqual(where(go(at(0), 'down', 'down', 'down')), [3, []]);
  assert.deepEqual(where(go(at(6), 'down')), [6, []]);
  assert.deepEqual(where(go(at(0), 'up')), [0, []]);
  // left on b collapses it, then goes to its parent; down from b skips its hidden children
  assert.deepEqual(where(go(at(1), 'collapse')), [1, [1]]);
  assert.deepEqual(where(go(at(1), 'collapse', 'down')), [4, [1]]);
  assert.deepEqual(where(go(at(1), 'collapse', 'collapse')), [0, [1]]);
  assert.deepEqual(where(go(at(2), 'collapse')), [1, []]);
  // right expands a collapsed span, then goes to its first child; on a leaf it does nothing
  assert.deepEqual(where(go(at(1, [1]), 'expand')), [1, []]);
  assert.deepEqual(where(go(at(1, [1]), 'expand', 'expand')), [2, []]);
  assert.deepEqual(where(go(at(3), 'expand')), [3, []]);
  assert.deepEqual(where(go(at(1), 'first')), [0, []]);
  assert.deepEqual(where(go(at(1), 'last')), [6, []]);
  assert.deepEqual(where(go(at(0), 'pageDown')), [3, []]);
  assert.deepEqual(where(go(at(0), 'pageDown', 'pageDown', 'pageDown')), [6, []]);
  assert.deepEqual(where(go(at(5), 'pageUp')), [2, []]);
  const same = at(3);
  assert.equal(step(m, visibleRows(m, same.collapsed), same, 'expand', 3), same);
});
