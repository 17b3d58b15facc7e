package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.server.store.DuckDbStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/invocations}: pages by cursor either way, filters, the trigger, and its 400s. */
class InvocationsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE = 60_000_000_000L;
  private final long base = Math.floorDiv(System.currentTimeMillis() * 1_000_000L, 60 * MINUTE) * 60 * MINUTE
      - 3 * 60 * MINUTE;
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  Path data;
  private FarolServer server;
  private LambdaTelemetry telemetry;

  @BeforeEach
  void start() throws Exception {
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(data)).start();
    telemetry = new LambdaTelemetry(server.ingestPort());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode page(String query) throws Exception {
    HttpResponse<String> r = get("/api/v1/invocations?function=billing&since=" + base + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.get("invocations").forEach(i -> out.add(i.get("requestId").asText()));
    return out;
  }

  private static String cursor(JsonNode page, String which) {
    return "&cursor=" + URLEncoder.encode(page.get(which).asText(), StandardCharsets.UTF_8);
  }

  /** Twelve invocations of billing a minute apart: every third cold, every fourth failed, 10·i ms, even ones http. */
  private void twelve() throws Exception {
    List<LambdaTelemetry.Invocation> all = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      LambdaTelemetry.Invocation inv = LambdaTelemetry.Invocation.of("billing", String.format("b-%02d", i),
          base + i * MINUTE, 10 * i);
      inv = i % 3 == 0 ? inv.cold(100) : inv;
      inv = i % 4 == 0 ? inv.failed() : inv;
      all.add(i % 2 == 0 ? inv.trigger("http") : inv);
    }
    all.add(LambdaTelemetry.Invocation.of("ledger", "l-1", base + 5 * MINUTE, 5));
    telemetry.send(all);
  }

  @Test
  void pages_followTheirCursors_bothWays_withoutDuplicatesOrGaps_whileNewInvocationsArrive() throws Exception {
    twelve();
    JsonNode first = page("&limit=5");
    assertThat(ids(first)).containsExactly("b-12", "b-11", "b-10", "b-09", "b-08");
    assertThat(first.get("prevCursor").isNull()).isTrue();
    assertThat(first.get("nextCursor").isTextual()).isTrue();

    // two arrive while the first page is read
    telemetry.send(List.of(LambdaTelemetry.Invocation.of("billing", "n-1", base + 30 * MINUTE, 5),
        LambdaTelemetry.Invocation.of("billing", "n-2", base + 31 * MINUTE, 5)));
    JsonNode second = page("&limit=5" + cursor(first, "nextCursor"));
    JsonNode third = page("&limit=5" + cursor(second, "nextCursor"));
    assertThat(ids(second)).containsExactly("b-07", "b-06", "b-05", "b-04", "b-03");
    assertThat(ids(third)).containsExactly("b-02", "b-01");
    assertThat(third.get("nextCursor").isNull()).isTrue();
    Set<String> seen = new HashSet<>();
    for (JsonNode p : List.of(first, second, third)) {
      for (String id : ids(p)) {
        assertThat(seen.add(id)).as("twice: %s", id).isTrue();
      }
    }
    assertThat(seen).hasSize(12);

    // back: the pages as they were, then the ones that arrived, and no page before those
    JsonNode backToSecond = page("&limit=5" + cursor(third, "prevCursor"));
    assertThat(ids(backToSecond)).isEqualTo(ids(second));
    assertThat(backToSecond.get("nextCursor").asText()).isEqualTo(second.get("nextCursor").asText());
    JsonNode backToFirst = page("&limit=5" + cursor(backToSecond, "prevCursor"));
    assertThat(ids(backToFirst)).isEqualTo(ids(first));
    JsonNode newest = page("&limit=5" + cursor(backToFirst, "prevCursor"));
    assertThat(ids(newest)).containsExactly("n-2", "n-1");
    assertThat(newest.get("prevCursor").isNull()).isTrue();
    assertThat(ids(page("&limit=5" + cursor(newest, "nextCursor")))).isEqualTo(ids(first));

    // a cursor is for the filters it was made with
    HttpResponse<String> other = get("/api/v1/invocations?function=billing&coldStart=true&since=" + base + "&limit=5"
        + cursor(first, "nextCursor"));
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(other.body()).get("error").asText()).isEqualTo("cursor was made for a search with other "
        + "filters: search again without cursor for the first page of these");
  }

  @Test
  void filters_coldStartErrorAndMinimumDuration_andEachRowHasItsTrigger() throws Exception {
    twelve();

    assertThat(ids(page("&coldStart=true"))).containsExactly("b-12", "b-09", "b-06", "b-03");
    assertThat(ids(page("&coldStart=false"))).hasSize(8).doesNotContain("b-12", "b-09", "b-06", "b-03");
    assertThat(ids(page("&error=true"))).containsExactly("b-12", "b-08", "b-04");
    assertThat(ids(page("&error=false"))).hasSize(9);
    assertThat(ids(page("&minDurationMs=95"))).containsExactly("b-12", "b-11", "b-10");
    assertThat(ids(page("&coldStart=true&error=true&minDurationMs=50"))).containsExactly("b-12");
    assertThat(ids(page("&until=" + (base + 3 * MINUTE)))).containsExactly("b-02", "b-01");
    // a filtered list pages like any other
    JsonNode cold = page("&coldStart=true&limit=3");
    assertThat(ids(page("&coldStart=true&limit=3" + cursor(cold, "nextCursor")))).containsExactly("b-03");

    JsonNode row = page("&limit=1").at("/invocations/0");
    List<String> fields = new ArrayList<>();
    row.fieldNames().forEachRemaining(fields::add);
    // the list's shape as before, and the trigger
    assertThat(fields).containsExactly("requestId", "function", "traceId", "startTimeUnixNano", "durationMs",
        "coldStart", "status", "errorType", "memorySizeMb", "maxMemoryUsedMb", "billedDurationMs", "trigger");
    assertThat(row.get("requestId").asText()).isEqualTo("b-12");
    assertThat(row.get("trigger").asText()).isEqualTo("http");
    assertThat(row.get("traceId").asText()).isEqualTo(LambdaTelemetry.traceId("b-12"));
    assertThat(row.get("status").asText()).isEqualTo("error");
    assertThat(row.get("coldStart").asBoolean()).isTrue();
    assertThat(row.get("durationMs").asDouble()).isEqualTo(120.0);
    assertThat(page("&limit=2").at("/invocations/1/trigger").isNull()).isTrue();
    // without a function, every function's
    assertThat(JSON.readTree(get("/api/v1/invocations?since=" + base + "&until=" + (base + 6 * MINUTE)).body())
        .findValuesAsText("requestId")).containsExactly("l-1", "b-05", "b-04", "b-03", "b-02", "b-01");
  }

  @Test
  void badParameters_areNamedInA400() throws Exception {
    for (String[] c : new String[][] {
        {"coldStart=yes", "coldStart must be true or false, got 'yes'"},
        {"error=1", "error must be true or false, got '1'"},
        {"minDurationMs=fast", "minDurationMs must be a number of milliseconds, got 'fast'"},
        {"minDurationMs=-1", "minDurationMs must be 0 or more milliseconds, got '-1'"},
        {"cursor=bm90IGEgY3Vyc29y", "cursor is not a cursor this server gave out, got 'bm90IGEgY3Vyc29y'"},
        {"cursor=%25%25", "cursor is not a cursor this server gave out, got '%%'"},
        {"since=1h&until=2h", null},
        {"limit=0", "limit must be 1..1000, got 0"}}) {
      HttpResponse<String> r = get("/api/v1/invocations?function=billing&" + c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      if (c[1] != null) {
        assertThat(JSON.readTree(r.body()).get("error").asText()).as(c[0]).isEqualTo(c[1]);
      } else {
        assertThat(JSON.readTree(r.body()).get("error").asText()).startsWith("until must not come before since");
      }
    }
  }
}
