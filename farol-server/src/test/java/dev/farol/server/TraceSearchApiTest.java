package dev.farol.server;

import static dev.farol.server.ApiClient.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.server.store.Batch;
import dev.farol.server.store.DuckDbStore;
import dev.farol.server.store.SpanRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/traces}: filters, totals, cursor paging, the scatter, and bad parameters. */
class TraceSearchApiTest {
  private static final long MS = 1_000_000L;
  /** A fixed past instant: every search here gives its window. */
  private static final long T0 = 1_795_561_200_000L * MS;
  private static final String PAYMENT = "POST /installments/{id}/payments";

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

  private static String traceId(int n) {
    return String.format("%032x", 0xabc000L + n);
  }

  private static String spanId(int trace, int n) {
    return String.format("%016x", trace * 100L + n);
  }

  private void write(List<SpanRow> spans) throws Exception {
    store.write(Batch.ofSpans(spans));
  }

  /**
   * Trace 1: a payment through API Gateway (the inferred span named with the route, the invocation, Spring's
   * request span with http.route, the ledger call failing). Trace 2: a GET of another route. Trace 3: clean-math.
   */
  private void threeTraces() throws Exception {
    write(List.of(
        span(traceId(1), spanId(1, 1), null, "aws.apigateway " + PAYMENT, "installments", "SERVER", T0, T0 + 250 * MS,
            0, "{\"http.route\":\"/installments/{id}/payments\",\"http.request.method\":\"POST\"}", null),
        span(traceId(1), spanId(1, 2), spanId(1, 1), "aws.lambda", "installments", "SERVER", T0 + 5 * MS,
            T0 + 245 * MS, 0, "{\"faas.trigger\":\"http\",\"cold_start\":true}", "installments-api"),
        span(traceId(1), spanId(1, 3), spanId(1, 2), PAYMENT, "installments", "SERVER", T0 + 20 * MS, T0 + 240 * MS,
            0, "{\"http.route\":\"/installments/{id}/payments\",\"http.request.method\":\"POST\","
                + "\"http.response.status_code\":201}", "installments-api"),
        span(traceId(1), spanId(1, 4), spanId(1, 3), "POST /ledger/entries", "installments", "CLIENT", T0 + 30 * MS,
            T0 + 200 * MS, 2, "{\"http.response.status_code\":500,\"peer.service\":\"ledger\"}", "installments-api"),
        span(traceId(2), spanId(2, 1), null, "GET /installments/{id}", "installments", "SERVER", T0 + 1000 * MS,
            T0 + 1040 * MS, 0, "{\"http.route\":\"/installments/{id}\",\"http.request.method\":\"GET\","
                + "\"http.response.status_code\":200}", "installments-api"),
        span(traceId(3), spanId(3, 1), null, "aws.lambda", "clean-math", "SERVER", T0 + 2000 * MS, T0 + 2012 * MS, 0,
            "{\"cold_start\":false,\"n\":20}", "clean-math")));
  }

  private List<String> ids(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("traces").forEach(t -> out.add(t.get("traceId").asText()));
    return out;
  }

  private JsonNode search(String... pairs) throws Exception {
    String[] all = new String[pairs.length + 4];
    all[0] = "since";
    all[1] = Long.toString(T0 - 60_000 * MS);
    all[2] = "until";
    all[3] = Long.toString(T0 + 60_000 * MS);
    System.arraycopy(pairs, 0, all, 4, pairs.length);
    return api.json("/api/v1/traces", all);
  }

