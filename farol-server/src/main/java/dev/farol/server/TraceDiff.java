package dev.farol.server;

import dev.farol.server.store.SpanRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The structural diff of two traces, {@code a} (the baseline) and {@code b}: spans are matched by their path of
 * names from the root, each step the span's service and name. Among siblings of the same service and name, the
 * first of {@code a} (by start) matches the first of {@code b}, the second the second, and so on. A span of
 * {@code b} without a match is {@link Change#ADDED} (and so is everything under it), one of {@code a} without a
 * match {@link Change#MISSING}; matched spans are {@link Change#SLOWER} or {@link Change#FASTER} when their
 * durations differ by at least {@value #MIN_CHANGE_PERCENT}% of {@code a}'s and at least
 * {@value #MIN_CHANGE_NANOS} ns, else {@link Change#SAME}.
 *
 * <p>Spans whose parent is not in their trace (the caller's spans were not sent) count as roots. Worked example:
 * {@code a} = root(10 ms) → [db(2 ms), cache(1 ms)] and {@code b} = root(15 ms) → [db(2 ms), db(4 ms), queue(1 ms)]
 * gives root slower by 5 ms; db same; a second db added; cache missing; queue added. Built without recursion, so
 * a deep trace cannot overflow the stack.
 */
final class TraceDiff {
  /** A change smaller than this share of the baseline's duration is no change: {@value}%. */
  static final int MIN_CHANGE_PERCENT = 10;
  /** A change smaller than this is no change: {@value} ns (0.1 ms). */
  static final long MIN_CHANGE_NANOS = 100_000;

  enum Change { SAME, SLOWER, FASTER, ADDED, MISSING }

  /** A span of the diff: its match in each trace ({@code null} where it has none) and what changed. */
  static final class Node {
    final String service;
    final String name;
    final SpanRow a;
    final SpanRow b;
    final Change change;
    final List<Node> children = new ArrayList<>();

    Node(String service, String name, SpanRow a, SpanRow b, Change change) {
      this.service = service;
      this.name = name;
      this.a = a;
      this.b = b;
      this.change = change;
    }

    long deltaNanos() {
      return a == null || b == null ? 0 : duration(b) - duration(a);
    }
  }

  /** The roots of the diff, and how many nodes there are of each change. */
  record Result(List<Node> roots, Map<Change, Integer> counts) {}

  private TraceDiff() {}

  static Result of(List<SpanRow> a, List<SpanRow> b) {
    Tree ta = new Tree(a);
    Tree tb = new Tree(b);
    Map<Change, Integer> counts = new LinkedHashMap<>();
    for (Change c : Change.values()) {
      counts.put(c, 0);
    }
    List<Node> roots = new ArrayList<>();
    record Work(List<SpanRow> a, List<SpanRow> b, List<Node> into, Change forced) {}
    Deque<Work> work = new ArrayDeque<>();
    work.push(new Work(ta.roots, tb.roots, roots, null));
    while (!work.isEmpty()) {
      Work w = work.pop();
      for (Node n : match(w.a(), w.b(), w.forced(), ta.start, tb.start)) {
        w.into().add(n);
        counts.merge(n.change, 1, Integer::sum);
        Change under = n.change == Change.ADDED || n.change == Change.MISSING ? n.change : null;
        work.push(new Work(n.a == null ? List.of() : ta.children(n.a), n.b == null ? List.of() : tb.children(n.b),
            n.children, under));
      }
    }
    return new Result(roots, counts);
  }

  /**
   * Pairs siblings by service and name, in start order; {@code forced} marks a subtree already added or missing.
   * The nodes come in order of their start from their trace's start.
   */
  private static List<Node> match(List<SpanRow> a, List<SpanRow> b, Change forced, long startA, long startB) {
    Map<String, List<SpanRow>> byKeyA = group(a);
    Map<String, List<SpanRow>> byKeyB = group(b);
    List<Node> out = new ArrayList<>();
    for (Map.Entry<String, List<SpanRow>> e : byKeyA.entrySet()) {
      List<SpanRow> others = byKeyB.getOrDefault(e.getKey(), List.of());
      List<SpanRow> mine = e.getValue();
      for (int i = 0; i < mine.size(); i++) {
        SpanRow x = mine.get(i);
        SpanRow y = i < others.size() ? others.get(i) : null;
        out.add(new Node(x.service(), x.name(), x, y, forced != null ? forced : y == null ? Change.MISSING
            : change(x, y)));
      }
      for (int i = mine.size(); i < others.size(); i++) {
        SpanRow y = others.get(i);
        out.add(new Node(y.service(), y.name(), null, y, forced != null ? forced : Change.ADDED));
      }
    }
    for (Map.Entry<String, List<SpanRow>> e : byKeyB.entrySet()) {
      if (!byKeyA.containsKey(e.getKey())) {
        for (SpanRow y : e.getValue()) {
          out.add(new Node(y.service(), y.name(), null, y, forced != null ? forced : Change.ADDED));
        }
      }
    }
    out.sort(Comparator.comparingLong(n -> n.a != null ? n.a.startNanos() - startA : n.b.startNanos() - startB));
    return out;
  }

  private static Map<String, List<SpanRow>> group(List<SpanRow> spans) {
    Map<String, List<SpanRow>> out = new LinkedHashMap<>();
    for (SpanRow s : spans) {
      out.computeIfAbsent(s.service() + "\u0000" + s.name(), k -> new ArrayList<>()).add(s);
    }
    return out;
  }

  static Change change(SpanRow a, SpanRow b) {
    long da = duration(a);
    long delta = duration(b) - da;
    if (Math.abs(delta) < MIN_CHANGE_NANOS || Math.abs(delta) * 100 < da * MIN_CHANGE_PERCENT) {
      return Change.SAME;
    }
    return delta > 0 ? Change.SLOWER : Change.FASTER;
  }

  static long duration(SpanRow s) {
    return Math.max(0, s.endNanos() - s.startNanos());
  }

  /** A trace's spans by parent, each list in start order. */
  private static final class Tree {
    private static final Comparator<SpanRow> BY_START = Comparator.comparingLong(SpanRow::startNanos);
    final List<SpanRow> roots = new ArrayList<>();
    /** The first span's start. */
    final long start;
    private final Map<String, List<SpanRow>> children = new HashMap<>();

    Tree(List<SpanRow> spans) {
      start = spans.stream().mapToLong(SpanRow::startNanos).min().orElse(0);
      Map<String, SpanRow> byId = new HashMap<>();
      for (SpanRow s : spans) {
        byId.put(id(s.spanId()), s);
      }
      for (SpanRow s : spans) {
        String parent = s.parentSpanId() == null ? null : id(s.parentSpanId());
        if (parent == null || !byId.containsKey(parent) || parent.equals(id(s.spanId()))) {
          roots.add(s);
        } else {
          children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
        }
      }
      roots.sort(BY_START);
      children.values().forEach(l -> l.sort(BY_START));
    }

    List<SpanRow> children(SpanRow s) {
      return children.getOrDefault(id(s.spanId()), List.of());
    }

    private static String id(byte[] b) {
      return java.util.HexFormat.of().formatHex(b);
    }
  }
}
