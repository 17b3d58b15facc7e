/**
 * The critical path of a trace, as Jaeger defines it: the chain of spans that determines the trace's end-to-end
 * duration. Start at the root's end and walk back: within a span, the child that finished last before the time
 * reached is what the span waited for, so the time after that child's end is the span's own, the child's section
 * comes before it, and within the child the walk goes on the same way; when a span has no child left that ends
 * before the time reached, the time back to its start is its own, and the walk returns to its parent at that start.
 *
 * As in Jaeger, a child is first fitted into its parent: one that sticks out is cut to the parent's time, and one
 * that lies wholly outside every ancestor's time (up to {@link MAX_CLIMB} of them) is left out, with its subtree.
 * Jaeger leaves out a child wholly outside its parent's time even when it lies within the grandparent's; here it is
 * taken as the child of the nearest ancestor it lies within. That is the cold start: the extension reports the init
 * phase (`aws.lambda.init`) under the invocation, but it runs before the invocation starts, and it is what the API
 * Gateway span above them waited for. Among children that end together, the one shown first is taken. Jaeger takes,
 * on the way back, only a child that ends strictly before the time reached; here one that ends exactly then is
 * taken too, so children run back to back (one starting as the other ends) are all on the path, as they are what
 * the parent waited for. Each child is taken once.
 *
 * Where Jaeger computes one path per root, here the roots are the children of one span that covers the whole trace,
 * so that with several roots (the caller's span missing, say) the path is still one chain through the trace; with
 * one root the walk is Jaeger's.
 *
 * For example, a root `A` 0–100 with children `B` 5–40 and `C` 30–90, `C` with children `D` 35–60 and `E` 50–85,
 * and `G` 95–120 (cut to 95–100): the path is A 0–30, C 30–50, E 50–85, C 85–90, A 90–95, G 95–100. `B` is not on it
 * (it ends after `C` starts), nor is `D` (it ends after `E` starts).
 */

/** How many ancestors up a child outside its parent is looked for a place: a chain of such spans costs no more. */
const MAX_CLIMB = 64;

/** What the walk reads of a trace: spans in a depth-first order, each parent before its children. */
export interface Timed {
  n: number;
  /** The parent's index, -1 for a root. */
  parent: ArrayLike<number>;
  start: ArrayLike<number>;
  end: ArrayLike<number>;
}

/** A stretch of time on the critical path, and the span it belongs to. */
export interface CriticalSection {
  span: number;
  start: number;
  end: number;
}

/** The critical path's sections, earliest first; they do not overlap. Iterative: a chain of any depth is fine. */
export function criticalPath(t: Timed): CriticalSection[] {
  const n = t.n;
  if (n === 0) return [];
  const root = n; // the span covering the whole trace, parent of the roots
  const cs = new Float64Array(n + 1);
  const ce = new Float64Array(n + 1);
  const left = new Uint8Array(n + 1);
  const parentOf = new Int32Array(n + 1);
  cs[root] = Infinity;
  ce[root] = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = t.parent[i] as number;
    parentOf[i] = p >= 0 ? p : root;
    if (p < 0) {
      cs[root] = Math.min(cs[root] as number, t.start[i] as number);
      ce[root] = Math.max(ce[root] as number, t.end[i] as number);
    }
  }
  parentOf[root] = -1;
  // fitted into the parent, parents first (the order puts them first); one wholly outside it goes up to the
  // nearest ancestor it is not wholly outside of
  for (let i = 0; i < n; i++) {
    const s = t.start[i] as number;
    const e = Math.max(s, t.end[i] as number);
    let p = parentOf[i] as number;
    for (let up = 0; up < MAX_CLIMB && p !== root && !left[p] && outside(s, e, cs[p] as number, ce[p] as number); up++) {
      p = parentOf[p] as number;
    }
    if (left[p] || outside(s, e, cs[p] as number, ce[p] as number)) {
      left[i] = 1;
      continue;
    }
    parentOf[i] = p;
    cs[i] = Math.max(s, cs[p] as number);
    ce[i] = Math.min(e, ce[p] as number);
  }
  // each span's children, latest end first, then in display order: laid out in one array
  const first = new Int32Array(n + 2);
  for (let i = 0; i < n; i++) {
    const slot = (parentOf[i] as number) + 1;
    if (!left[i]) first[slot] = (first[slot] as number) + 1;
  }
  for (let i = 0; i <= n; i++) first[i + 1] = (first[i + 1] as number) + (first[i] as number);
  const children = new Int32Array(first[n + 1] as number);
  const fill = first.slice(0, n + 1);
  for (let i = 0; i < n; i++) {
    const p = parentOf[i] as number;
    if (!left[i]) {
      children[fill[p] as number] = i;
      fill[p] = (fill[p] as number) + 1;
    }
  }
  for (let p = 0; p <= n; p++) {
    const from = first[p] as number;
    const to = first[p + 1] as number;
    if (to - from > 1) {
      const sorted = Array.from(children.subarray(from, to)).sort((a, b) => (ce[b] as number) - (ce[a] as number) || a - b);
      children.set(sorted, from);
    }
  }
  // how far down each span's list the walk has looked: the time reached in a span only decreases, so a child
  // passed over once is never taken later, and each list is read once in all
  const next = first.slice(0, n + 1);

  const sections: CriticalSection[] = [];
  let span = root;
  let until = ce[root] as number;
  for (;;) {
    const to = first[span + 1] as number;
    let k = next[span] as number;
    while (k < to && (ce[children[k] as number] as number) > until) k++;
    if (k < to) {
      next[span] = k + 1;
      const child = children[k] as number;
      if (span !== root && (ce[child] as number) < until) sections.push({ span, start: ce[child] as number, end: until });
      span = child;
      until = ce[child] as number;
    } else {
      next[span] = k;
      if (span === root) break;
      if ((cs[span] as number) < until) sections.push({ span, start: cs[span] as number, end: until });
      until = cs[span] as number;
      span = parentOf[span] as number;
    }
  }
  // earliest first, a span's sections that meet (around a child of no length) as one
  const out: CriticalSection[] = [];
  for (let k = sections.length - 1; k >= 0; k--) {
    const s = sections[k] as CriticalSection;
    const last = out[out.length - 1];
    if (last && last.span === s.span && last.end === s.start) last.end = s.end;
    else out.push({ ...s });
  }
  return out;
}

/** A span from `s` to `e` lies wholly outside `ps`–`pe` (as Jaeger has it: one that starts at the end is outside). */
function outside(s: number, e: number, ps: number, pe: number): boolean {
  return (s >= ps && s >= pe) || (s < ps && e <= ps);
}

/** The sections of each span on the path (by span index), for drawing them on its bar. */
export function sectionsBySpan(sections: readonly CriticalSection[]): Map<number, CriticalSection[]> {
  const out = new Map<number, CriticalSection[]>();
  for (const s of sections) {
    const list = out.get(s.span);
    if (list) list.push(s);
    else out.set(s.span, [s]);
  }
  return out;
}
