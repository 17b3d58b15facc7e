package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.server.store.Batch;
import dev.farol.server.store.DuckDbStore;
import dev.farol.server.store.LogRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/logs}: levels, text, paging in both orders, the live tail, and bad parameters. */
class LogsApiTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 1_795_561_200_000L * MS;
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir
  Path data;
  private FarolServer server;
  private DuckDbStore store;
  private ApiClient api;

  @BeforeEach
  void start() throws Exception {
    store = DuckDbStore.open(data);
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), store).start();
    api = new ApiClient(server.queryPort());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static LogRow line(long time, String severity, String body, String function, String requestId,
      String traceId) {
    return new LogRow(time, severity, body, function, function, requestId, traceId == null ? null
        : ApiClient.hex(traceId), traceId == null ? null : ApiClient.hex("00f067aa0ba902b7"), "{}");
  }

  private void write(LogRow... lines) throws Exception {
    store.write(new Batch(List.of(), List.of(lines), List.of()));
  }

  private void someLines() throws Exception {
    write(line(T0, null, "START RequestId: r-1 Version: $LATEST", "clean-math", "r-1", null),
        line(T0 + MS, null, "2026-11-22T10:00:00Z r-1 ERROR Failed to parse n", "clean-math", "r-1", TRACE),
        line(T0 + 2 * MS, "Warning", "disk almost full", "clean-math", "r-1", TRACE),
        line(T0 + 3 * MS, "INFO2", "payment accepted", "installments-api", "r-2", null),
        line(T0 + 4 * MS, null, "[WARN] retrying the ledger", "installments-api", "r-2", null),
        line(T0 + 5 * MS, null, "an error, in lower case, is no level", "installments-api", "r-2", null));
  }

  private static List<String> bodies(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("logs").forEach(l -> out.add(l.get("body").asText()));
    return out;
  }

  private JsonNode search(String... pairs) throws Exception {
    List<String> all = new ArrayList<>(List.of("since", Long.toString(T0 - 60_000 * MS), "until",
        Long.toString(T0 + 60_000 * MS)));
    all.addAll(List.of(pairs));
    return api.json("/api/v1/logs", all.toArray(String[]::new));
  }

  @Test
  void eachLine_hasItsLevel_fromItsSeverityOrItsText_andLevelsFilter() throws Exception {
    someLines();

    JsonNode all = search();
    List<String> levels = new ArrayList<>();
    all.get("logs").forEach(l -> levels.add(l.get("level").isNull() ? null : l.get("level").asText()));
    assertThat(levels).containsExactly(null, "ERROR", "WARN", "INFO", "WARN", null);
    assertThat(all.get("logs").get(1).toString()).isEqualTo("{\"timeUnixNano\":" + (T0 + MS) + ",\"severity\":null,"
        + "\"body\":\"2026-11-22T10:00:00Z r-1 ERROR Failed to parse n\",\"service\":\"clean-math\",\"function\":"
        + "\"clean-math\",\"requestId\":\"r-1\",\"traceId\":\"" + TRACE + "\",\"spanId\":\"00f067aa0ba902b7\","
        + "\"attributes\":{},\"level\":\"ERROR\"}");

    assertThat(bodies(search("level", "warn,error"))).containsExactly("2026-11-22T10:00:00Z r-1 ERROR Failed to parse n",
        "disk almost full", "[WARN] retrying the ledger");
    assertThat(bodies(search("level", "WARN", "function", "installments-api"))).containsExactly(
        "[WARN] retrying the ledger");
    assertThat(bodies(search("q", "LEDGER"))).containsExactly("[WARN] retrying the ledger");
    assertThat(bodies(search("traceId", TRACE, "level", "error"))).containsExactly(
        "2026-11-22T10:00:00Z r-1 ERROR Failed to parse n");
    assertThat(bodies(search("requestId", "r-2", "order", "desc"))).containsExactly(
        "an error, in lower case, is no level", "[WARN] retrying the ledger", "payment accepted");
  }

  @Test
  void paging_newestFirst_andOldestFirst_neitherRepeatsNorSkips_whileLinesArrive() throws Exception {
    List<LogRow> lines = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      lines.add(line(T0 + (i / 3) * MS, null, "line " + i, "clean-math", "r-" + i, null));
    }
    write(lines.toArray(LogRow[]::new));
    for (String order : List.of("desc", "asc")) {
      List<String> seen = new ArrayList<>();
      JsonNode page = search("order", order, "limit", "10");
      seen.addAll(bodies(page));
      write(line(T0 + 2 * MS, null, "late line " + order, "clean-math", "r-late", null));
      int pages = 1;
      while (!page.get("next").isNull()) {
        page = api.json("/api/v1/logs", "order", order, "limit", "10", "cursor", page.get("next").asText());
        seen.addAll(bodies(page));
        pages++;
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 23; i++) {
        expected.add("line " + i);
      }
      if (order.equals("desc")) {
        java.util.Collections.reverse(expected);
      } else {
        // stored before this search: in its place by time (with lines 6 to 8), after them by write order
        expected.add(9, "late line desc");
      }
      assertThat(pages).isEqualTo(3);
      assertThat(seen).as(order).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void theTail_givesTheLinesStoredSinceTheSearch_onceEach_lateOnesIncluded_withTheSameFilters() throws Exception {
    someLines();
    JsonNode first = search("function", "clean-math", "order", "desc", "limit", "2");
    assertThat(bodies(first)).containsExactly("disk almost full", "2026-11-22T10:00:00Z r-1 ERROR Failed to parse n");
    String tail = first.get("tail").asText();

    JsonNode nothing = api.json("/api/v1/logs", "function", "clean-math", "order", "desc", "limit", "2", "tail", tail);
    assertThat(bodies(nothing)).isEmpty();
    assertThat(nothing.get("tail").asText()).isEqualTo(tail);
    assertThat(nothing.get("more").asBoolean()).isFalse();

    write(line(T0 + 10 * MS, null, "END RequestId: r-1", "clean-math", "r-1", null),
        line(T0 + 11 * MS, null, "not this function's", "ledger", "r-9", null),
        line(T0 - 30_000 * MS, null, "a late line, written long before it arrived", "clean-math", "r-0", null),
        line(T0 + 12 * MS, null, "REPORT RequestId: r-1", "clean-math", "r-1", null));
    JsonNode step = api.json("/api/v1/logs", "function", "clean-math", "order", "desc", "limit", "2", "tail", tail);
    assertThat(bodies(step)).containsExactly("END RequestId: r-1", "a late line, written long before it arrived");
    assertThat(step.get("more").asBoolean()).isTrue();
    JsonNode rest = api.json("/api/v1/logs", "function", "clean-math", "order", "desc", "limit", "2", "tail",
        step.get("tail").asText());
    assertThat(bodies(rest)).containsExactly("REPORT RequestId: r-1");
    assertThat(rest.get("more").asBoolean()).isFalse();
    JsonNode after = api.json("/api/v1/logs", "function", "clean-math", "order", "desc", "tail",
        rest.get("tail").asText());
    assertThat(bodies(after)).isEmpty();
  }

  @Test
  void withoutTheNewParameters_linesComeOldestFirst_asBefore() throws Exception {
    someLines();
    JsonNode byTrace = api.json("/api/v1/logs", "traceId", TRACE);
    assertThat(bodies(byTrace)).containsExactly("2026-11-22T10:00:00Z r-1 ERROR Failed to parse n",
        "disk almost full");
    assertThat(byTrace.get("next").isNull()).isTrue();
    assertThat(bodies(api.json("/api/v1/logs", "requestId", "r-2", "limit", "1"))).containsExactly("payment accepted");
  }

  @Test
  void badParameters_answer400_namingTheParameter() throws Exception {
    someLines();
    String tail = search().get("tail").asText();

    assertThat(api.error(400, "/api/v1/logs", "level", "loud")).isEqualTo("level must be one or more of trace, "
        + "debug, info, warn, error, fatal (comma-separated), got 'loud'");
    assertThat(api.error(400, "/api/v1/logs", "order", "sideways"))
        .isEqualTo("order must be asc (oldest first) or desc (newest first), got 'sideways'");
    assertThat(api.error(400, "/api/v1/logs", "tail", "xyz")).isEqualTo("tail is not a cursor this server gave out, "
        + "got 'xyz'");
    assertThat(api.error(400, "/api/v1/logs", "tail", tail, "level", "error")).isEqualTo("tail was made for a "
        + "search with other filters: search again without tail for the first page of these");
    assertThat(api.error(400, "/api/v1/logs", "traceId", "abc")).isEqualTo("a trace id is 32 hex digits, got 'abc'");
    assertThat(api.error(400, "/api/v1/logs", "until", "soon"))
        .isEqualTo("until must be like 15m, 1h, 7d or Unix nanoseconds, got 'soon'");
  }
}
