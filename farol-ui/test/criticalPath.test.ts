import assert from 'node:assert/strict';
import { test } from 'node:test';
import { criticalPath } from '../src/screens/trace/criticalPath';
import type { CriticalSection } from '../src/screens/trace/criticalPath';
import { buildModel } from '../src/screens/trace/model';
import { outline } from './outlines';
import type { Crafted } from './outlines';

const path = (spans: readonly Crafted[]) => criticalPath(buildModel(outline(spans)));
const sections = (list: [number, number, number][]): CriticalSection[] => list.map(([span, start, end]) => ({ span, start, end }));

test('the path walks back through the last-finishing child, on a trace of overlapping children', () => {
  // A 0–100: B 5–40 and C 30–90 overlap; C has X 25–35 (starts before C: cut to 30–35), D 35–60 and E 50–85 (which
  // overlap); F 70–80 overlaps C; G 95–120 sticks out (cut to 95–100); H 110–130 lies outside A (left out, with Y)
  const spans: Crafted[] = [
    { id: 'a', parent: -1, start: 0, end: 100 },
    { id: 'b', parent: 0, start: 5, end: 40 },
    { id: 'c', parent: 0, start: 30, end: 90 },
    { id: 'x', parent: 2, start: 25, end: 35 },
    { id: 'd', parent: 2, start: 35, end: 60 },
    { id: 'e', parent: 2, start: 50, end: 85 },
    { id: 'f', parent: 0, start: 70, end: 80 },
    { id: 'g', parent: 0, start: 95, end: 120 },
    { id: 'h', parent: 0, start: 110, end: 130 },
    { id: 'y', parent: 8, start: 115, end: 120 },
  ];

  assert.deepEqual(
    path(spans),
    sections([
      [0, 0, 30], // A, until C starts (B ends after that: not waited for)
      [3, 30, 35], // X, cut to C's start
      [2, 35, 50], // C, until E starts (D ends after that)
      [5, 50, 85], // E
      [2, 85, 90], // C after E
      [0, 90, 95], // A after C (F ended earlier, G started later)
      [7, 95, 100], // G, cut to A's end
    ]),
  );
});

test('the example of the documentation', () => {
  const spans: Crafted[] = [
    { id: 'a', parent: -1, start: 0, end: 100 },
    { id: 'b', parent: 0, start: 5, end: 40 },
    { id: 'c', parent: 0, start: 30, end: 90 },
    { id: 'd', parent: 2, start: 35, end: 60 },
    { id: 'e', parent: 2, start: 50, end: 85 },
    { id: 'g', parent: 0, start: 95, end: 120 },
  ];
  assert.deepEqual(path(spans), sections([[0, 0, 30], [2, 30, 50], [4, 50, 85], [2, 85, 90], [0, 90, 95], [5, 95, 100]]));
});

test('children back to back are all on the path, and a span without children is wholly on it', () => {
  const spans: Crafted[] = [
    { id: 'a', parent: -1, start: 0, end: 30 },
    { id: 'b', parent: 0, start: 0, end: 10 },
    { id: 'c', parent: 0, start: 10, end: 20 },
    { id: 'd', parent: 0, start: 20, end: 30 },
  ];
  assert.deepEqual(path(spans), sections([[1, 0, 10], [2, 10, 20], [3, 20, 30]]));
  assert.deepEqual(path([{ id: 'a', parent: -1, start: 0, end: 7 }]), sections([[0, 0, 7]]));
});

test('a child wholly outside its parent counts under the nearest ancestor it lies within: the cold start', () => {
  // the API Gateway span waited for the init phase, which the extension reports under the invocation it precedes;
  // a span outside the whole trace's root is left out
  const spans: Crafted[] = [
    { id: 'apigw', parent: -1, start: 0, end: 100 },
    { id: 'invocation', parent: 0, start: 60, end: 100 },
    { id: 'init', parent: 1, start: 10, end: 50 },
    { id: 'late', parent: 1, start: 120, end: 130 },
  ];
  assert.deepEqual(path(spans), sections([[0, 0, 10], [2, 10, 50], [0, 50, 60], [1, 60, 100]]));
});

test('several roots are one chain through the trace; the time between them is on no span', () => {
  // the caller's span was not sent: two roots, and a third that overlaps the last
  const spans: Crafted[] = [
    { id: 'r1', parent: -1, start: 0, end: 10 },
    { id: 'r2', parent: -1, start: 15, end: 40 },
    { id: 'r2a', parent: 1, start: 20, end: 30 },
    { id: 'r3', parent: -1, start: 35, end: 50 },
  ];
  assert.deepEqual(path(spans), sections([[0, 0, 10], [3, 35, 50]]));
});

test('children ending together: the first shown is taken; children of no length join their parent\'s sections', () => {
  const spans: Crafted[] = [
    { id: 'p', parent: -1, start: 0, end: 10 },
    { id: 'q', parent: 0, start: 2, end: 6 },
    { id: 'r', parent: 0, start: 4, end: 6 },
    { id: 's', parent: 0, start: 8, end: 8 },
  ];
  // s (8–8) is taken and has no length: p's sections around it meet and are one
  assert.deepEqual(path(spans), sections([[0, 0, 2], [1, 2, 6], [0, 6, 10]]));
});

test('a chain of 100,000 spans and a span with 100,000 children are walked without recursion, each child once', () => {
  const chain: Crafted[] = Array.from({ length: 100_000 }, (_, i) => ({ id: `c${i}`, parent: i - 1, start: i, end: 200_000 - i }));
  const deep = path(chain);
  assert.equal(deep.length, 100_000 * 2 - 1);
  assert.deepEqual(deep[99_999], { span: 99_999, start: 99_999, end: 100_001 });

  const wide: Crafted[] = [{ id: 'root', parent: -1, start: 0, end: 100_000 }];
  for (let i = 0; i < 100_000; i++) wide.push({ id: `w${i}`, parent: 0, start: i, end: i + 1 });
  const broad = path(wide);
  assert.equal(broad.length, 100_000);
  assert.deepEqual(broad[0], { span: 1, start: 0, end: 1 });
  assert.deepEqual(broad[99_999], { span: 100_000, start: 99_999, end: 100_000 });
});