  @Test
  void theAnswer_keepsItsFirstShape_andAddsTheTotalTheCursorAndTheWindow() throws Exception {
    threeTraces();

    JsonNode answer = search("limit", "2");

    assertThat(answer.get("traces").toString()).isEqualTo("[{\"traceId\":\"" + traceId(3) + "\",\"rootName\":"
        + "\"aws.lambda\",\"service\":\"clean-math\",\"startTimeUnixNano\":" + (T0 + 2000 * MS) + ",\"durationNanos\":"
        + 12 * MS + ",\"spanCount\":1,\"error\":false},{\"traceId\":\"" + traceId(2) + "\",\"rootName\":\"GET "
        + "/installments/{id}\",\"service\":\"installments\",\"startTimeUnixNano\":" + (T0 + 1000 * MS)
        + ",\"durationNanos\":" + 40 * MS + ",\"spanCount\":1,\"error\":false}]");
    assertThat(answer.get("total").asLong()).isEqualTo(3);
    assertThat(answer.get("next").isTextual()).isTrue();
    assertThat(answer.get("window").toString()).isEqualTo("{\"fromUnixNano\":" + (T0 - 60_000 * MS)
        + ",\"toUnixNano\":" + (T0 + 60_000 * MS) + "}");
    assertThat(answer.has("scatter")).isFalse();

    JsonNode last = search("limit", "2", "cursor", answer.get("next").asText());
    assertThat(ids(last)).containsExactly(traceId(1));
    assertThat(last.get("total").asLong()).isEqualTo(3);
    assertThat(last.get("next").isNull()).isTrue();
    assertThat(last.get("traces").get(0).get("rootName").asText()).isEqualTo("aws.apigateway " + PAYMENT);
    assertThat(last.get("traces").get(0).get("spanCount").asInt()).isEqualTo(4);
    assertThat(last.get("traces").get(0).get("error").asBoolean()).isTrue();
  }

  @Test
  void byRoute_withOrWithoutItsMethod_fromTheAttributeOrTheSpanName() throws Exception {
    threeTraces();
    // a trace whose route is only in a span's name (a tracer that sets no http.route)
    write(List.of(span(traceId(4), spanId(4, 1), null, PAYMENT, "legacy", "SERVER", T0 + 3000 * MS, T0 + 3100 * MS,
        0, "{}", null)));

    assertThat(ids(search("route", PAYMENT))).containsExactly(traceId(4), traceId(1));
    assertThat(ids(search("route", "post /installments/{id}/payments"))).containsExactly(traceId(4), traceId(1));
    assertThat(ids(search("route", "/installments/{id}/payments"))).containsExactly(traceId(4), traceId(1));
    assertThat(ids(search("route", "GET /installments/{id}/payments"))).isEmpty();
    assertThat(ids(search("route", "/installments/{id}"))).containsExactly(traceId(2));
    assertThat(search("route", "/nowhere").get("total").asLong()).isZero();
  }

  @Test
  void filters_byStatusDurationAttributesFunctionAndSpanName_eachSpanFilterMetByAnySpan() throws Exception {
    threeTraces();

    assertThat(ids(search("error", "true"))).containsExactly(traceId(1));
    assertThat(ids(search("error", "false"))).containsExactly(traceId(3), traceId(2));
    assertThat(ids(search("minDurationMs", "40"))).containsExactly(traceId(2), traceId(1));
    assertThat(ids(search("minDurationMs", "13", "maxDurationMs", "40"))).containsExactly(traceId(2));
    assertThat(ids(search("maxDurationMs", "12"))).containsExactly(traceId(3));
    assertThat(ids(search("attr", "http.response.status_code=500"))).containsExactly(traceId(1));
    assertThat(ids(search("attr", "http.response.status_code=201", "attr", "peer.service=ledger")))
        .containsExactly(traceId(1));
    assertThat(ids(search("attr", "http.response.status_code=201", "attr", "peer.service=bank"))).isEmpty();
    assertThat(ids(search("attr", "cold_start=false"))).containsExactly(traceId(3));
    assertThat(ids(search("attr", "n=20"))).containsExactly(traceId(3));
    assertThat(ids(search("function", "installments-api"))).containsExactly(traceId(2), traceId(1));
    assertThat(ids(search("span", "ledger"))).containsExactly(traceId(1));
    assertThat(ids(search("service", "installments", "name", "GET /installments/{id}"))).containsExactly(traceId(2));
    // filters met by different spans of one trace, with the trace's own filters
    assertThat(ids(search("route", PAYMENT, "span", "ledger", "attr", "cold_start=true", "error", "true",
        "minDurationMs", "100"))).containsExactly(traceId(1));
    assertThat(ids(search("route", PAYMENT, "error", "false"))).isEmpty();
  }

