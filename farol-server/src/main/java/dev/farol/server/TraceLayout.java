package dev.farol.server;

import dev.farol.server.store.SpanOutline;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * The order in which the trace view shows a trace's spans, which its windows ({@code /spans?offset=&limit=}) page
 * through: depth first, each span followed by its children, children (and roots) by start time, then span id.
 *
 * <p>A root is a span without a parent or whose parent is not in the trace (the caller of a Lambda function may
 * not report its spans). Spans whose parents form a cycle (nothing in the wire format prevents one) would never be
 * reached from a root: the earliest of them not yet placed becomes a root, its parent link broken, until every
 * span is placed once. So {@link #parent} always describes a forest in which a parent comes before its children.
 *
 * <p>For example, spans {@code a} (root, starts at 0), {@code b} (parent {@code a}, starts at 5), {@code c} (parent
 * {@code a}, starts at 2) and {@code d} (parent {@code c}, starts at 3) are shown {@code a, c, d, b} with parents
 * {@code -1, 0, 1, 0} and depths {@code 0, 1, 2, 1}.
 *
 * <p>Made for traces of 100,000 spans and more: primitive arrays only (no object per span), no recursion.
 */
final class TraceLayout {
  /** {@code order[i]}: the index, in the list given, of the span shown {@code i}-th. */
  final int[] order;
  /** {@code parent[i]}: where the parent of the span shown {@code i}-th is shown; {@code -1} for a root. */
  final int[] parent;
  /** {@code depth[i]}: 0 for a root, its parent's depth plus one otherwise. */
  final int[] depth;

  private TraceLayout(int[] order, int[] parent, int[] depth) {
    this.order = order;
    this.parent = parent;
    this.depth = depth;
  }

  /** The layout of these spans (each id once, as the store keeps them; span ids are 8 bytes). */
  static TraceLayout of(List<SpanOutline> spans) {
    int n = spans.size();
    long[] start = new long[n];
    long[] id = new long[n];
    for (int i = 0; i < n; i++) {
      start[i] = spans.get(i).startNanos();
      id[i] = key(spans.get(i).spanId());
    }
    IdIndex index = new IdIndex(id);
    int[] byStart = sortedByStart(start, id);
    // each span's children, in start order: counted, then laid out in one array (first[s] .. first[s + 1])
    int[] parentOf = new int[n];
    int[] first = new int[n + 1];
    for (int i = 0; i < n; i++) {
      byte[] p = spans.get(i).parentSpanId();
      int found = p == null ? -1 : index.get(key(p));
      parentOf[i] = found == i ? -1 : found;
      if (parentOf[i] >= 0) {
        first[parentOf[i] + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      first[i + 1] += first[i];
    }
    int[] children = new int[first[n]];
    int[] filled = Arrays.copyOf(first, n);
    for (int i : byStart) {
      if (parentOf[i] >= 0) {
        children[filled[parentOf[i]]++] = i;
      }
    }

    int[] order = new int[n];
    int[] parent = new int[n];
    int[] depth = new int[n];
    int[] shownAt = new int[n];
    Arrays.fill(shownAt, -1);
    int placed = 0;
    int[] stack = new int[n];
    // the true roots first, in start order; then, for spans only a cycle leads to, the earliest left over
    for (int pass = 0; pass < 2 && placed < n; pass++) {
      for (int root : byStart) {
        if (shownAt[root] >= 0 || pass == 0 && parentOf[root] >= 0) {
          continue;
        }
        int top = 0;
        stack[top++] = root;
        while (top > 0) {
          int s = stack[--top];
          int p = s == root ? -1 : shownAt[parentOf[s]];
          shownAt[s] = placed;
          order[placed] = s;
          parent[placed] = p;
          depth[placed] = p < 0 ? 0 : depth[p] + 1;
          placed++;
          // pushed last first, so that the earliest child comes out next; one reached again through a cycle is not
          for (int k = first[s + 1] - 1; k >= first[s]; k--) {
            if (shownAt[children[k]] < 0) {
              stack[top++] = children[k];
            }
          }
        }
      }
    }
    return new TraceLayout(order, parent, depth);
  }

  private static long key(byte[] spanId) {
    return ByteBuffer.wrap(spanId.length == 8 ? spanId : Arrays.copyOf(spanId, 8)).getLong();
  }

  /** The spans' indexes by start time, then span id (unsigned): a merge sort of primitive indexes. */
  private static int[] sortedByStart(long[] start, long[] id) {
    int n = start.length;
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    int[] b = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
          boolean left = j >= hi || i < mid && !before(a[j], a[i], start, id);
          b[k] = left ? a[i++] : a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    return a;
  }

  private static boolean before(int x, int y, long[] start, long[] id) {
    return start[x] < start[y] || start[x] == start[y] && Long.compareUnsigned(id[x], id[y]) < 0;
  }

  /** Span id to index, by open addressing over the ids' array: no object per span. */
  private static final class IdIndex {
    private final long[] ids;
    private final int[] slots;
    private final int mask;

    IdIndex(long[] ids) {
      this.ids = ids;
      int size = Integer.highestOneBit(Math.max(4, ids.length * 2 + 1)) << 1;
      slots = new int[size];
      mask = size - 1;
      Arrays.fill(slots, -1);
      for (int i = 0; i < ids.length; i++) {
        int h = slot(ids[i]);
        while (slots[h] >= 0) {
          h = (h + 1) & mask;
        }
        slots[h] = i;
      }
    }

    /** The index of the span with this id, {@code -1} when none has it. */
    int get(long id) {
      for (int h = slot(id); slots[h] >= 0; h = (h + 1) & mask) {
        if (ids[slots[h]] == id) {
          return slots[h];
        }
      }
      return -1;
    }

    private int slot(long id) {
      long h = id * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32)) & mask;
    }
  }
}
