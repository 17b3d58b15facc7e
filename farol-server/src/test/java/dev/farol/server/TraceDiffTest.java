package dev.farol.server;

import static dev.farol.server.ApiClient.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.server.store.Batch;
import dev.farol.server.store.DuckDbStore;
import dev.farol.server.store.SpanRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TraceDiff} and {@code GET /api/v1/compare}: spans matched by their path of names. */
class TraceDiffTest {
  private static final long MS = 1_000_000L;
  private static final String A = "0af7651916cd43dd8448eb211c80319c";
  private static final String B = "4bf92f3577b34da6a3ce929d0e0e4736";

  /** A span of trace {@code t} starting {@code at} ms after 0, {@code ms} long. */
  private static SpanRow s(String t, String id, String parent, String name, long at, long ms) {
    return span(t, id, parent, name, "svc", "INTERNAL", at * MS, (at + ms) * MS, 0, "{}", null);
  }

  /** The diff as lines: depth, name, change, delta in ms. */
  private static List<String> lines(List<TraceDiff.Node> nodes, int depth, List<String> out) {
    for (TraceDiff.Node n : nodes) {
      out.add("  ".repeat(depth) + n.name + " " + n.change + " " + n.deltaNanos() / MS);
      lines(n.children, depth + 1, out);
    }
    return out;
  }

  @Test
  void theJavadocsExample() {
    List<SpanRow> a = List.of(s(A, "0000000000000001", null, "root", 0, 10),
        s(A, "0000000000000002", "0000000000000001", "db", 1, 2),
        s(A, "0000000000000003", "0000000000000001", "cache", 4, 1));
    List<SpanRow> b = List.of(s(B, "0000000000000001", null, "root", 100, 15),
        s(B, "0000000000000002", "0000000000000001", "db", 101, 2),
        s(B, "0000000000000003", "0000000000000001", "db", 104, 4),
        s(B, "0000000000000004", "0000000000000001", "queue", 109, 1));

    TraceDiff.Result diff = TraceDiff.of(a, b);

    assertThat(lines(diff.roots(), 0, new ArrayList<>())).containsExactly("root SLOWER 5", "  db SAME 0",
        "  db ADDED 0", "  cache MISSING 0", "  queue ADDED 0");
    assertThat(diff.counts()).containsExactly(java.util.Map.entry(TraceDiff.Change.SAME, 1),
        java.util.Map.entry(TraceDiff.Change.SLOWER, 1), java.util.Map.entry(TraceDiff.Change.FASTER, 0),
        java.util.Map.entry(TraceDiff.Change.ADDED, 2), java.util.Map.entry(TraceDiff.Change.MISSING, 1));
  }

  @Test
  void underAnAddedOrMissingSpan_everythingIsAddedOrMissing_andSmallChangesAreNone() {
    List<SpanRow> a = List.of(s(A, "0000000000000001", null, "root", 0, 100),
        s(A, "0000000000000002", "0000000000000001", "call", 1, 50),
        s(A, "0000000000000003", "0000000000000002", "query", 2, 40),
        s(A, "0000000000000004", "0000000000000001", "render", 60, 20));
    List<SpanRow> b = List.of(s(B, "0000000000000001", null, "root", 0, 105),
        s(B, "0000000000000004", "0000000000000001", "render", 60, 10),
        s(B, "0000000000000005", "0000000000000001", "retry", 80, 20),
        s(B, "0000000000000006", "0000000000000005", "query", 81, 19));

    assertThat(lines(TraceDiff.of(a, b).roots(), 0, new ArrayList<>())).containsExactly("root SAME 5",
        "  call MISSING 0", "    query MISSING 0", "  render FASTER -10", "  retry ADDED 0", "    query ADDED 0");
  }

  @Test
  void theCompareCall_answersTheTree_withBothSidesAndTheDeltas(@TempDir Path data) throws Exception {
    DuckDbStore store = DuckDbStore.open(data);
    try (FarolServer server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), store).start()) {
      store.write(Batch.ofSpans(List.of(s(A, "0000000000000001", null, "root", 1000, 10),
          s(A, "0000000000000002", "0000000000000001", "db", 1001, 2),
          s(B, "0000000000000001", null, "root", 5000, 30),
          s(B, "0000000000000002", "0000000000000001", "db", 5002, 2),
          s(B, "0000000000000003", "0000000000000001", "cache", 5010, 1))));
      ApiClient api = new ApiClient(server.queryPort());

      JsonNode answer = api.json("/api/v1/compare", "a", A, "b", B);

      assertThat(answer.get("a").toString()).isEqualTo("{\"traceId\":\"" + A + "\",\"rootName\":\"root\",\"service\":"
          + "\"svc\",\"startTimeUnixNano\":" + 1000 * MS + ",\"durationNanos\":" + 10 * MS + ",\"spanCount\":2,"
          + "\"error\":false}");
      assertThat(answer.get("sameRoot").asBoolean()).isTrue();
      assertThat(answer.get("counts").toString()).isEqualTo("{\"same\":1,\"slower\":1,\"faster\":0,\"added\":1,"
          + "\"missing\":0}");
      assertThat(answer.get("spans").toString()).isEqualTo("[{\"service\":\"svc\",\"name\":\"root\",\"change\":"
          + "\"slower\",\"a\":{\"spanId\":\"0000000000000001\",\"startOffsetNanos\":0,\"durationNanos\":" + 10 * MS
          + ",\"error\":false},\"b\":{\"spanId\":\"0000000000000001\",\"startOffsetNanos\":0,\"durationNanos\":"
          + 30 * MS + ",\"error\":false},\"deltaNanos\":" + 20 * MS + ",\"children\":[{\"service\":\"svc\",\"name\":"
          + "\"db\",\"change\":\"same\",\"a\":{\"spanId\":\"0000000000000002\",\"startOffsetNanos\":" + MS
          + ",\"durationNanos\":" + 2 * MS + ",\"error\":false},\"b\":{\"spanId\":\"0000000000000002\","
          + "\"startOffsetNanos\":" + 2 * MS + ",\"durationNanos\":" + 2 * MS + ",\"error\":false},\"deltaNanos\":0,"
          + "\"children\":[]},{\"service\":\"svc\",\"name\":\"cache\",\"change\":\"added\",\"a\":null,\"b\":{\"spanId\":"
          + "\"0000000000000003\",\"startOffsetNanos\":" + 10 * MS + ",\"durationNanos\":" + MS + ",\"error\":false},"
          + "\"deltaNanos\":0,\"children\":[]}]}]");

      assertThat(api.error(404, "/api/v1/compare", "a", A, "b", "ffffffffffffffffffffffffffffffff"))
          .isEqualTo("no trace ffffffffffffffffffffffffffffffff (b)");
      assertThat(api.error(400, "/api/v1/compare", "a", A)).startsWith("a and b are required");
      assertThat(api.error(400, "/api/v1/compare", "a", "xyz", "b", B)).isEqualTo("a trace id is 32 hex digits, got "
          + "'xyz'");
    }
  }

  @Test
  void aDeepTrace_doesNotOverflowTheStack() {
    List<SpanRow> a = new ArrayList<>();
    for (int i = 1; i <= 50_000; i++) {
      a.add(s(A, String.format("%016x", i), i == 1 ? null : String.format("%016x", i - 1), "step", i, 1));
    }
    TraceDiff.Result diff = TraceDiff.of(a, a);
    assertThat(diff.counts().get(TraceDiff.Change.SAME)).isEqualTo(50_000);
  }
}