  @Test
  void paging_acrossPages_whileNewTracesArrive_neitherRepeatsNorSkips() throws Exception {
    List<SpanRow> spans = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      // pairs of traces with the same start: the trace id orders them
      spans.add(span(traceId(100 + i), spanId(100 + i, 1), null, "aws.lambda", "clean-math", "SERVER",
          T0 + (i / 2) * MS, T0 + (i / 2) * MS + 5 * MS, 0, "{\"n\":" + i + "}", "clean-math"));
    }
    write(spans);
    long until = T0 + 1000 * MS;
    List<String> seen = new ArrayList<>();
    JsonNode page = api.json("/api/v1/traces", "since", Long.toString(T0), "until", Long.toString(until), "limit",
        "10", "function", "clean-math");
    int pages = 1;
    seen.addAll(ids(page));
    assertThat(page.get("total").asLong()).isEqualTo(25);
    // new traces in the window and after it, and a span more for a trace already listed
    write(List.of(
        span(traceId(200), spanId(200, 1), null, "aws.lambda", "clean-math", "SERVER", until + MS, until + 2 * MS, 0,
            "{}", "clean-math"),
        span(traceId(124), spanId(124, 2), spanId(124, 1), "child", "clean-math", "INTERNAL", T0 + 12 * MS,
            T0 + 13 * MS, 0, "{}", "clean-math")));
    while (!page.get("next").isNull()) {
      page = api.json("/api/v1/traces", "since", "1h", "limit", "10", "function", "clean-math", "cursor",
          page.get("next").asText());
      pages++;
      assertThat(page.get("total").asLong()).isEqualTo(25);
      seen.addAll(ids(page));
    }

