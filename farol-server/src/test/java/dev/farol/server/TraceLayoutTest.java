package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.server.store.SpanOutline;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trace view's display order: depth first, children by start time, every span placed once. */
class TraceLayoutTest {
  private static SpanOutline span(String id, String parent, long start) {
    return new SpanOutline(HexFormat.of().parseHex(id), parent == null ? null : HexFormat.of().parseHex(parent),
        "op-" + id, "svc", start, start + 10, 0);
  }

  /** The ids of the spans in display order. */
  private static List<String> shown(List<SpanOutline> spans, TraceLayout layout) {
    List<String> out = new ArrayList<>();
    for (int i : layout.order) {
      out.add(HexFormat.of().formatHex(spans.get(i).spanId()));
    }
    return out;
  }

  private static final String A = "000000000000000a";
  private static final String B = "000000000000000b";
  private static final String C = "000000000000000c";
  private static final String D = "000000000000000d";
  private static final String E = "000000000000000e";

  @Test
  void depthFirst_childrenByStartTime() {
    List<SpanOutline> spans = List.of(span(B, A, 5), span(D, C, 3), span(A, null, 0), span(C, A, 2));

    TraceLayout layout = TraceLayout.of(spans);

    assertThat(shown(spans, layout)).containsExactly(A, C, D, B);
    assertThat(layout.parent).containsExactly(-1, 0, 1, 0);
    assertThat(layout.depth).containsExactly(0, 1, 2, 1);
  }

  @Test
  void siblingsStartingTogether_comeBySpanId_andRootsByStartTime() {
    List<SpanOutline> spans = List.of(span(E, null, 1), span(C, A, 4), span(B, A, 4), span(A, null, 0));

    TraceLayout layout = TraceLayout.of(spans);

    assertThat(shown(spans, layout)).containsExactly(A, B, C, E);
    assertThat(layout.parent).containsExactly(-1, 0, 0, -1);
  }

  @Test
  void aSpanWhoseParentIsNotInTheTrace_isARoot() {
    // the caller of the function did not send its span (ffff…), so the function's span is a root
    List<SpanOutline> spans = List.of(span(B, A, 3), span(A, "ffffffffffffffff", 1), span(C, "eeeeeeeeeeeeeeee", 0));

    TraceLayout layout = TraceLayout.of(spans);

    assertThat(shown(spans, layout)).containsExactly(C, A, B);
    assertThat(layout.parent).containsExactly(-1, -1, 1);
    assertThat(layout.depth).containsExactly(0, 0, 1);
  }

  @Test
  void spansInACycle_orTheirOwnParent_areEachPlacedOnce() {
    // a → b → c → a, d its own parent, e under c
    List<SpanOutline> spans = List.of(span(A, C, 2), span(B, A, 3), span(C, B, 4), span(D, D, 1), span(E, C, 5));

    TraceLayout layout = TraceLayout.of(spans);

    // d has no other parent: a root; the cycle is entered at its earliest span, a
    assertThat(shown(spans, layout)).containsExactly(D, A, B, C, E);
    assertThat(layout.parent).containsExactly(-1, -1, 1, 2, 3);
    assertThat(layout.depth).containsExactly(0, 0, 1, 2, 3);
  }

  @Test
  void aChainOfAHundredThousandSpans_isLaidOutWithoutRecursion() {
    List<SpanOutline> spans = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      spans.add(span(String.format("%016x", i + 1), i == 0 ? null : String.format("%016x", i), i));
    }

    TraceLayout layout = TraceLayout.of(spans);

    assertThat(layout.depth[99_999]).isEqualTo(99_999);
    assertThat(layout.parent[99_999]).isEqualTo(99_998);
    assertThat(layout.order[99_999]).isEqualTo(99_999);
  }

  @Test
  void noSpans_noRows() {
    TraceLayout layout = TraceLayout.of(List.of());
    assertThat(layout.order).isEmpty();
  }
}
