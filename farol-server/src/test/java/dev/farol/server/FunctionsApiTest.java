package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.server.store.DuckDbStore;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/v1/functions}: the overview's one call, its window and series, and its compression. */
class FunctionsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE = 60_000_000_000L;
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  Path data;
  private FarolServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(data)).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort()
        + pathAndQuery));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode json(String pathAndQuery) throws Exception {
    HttpResponse<byte[]> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** An invocation span of {@code function} starting at {@code startNanos}, as the extension sends it. */
  private void invocation(String function, String requestId, long startNanos, boolean coldStart, boolean error)
      throws Exception {
    String traceId = String.format("%032x", Math.abs((long) requestId.hashCode()) + 1);
    String body = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
        + "{\"stringValue\":\"" + function + "\"}},{\"key\":\"faas.name\",\"value\":{\"stringValue\":\"" + function
        + "\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + traceId + "\",\"spanId\":\"b7ad6b7169203331\","
        + "\"name\":\"aws.lambda\",\"kind\":2,\"startTimeUnixNano\":\"" + startNanos + "\",\"endTimeUnixNano\":\""
        + (startNanos + 20_000_000) + "\",\"status\":{\"code\":" + (error ? 2 : 0) + "},\"attributes\":["
        + "{\"key\":\"faas.invocation_id\",\"value\":{\"stringValue\":\"" + requestId + "\"}},"
        + "{\"key\":\"faas.coldstart\",\"value\":{\"boolValue\":" + coldStart + "}},"
        + "{\"key\":\"faas.max_memory\",\"value\":{\"intValue\":\"536870912\"}}]}]}]}]}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.ingestPort()
        + "/v1/traces")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void summaryAndSeries_inOneAnswer_bucketsSuitedToTheWindow() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    long thisMinute = Math.floorDiv(now, MINUTE) * MINUTE;
    invocation("clean-math", "r-1", thisMinute - 10 * MINUTE, true, false);
    invocation("clean-math", "r-2", thisMinute - 10 * MINUTE + 1, false, true);
    invocation("clean-math", "r-3", now, false, false);
    invocation("ledger", "r-4", now, true, false);

    JsonNode answer = json("/api/v1/functions?since=15m");

    JsonNode window = answer.get("window");
    assertThat(window.get("stepNanos").asLong()).isEqualTo(MINUTE);
    assertThat(window.get("toUnixNano").asLong()).isEqualTo(thisMinute + MINUTE);
    assertThat(window.get("fromUnixNano").asLong()).isBetween(thisMinute - 16 * MINUTE, thisMinute - 15 * MINUTE);
    assertThat(window.get("firstBucketUnixNano").asLong()).isEqualTo(window.get("fromUnixNano").asLong());
    int buckets = window.get("buckets").asInt();
    assertThat(buckets).isBetween(16, 17);
    JsonNode clean = answer.at("/functions/0");
    assertThat(clean.get("name").asText()).isEqualTo("clean-math");
    assertThat(clean.get("invocations").asInt()).isEqualTo(3);
    assertThat(clean.get("errors").asInt()).isEqualTo(1);
    assertThat(clean.get("coldStarts").asInt()).isEqualTo(1);
    JsonNode invocations = clean.at("/series/invocations");
    assertThat(invocations).hasSize(buckets);
    assertThat(invocations.get(buckets - 1).asInt()).isEqualTo(1);
    assertThat(invocations.get(buckets - 11).asInt()).isEqualTo(2);
    assertThat(clean.at("/series/errors").get(buckets - 11).asInt()).isEqualTo(1);
    assertThat(clean.at("/series/coldStarts").get(buckets - 11).asInt()).isEqualTo(1);
    int sum = 0;
    for (JsonNode v : invocations) {
      sum += v.asInt();
    }
    assertThat(sum).isEqualTo(3);
    assertThat(answer.at("/functions/1/name").asText()).isEqualTo("ledger");
    assertThat(answer.at("/functions/1/series/coldStarts").get(buckets - 1).asInt()).isEqualTo(1);

    // a chosen step; a window that ends before the latest invocation
    JsonNode fiveMinutes = json("/api/v1/functions?since=15m&step=5m");
    assertThat(fiveMinutes.at("/window/stepNanos").asLong()).isEqualTo(5 * MINUTE);
    assertThat(fiveMinutes.at("/window/firstBucketUnixNano").asLong() % (5 * MINUTE)).isZero();
    JsonNode earlier = json("/api/v1/functions?since=" + (thisMinute - 20 * MINUTE) + "&until=" + (thisMinute
        - 5 * MINUTE));
    assertThat(earlier.get("functions")).hasSize(1);
    assertThat(earlier.at("/functions/0/invocations").asInt()).isEqualTo(2);
    assertThat(earlier.at("/window/toUnixNano").asLong()).isEqualTo(thisMinute - 4 * MINUTE);
  }

  @Test
  void theStep_isTheShortestGivingAtMostSixtyBuckets() {
    long hour = 60 * MINUTE;
    assertThat(SeriesWindow.stepFor(15 * MINUTE)).isEqualTo(MINUTE);
    assertThat(SeriesWindow.stepFor(hour)).isEqualTo(MINUTE);
    assertThat(SeriesWindow.stepFor(hour + MINUTE)).isEqualTo(5 * MINUTE);
    assertThat(SeriesWindow.stepFor(6 * hour + MINUTE)).isEqualTo(10 * MINUTE);
    assertThat(SeriesWindow.stepFor(24 * hour + MINUTE)).isEqualTo(30 * MINUTE);
    assertThat(SeriesWindow.stepFor(7 * 24 * hour + MINUTE)).isEqualTo(3 * hour);
    assertThat(SeriesWindow.stepFor(365 * 24 * hour)).isEqualTo(24 * hour);
  }

  @Test
  void badParameters_areNamed() throws Exception {
    HttpResponse<byte[]> seconds = get("/api/v1/functions?step=30s");
    assertThat(seconds.statusCode()).isEqualTo(400);
    assertThat(new String(seconds.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"step must be a whole "
        + "number of minutes here (the aggregates are per minute), got '30s'\"}");
    HttpResponse<byte[]> tooMany = get("/api/v1/functions?since=7d&step=1m");
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(new String(tooMany.body(), StandardCharsets.UTF_8)).contains("buckets of this window, more than 1000: "
        + "choose a longer step");
    HttpResponse<byte[]> backwards = get("/api/v1/functions?since=5m&until=1h");
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(new String(backwards.body(), StandardCharsets.UTF_8)).contains("until must not come before since");
    HttpResponse<byte[]> until = get("/api/v1/functions?until=yesterday");
    assertThat(new String(until.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"until must be like 15m, "
        + "1h, 7d or Unix nanoseconds, got 'yesterday'\"}");
  }

  @Test
  void jsonAnswers_areGzipped_whenTheClientAcceptsIt() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < 5; i++) {
      invocation("function-" + i, "g-" + i, now, false, false);
    }
    HttpResponse<byte[]> plain = get("/api/v1/functions?since=1h");
    HttpResponse<byte[]> gzipped = get("/api/v1/functions?since=1h", "Accept-Encoding", "gzip");

    assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
    assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(gzipped.headers().allValues("vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
    assertThat(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes()).isEqualTo(plain.body());
    assertThat(gzipped.body().length).isLessThan(plain.body().length / 3);
  }
}