    assertThat(pages).isEqualTo(3);
    // newest first; of two with one start (i / 2), the greater id first: 24, 23, 22, …, 0
    List<String> expected = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      expected.add(traceId(100 + i));
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(new HashSet<>(seen)).hasSize(25);
  }

  @Test
  void scatter_pointsUpToTheThreshold_binsBeyond_whoseCountsAddUpToTheTotal() throws Exception {
    threeTraces();
    JsonNode few = search("scatter", "true").get("scatter");
    assertThat(few.get("kind").asText()).isEqualTo("points");
    assertThat(few.get("points").toString()).isEqualTo("[{\"traceId\":\"" + traceId(1) + "\",\"startTimeUnixNano\":"
        + T0 + ",\"durationNanos\":" + 250 * MS + ",\"error\":true},{\"traceId\":\"" + traceId(2) + "\","
        + "\"startTimeUnixNano\":" + (T0 + 1000 * MS) + ",\"durationNanos\":" + 40 * MS + ",\"error\":false},"
        + "{\"traceId\":\"" + traceId(3) + "\",\"startTimeUnixNano\":" + (T0 + 2000 * MS) + ",\"durationNanos\":"
        + 12 * MS + ",\"error\":false}]");

    List<SpanRow> many = new ArrayList<>();
    int n = TraceSearchApi.SCATTER_POINTS + 500;
    for (int i = 0; i < n; i++) {
      long start = T0 + 10_000 * MS + i * 7 * MS;
      many.add(span(traceId(1000 + i), spanId(1000 + i, 1), null, "aws.lambda", "ledger", "SERVER", start,
          start + (1 + i % 97) * MS, i % 10 == 0 ? 2 : 0, "{}", "ledger"));
    }
    write(many);
    JsonNode answer = search("scatter", "true", "service", "ledger");
    JsonNode bins = answer.get("scatter");

    assertThat(answer.get("total").asLong()).isEqualTo(n);
    assertThat(bins.get("kind").asText()).isEqualTo("bins");
    assertThat(bins.has("points")).isFalse();
    long count = 0;
    long errors = 0;
    for (JsonNode b : bins.get("bins")) {
      count += b.get("count").asLong();
      errors += b.get("errors").asLong();
      assertThat(b.get("fromUnixNano").asLong()).isLessThanOrEqualTo(b.get("toUnixNano").asLong());
      assertThat(b.get("minDurationNanos").asLong()).isLessThanOrEqualTo(b.get("maxDurationNanos").asLong());
    }
    assertThat(count).isEqualTo(n);
    assertThat(errors).isEqualTo(n / 10);
    JsonNode first = bins.get("bins").get(0);
    assertThat(first.get("fromUnixNano").asLong()).isEqualTo(T0 + 10_000 * MS);
    assertThat(first.get("minDurationNanos").asLong()).isEqualTo(MS);
    assertThat(bins.get("bins").size()).isLessThanOrEqualTo(60 * 30);
  }

  @Test
  void badParameters_answer400_namingTheParameter() throws Exception {
    threeTraces();
    String next = search("limit", "1").get("next").asText();

    assertThat(api.error(400, "/api/v1/traces", "error", "maybe")).isEqualTo("error must be true or false, got 'maybe'");
    assertThat(api.error(400, "/api/v1/traces", "minDurationMs", "-1"))
        .isEqualTo("minDurationMs must be a number of milliseconds, 0 or more, got '-1'");
    assertThat(api.error(400, "/api/v1/traces", "maxDurationMs", "fast"))
        .isEqualTo("maxDurationMs must be a number of milliseconds, 0 or more, got 'fast'");
    assertThat(api.error(400, "/api/v1/traces", "minDurationMs", "50", "maxDurationMs", "10"))
        .isEqualTo("minDurationMs must not exceed maxDurationMs, got 50 and 10");
    assertThat(api.error(400, "/api/v1/traces", "attr", "http.route"))
        .isEqualTo("attr must be key=value, e.g. attr=http.response.status_code=500, got 'http.route'");
    assertThat(api.error(400, "/api/v1/traces", "route", "installments"))
        .isEqualTo("route must be a path such as /installments/{id}/payments, after a method or not "
            + "(POST /installments/{id}/payments), got 'installments'");
    assertThat(api.error(400, "/api/v1/traces", "until", "yesterday"))
        .isEqualTo("until must be like 15m, 1h, 7d or Unix nanoseconds, got 'yesterday'");
    assertThat(api.error(400, "/api/v1/traces", "since", "1h", "until", "2h"))
        .startsWith("until must not come before since, got since=");
    assertThat(api.error(400, "/api/v1/traces", "cursor", "bm90IG91cnM"))
        .isEqualTo("cursor is not a cursor this server gave out, got 'bm90IG91cnM'");
    assertThat(api.error(400, "/api/v1/traces", "cursor", next, "error", "true"))
        .isEqualTo("cursor was made for a search with other filters: search again without cursor for the first "
            + "page of these");
    assertThat(api.error(400, "/api/v1/traces", "limit", "0")).isEqualTo("limit must be 1..1000, got 0");
  }

  @Test
  void attributeKeys_withQuotesAndSlashes_areValuesNotSql() throws Exception {
    write(List.of(span(traceId(7), spanId(7, 1), null, "x", "svc", "SERVER", T0, T0 + MS, 0,
        "{\"it's/a~key\":\"v'; DROP TABLE spans; --\"}", null)));

    assertThat(ids(search("attr", "it's/a~key=v'; DROP TABLE spans; --"))).containsExactly(traceId(7));
    assertThat(ids(search("attr", "it's/a~key=v"))).isEmpty();
    Set<String> all = new HashSet<>(ids(search()));
    assertThat(all).containsExactly(traceId(7));
  }
}
