package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.server.store.Batch;
import dev.farol.server.store.DuckDbStore;
import dev.farol.server.store.LogRow;
import dev.farol.server.store.SpanRow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace view's outline and windows of a trace ({@link TracesApi}): exact answers, paging, bad parameters. */
class TracesApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_795_561_300_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String OTHER = "0af7651916cd43dd8448eb211c80319c";
  private static final String A = "00000000000000a1";
  private static final String B = "00000000000000b2";
  private static final String C = "00000000000000c3";
  private static final String D = "00000000000000d4";

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  Path data;
  private DuckDbStore store;
  private FarolServer server;

  @BeforeEach
  void start() throws Exception {
    store = DuckDbStore.open(data);
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), store).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  private static SpanRow span(String trace, String id, String parent, String name, String service, long startMs,
      long durationMs, int status, String attributes) {
    return new SpanRow(hex(trace), hex(id), parent == null ? null : hex(parent), name, service, "INTERNAL",
        T0 + startMs * MS, T0 + (startMs + durationMs) * MS, status, status == 2 ? "failed" : "", attributes, "[]",
        "[]", null, null);
  }

  /** A root with two children that overlap, one of them with a child of its own, and three log lines. */
  private void craftedTrace() throws Exception {
    store.write(new Batch(List.of(
        span(TRACE, B, A, "render", "api", 50, 30, 0, "{\"k\":\"b\"}"),
        span(TRACE, D, C, "select", "db", 12, 5, 0, "{}"),
        span(TRACE, A, null, "GET /", "api", 0, 100, 0, "{\"http.route\":\"/\"}"),
        span(TRACE, C, A, "select", "db", 10, 20, 2, "{}"),
        span(OTHER, A, null, "elsewhere", "api", 0, 1, 0, "{}")), List.of(
        new LogRow(T0 + 15 * MS, "INFO", "querying", "db", "fn", "r-1", hex(TRACE), hex(C), "{}"),
        new LogRow(T0 - 60_000 * MS, "INFO", "init, a minute before", "api", "fn", null, hex(TRACE), null, "{}"),
        new LogRow(T0 + 16 * MS, "INFO", "another trace's line", "api", "fn", null, hex(OTHER), null, "{}")),
        List.of()));
  }

  @Test
  void outline_isTheSummary_everySpanInDisplayOrderAsColumns_andTheLogLines() throws Exception {
    craftedTrace();

    JsonNode outline = json("/api/v1/traces/" + TRACE + "/outline");

    assertThat(outline).isEqualTo(JSON.readTree("""
        {"traceId":"%1$s",
         "summary":{"traceId":"%1$s","startTimeUnixNano":%2$d,"endTimeUnixNano":%3$d,"durationNanos":100000000,
           "spanCount":4,"services":["api","db"],"errorCount":1,"rootName":"GET /","rootService":"api"},
         "names":["GET /","select","render"],
         "spans":{"spanId":["%4$s","%6$s","%7$s","%5$s"],"parent":[-1,0,1,0],
           "start":[0,10000000,12000000,50000000],"duration":[100000000,20000000,5000000,30000000],
           "service":[0,1,1,0],"name":[0,1,1,2],"status":[0,2,0,0]},
         "logLimit":1000,
         "logs":[
           {"timeUnixNano":%8$d,"severity":"INFO","body":"init, a minute before","service":"api","function":"fn",
            "requestId":null,"traceId":"%1$s","spanId":null,"attributes":{}},
           {"timeUnixNano":%9$d,"severity":"INFO","body":"querying","service":"db","function":"fn",
            "requestId":"r-1","traceId":"%1$s","spanId":"%6$s","attributes":{}}]}
        """.formatted(TRACE, T0, T0 + 100 * MS, A, B, C, D, T0 - 60_000 * MS, T0 + 15 * MS)));
  }

  @Test
  void spans_areWholeSpansInDisplayOrder_theFirstWindowWithTheSummary() throws Exception {
    craftedTrace();

    JsonNode first = json("/api/v1/traces/" + TRACE + "/spans?limit=2");
    JsonNode rest = json("/api/v1/traces/" + TRACE + "/spans?offset=2&limit=2");

    assertThat(first).isEqualTo(JSON.readTree("""
        {"traceId":"%1$s","offset":0,"limit":2,"total":4,
         "summary":{"traceId":"%1$s","startTimeUnixNano":%2$d,"endTimeUnixNano":%3$d,"durationNanos":100000000,
           "spanCount":4,"services":["api","db"],"errorCount":1,"rootName":"GET /","rootService":"api"},
         "spans":[
           {"spanId":"%4$s","parentSpanId":null,"name":"GET /","service":"api","kind":"INTERNAL",
            "startTimeUnixNano":%2$d,"endTimeUnixNano":%3$d,"status":{"code":"UNSET","message":""},
            "attributes":{"http.route":"/"},"events":[],"links":[],"index":0,"depth":0,"parentIndex":-1},
           {"spanId":"%5$s","parentSpanId":"%4$s","name":"select","service":"db","kind":"INTERNAL",
            "startTimeUnixNano":%6$d,"endTimeUnixNano":%7$d,"status":{"code":"ERROR","message":"failed"},
            "attributes":{},"events":[],"links":[],"index":1,"depth":1,"parentIndex":0}]}
        """.formatted(TRACE, T0, T0 + 100 * MS, A, C, T0 + 10 * MS, T0 + 30 * MS)));
    assertThat(rest.has("summary")).isFalse();
    assertThat(rest.get("spans").findValuesAsText("spanId")).containsExactly(D, B);
    assertThat(rest.get("spans").findValuesAsText("index")).containsExactly("2", "3");
    assertThat(rest.get("spans").findValuesAsText("parentIndex")).containsExactly("1", "0");
    assertThat(rest.at("/spans/1/attributes/k").asText()).isEqualTo("b");
    // the end of the trace is an empty window
    assertThat(json("/api/v1/traces/" + TRACE + "/spans?offset=4").get("spans")).isEmpty();
    // the whole trace as before, for the callers that have it
    JsonNode whole = json("/api/v1/traces/" + TRACE);
    assertThat(whole.properties()).extracting(Map.Entry::getKey).containsExactly("traceId", "spans", "logs");
    assertThat(whole.get("spans").findValuesAsText("spanId")).containsExactly(A, C, D, B);
  }

  /**
   * 20,000 spans, each third's parent the one before it and the others under the root (a tree deep and wide), ids
   * in the reverse of start order: the windows, read one after the other, are the outline's order, which is the
   * depth-first order computed here.
   */
  @Test
  void windowsOfALargeTrace_pageThroughItInDisplayOrder() throws Exception {
    int n = Integer.getInteger("farol.test.spans", 20_000);
    List<SpanRow> spans = new ArrayList<>();
    Map<Integer, List<Integer>> children = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      int parent = i == 0 ? -1 : i % 3 == 0 ? i - 1 : 0;
      if (parent >= 0) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(i);
      }
      spans.add(span(TRACE, id(i), parent < 0 ? null : id(parent), "op-" + (i % 7), "svc-" + (i % 3),
          n - i, 1 + i % 5, i % 1000 == 0 ? 2 : 0, "{\"i\":" + i + "}"));
    }
    for (int from = 0; from < n; from += 4000) {
      store.write(Batch.ofSpans(spans.subList(from, Math.min(n, from + 4000))));
    }
    List<String> expected = new ArrayList<>();
    // children by start time: here, the later the id, the earlier the start; each chain is short
    java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>(List.of(0));
    while (!stack.isEmpty()) {
      int s = stack.pop();
      expected.add(id(s));
      children.getOrDefault(s, List.of()).forEach(stack::push); // pushed earliest id first: comes out last
    }

    long started = System.nanoTime();
    JsonNode outline = json("/api/v1/traces/" + TRACE + "/outline");
    long outlineMs = (System.nanoTime() - started) / 1_000_000;
    List<String> paged = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    started = System.nanoTime();
    for (int offset = 0; offset < n; offset += 1000) {
      JsonNode window = json("/api/v1/traces/" + TRACE + "/spans?offset=" + offset + "&limit=1000");
      assertThat(window.get("total").asInt()).isEqualTo(n);
      assertThat(window.has("summary")).isEqualTo(offset == 0);
      for (JsonNode s : window.get("spans")) {
        paged.add(s.get("spanId").asText());
        indexes.add(s.get("index").asInt());
        assertThat(s.at("/attributes/i").asInt()).isEqualTo(Integer.parseInt(s.get("spanId").asText(), 16) - 1);
        assertThat(s.get("parentIndex").asInt()).isEqualTo(outline.at("/spans/parent/" + s.get("index").asInt())
            .asInt());
      }
    }
    long windowsMs = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("a %,d-span trace: outline in %d ms (%,d bytes), 20 windows of 1,000 in %d ms%n", n,
        outlineMs, outline.toString().length(), windowsMs);

    List<String> outlined = new ArrayList<>();
    outline.at("/spans/spanId").forEach(s -> outlined.add(s.asText()));
    assertThat(outlined).isEqualTo(expected);
    assertThat(paged).isEqualTo(expected);
    assertThat(indexes).isEqualTo(java.util.stream.IntStream.range(0, n).boxed().toList());
    assertThat(outline.at("/summary/spanCount").asInt()).isEqualTo(n);
    assertThat(outline.at("/summary/errorCount").asInt()).isEqualTo((n + 999) / 1000);
    assertThat(outline.at("/summary/services")).hasSize(3);
    assertThat(outline.get("names")).hasSize(7);
    assertThat(outline.at("/summary/durationNanos").asLong()).isEqualTo(n * MS);
  }

  private static String id(int i) {
    return String.format("%016x", i + 1);
  }

  @Test
  void badParameters_are400s_namingThem_andAnUnknownTrace_is404() throws Exception {
    craftedTrace();
    String spans = "/api/v1/traces/" + TRACE + "/spans";
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("/api/v1/traces/xyz/outline", "a trace id is 32 hex digits, got 'xyz'");
    bad.put("/api/v1/traces/xyz/spans", "a trace id is 32 hex digits, got 'xyz'");
    bad.put(spans + "?offset=-1", "offset must be 0 or more, got -1");
    bad.put(spans + "?offset=ten", "offset must be a number, got 'ten'");
    bad.put(spans + "?offset=5", "offset must be 0..4 (the trace has 4 spans), got 5");
    bad.put(spans + "?limit=0", "limit must be 1..1000, got 0");
    bad.put(spans + "?limit=1001", "limit must be 1..1000, got 1001");
    bad.put(spans + "?limit=all", "limit must be a number, got 'all'");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      HttpResponse<String> r = get(e.getKey());
      assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
      assertThat(JSON.readTree(r.body())).as(e.getKey()).isEqualTo(JSON.createObjectNode().put("error",
          e.getValue()));
    }
    String unknown = "ffffffffffffffffffffffffffffffff";
    for (String path : List.of("/outline", "/spans")) {
      HttpResponse<String> r = get("/api/v1/traces/" + unknown + path);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).isEqualTo("{\"error\":\"no trace " + unknown + "\"}");
    }
  }
}
