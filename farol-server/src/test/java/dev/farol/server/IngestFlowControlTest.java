package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.farol.server.store.Batch;
import dev.farol.server.store.DuckDbStore;
import dev.farol.server.store.FunctionSummary;
import dev.farol.server.store.InvocationRow;
import dev.farol.server.store.LogQuery;
import dev.farol.server.store.LogRow;
import dev.farol.server.store.SpanRow;
import dev.farol.server.store.Store;
import dev.farol.server.store.StoreException;
import dev.farol.server.store.TraceQuery;
import dev.farol.server.store.TraceSummary;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest under overload and with partly bad requests: 429 and 503 with Retry-After, OTLP partial
 * success in both encodings, the counters at {@code /api/v1/ingest/stats}; DuckDB on disk, real HTTP.
 */
class IngestFlowControlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final long now = System.currentTimeMillis() * 1_000_000L;
  @TempDir
  Path data;
  private FarolServer server;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private FarolServer start(FarolServer.Settings settings, Store store) throws Exception {
    server = new FarolServer(settings.withPorts(0, 0), store).start();
    return server;
  }

  private HttpRequest post(String path, String type, byte[] body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.ingestPort() + path))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private HttpResponse<byte[]> send(String path, String type, byte[] body) throws Exception {
    return http.send(post(path, type, body), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode stats() throws Exception {
    HttpResponse<String> r = get("/api/v1/ingest/stats");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static Span span(String traceHex, String spanHex, String name, long start) {
    return Span.newBuilder().setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(traceHex)))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(spanHex))).setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start).setEndTimeUnixNano(start + 1_000_000)
        .addAttributes(KeyValue.newBuilder().setKey("http.route").setValue(AnyValue.newBuilder()
            .setStringValue("/orders"))).build();
  }

  private static byte[] traces(Span... spans) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue("orders"))))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build().toByteArray();
  }

  private static final String T1 = "0af7651916cd43dd8448eb211c80319c";
  private static final String T2 = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void admissionFull_answers429WithRetryAfter_atOnce_andServesAfterwards() throws Exception {
    StallingStore store = new StallingStore(DuckDbStore.open(data));
    start(FarolServer.Settings.defaults().withIngestLimits(1, 1024 * 1024), store);
    store.stall();
    CompletableFuture<HttpResponse<byte[]>> first = http.sendAsync(post("/v1/traces", "application/x-protobuf",
        traces(span(T1, "b7ad6b7169203331", "first", now))), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the first batch reached the store").isTrue();

    long before = System.nanoTime();
    HttpResponse<byte[]> refused = send("/v1/traces", "application/x-protobuf",
        traces(span(T2, "00f067aa0ba902b7", "second", now)));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).as("refused without waiting")
        .isLessThan(2_000);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"ingest is at capacity "
        + "(1 requests in flight, the limit); nothing of this request was kept; retry after 1 s\"}");
    // the Zipkin endpoint shares the admission
    HttpResponse<byte[]> zipkin = send("/api/v2/spans", "application/json", "[]".getBytes(StandardCharsets.UTF_8));
    assertThat(zipkin.statusCode()).isEqualTo(429);
    // the query API keeps answering while ingest is full
    assertThat(stats().at("/requests/throttled").asLong()).isEqualTo(2);
    assertThat(stats().at("/inFlight/requests").asLong()).isEqualTo(1);
    assertThat(get("/api/v1/traces/" + T2).statusCode()).isEqualTo(404);

    store.resume();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> retried = send("/v1/traces", "application/x-protobuf",
        traces(span(T2, "00f067aa0ba902b7", "second", now)));
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/traces/" + T1).body()).contains("\"name\":\"first\"");
    assertThat(get("/api/v1/traces/" + T2).body()).contains("\"name\":\"second\"");
    JsonNode stats = stats();
    assertThat(stats.at("/requests/accepted").asLong()).isEqualTo(2);
    assertThat(stats.at("/spans/accepted").asLong()).isEqualTo(2);
    assertThat(stats.at("/inFlight/requests").asLong()).isZero();
    assertThat(stats.at("/inFlight/bytes").asLong()).isZero();
  }

  @Test
  void bytesInFlightOverTheLimit_answer429_namingTheSizes() throws Exception {
    StallingStore store = new StallingStore(DuckDbStore.open(data));
    byte[] small = traces(span(T1, "b7ad6b7169203331", "small", now));
    start(FarolServer.Settings.defaults().withIngestLimits(8, small.length + 10), store);
    store.stall();
    CompletableFuture<HttpResponse<byte[]>> first = http.sendAsync(post("/v1/traces", "application/x-protobuf",
        small), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
    byte[] second = traces(span(T2, "00f067aa0ba902b7", "second", now));
    HttpResponse<byte[]> refused = send("/v1/traces", "application/x-protobuf", second);
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).contains("1");
    assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("this body's " + second.length
        + " bytes would take the bytes in flight over the limit of " + (small.length + 10));
    store.resume();
    assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(send("/v1/traces", "application/x-protobuf", second).statusCode()).isEqualTo(200);
  }

  @Test
  void failingStore_answers503WithRetryAfter_andTheQueryApiStillAnswers() throws Exception {
    DuckDbStore store = DuckDbStore.open(data);
    start(FarolServer.Settings.defaults(), store);
    store.close(); // the engine is gone: every write fails for real
    HttpResponse<byte[]> r = send("/v1/traces", "application/x-protobuf",
        traces(span(T1, "b7ad6b7169203331", "lost", now)));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("5");
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("{\"error\":\"the store could not take the "
        + "batch (").endsWith("); nothing of it was kept; retry after 5 s\"}");
    JsonNode stats = stats();
    assertThat(stats.at("/requests/storeUnavailable").asLong()).isEqualTo(1);
    assertThat(stats.at("/spans/accepted").asLong()).isZero();
  }

  @Test
  void protobufPartialSuccess_storesTheValidSpans_andCountsTheRejected() throws Exception {
    start(FarolServer.Settings.defaults(), DuckDbStore.open(data));
    Span zeroTrace = span("00000000000000000000000000000000", "b7ad6b7169203332", "zero-trace", now);
    Span shortId = span(T1, "b7ad6b7169203333", "short-id", now).toBuilder()
        .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4})).build();
    HttpResponse<byte[]> r = send("/v1/traces", "application/x-protobuf", traces(
        span(T1, "b7ad6b7169203331", "kept", now), zeroTrace, shortId));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/x-protobuf");
    ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(r.body());
    assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
    assertThat(answer.getPartialSuccess().getErrorMessage()).isEqualTo("rejected 2 of 3 spans: span 'zero-trace': "
        + "traceId is all zeros (invalid) (and 1 more)");
    assertThat(get("/api/v1/traces/" + T1).body()).contains("\"name\":\"kept\"").doesNotContain("short-id");
    JsonNode stats = stats();
    assertThat(stats.at("/spans/accepted").asLong()).isEqualTo(1);
    assertThat(stats.at("/spans/rejected").asLong()).isEqualTo(2);

    // a fully valid request answers an empty response message
    HttpResponse<byte[]> ok = send("/v1/traces", "application/x-protobuf",
        traces(span(T2, "00f067aa0ba902b7", "fine", now)));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ExportTraceServiceResponse.parseFrom(ok.body()).hasPartialSuccess()).isFalse();
  }

  @Test
  void jsonPartialSuccess_forSpansLogsAndDataPoints() throws Exception {
    start(FarolServer.Settings.defaults(), DuckDbStore.open(data));
    String spans = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
        + "{\"traceId\":\"" + T1 + "\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"kept\",\"startTimeUnixNano\":\""
        + now + "\",\"endTimeUnixNano\":\"" + (now + 1) + "\"},"
        + "{\"traceId\":\"" + T1 + "\",\"spanId\":\"\",\"name\":\"no-id\",\"startTimeUnixNano\":\"" + now + "\"}]}]}]}";
    HttpResponse<byte[]> r = send("/v1/traces", "application/json", spans.getBytes(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"partialSuccess\":{\"rejectedSpans\":\"1\","
        + "\"errorMessage\":\"rejected 1 of 2 spans: span 'no-id': spanId must be 8 bytes, got 0\"}}"));
    assertThat(get("/api/v1/traces/" + T1).body()).contains("\"name\":\"kept\"");

    String logs = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
        + "{\"timeUnixNano\":\"" + now + "\",\"body\":{\"stringValue\":\"kept\"},\"traceId\":\"" + T1 + "\"},"
        + "{\"timeUnixNano\":\"17\",\"body\":{\"stringValue\":\"dropped\"},"
        + "\"traceId\":\"00000000000000000000000000000000\"}]}]}]}";
    HttpResponse<byte[]> l = send("/v1/logs", "application/json", logs.getBytes(StandardCharsets.UTF_8));
    assertThat(l.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(l.body())).isEqualTo(JSON.readTree("{\"partialSuccess\":{\"rejectedLogRecords\":\"1\","
        + "\"errorMessage\":\"rejected 1 of 2 log records: log record at 17: traceId is all zeros (invalid)\"}}"));
    assertThat(get("/api/v1/logs?traceId=" + T1).body()).contains("\"body\":\"kept\"").doesNotContain("dropped");

    String metrics = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"orders\",\"gauge\":"
        + "{\"dataPoints\":[{\"timeUnixNano\":\"" + now + "\",\"asInt\":\"3\"},{\"timeUnixNano\":\"" + now
        + "\"}]}}]}]}]}";
    HttpResponse<byte[]> m = send("/v1/metrics", "application/json", metrics.getBytes(StandardCharsets.UTF_8));
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(m.body()).at("/partialSuccess/rejectedDataPoints").asText()).isEqualTo("1");
    assertThat(JSON.readTree(m.body()).at("/partialSuccess/errorMessage").asText())
        .isEqualTo("rejected 1 of 2 data points: data point of metric 'orders': no value (asDouble or asInt)");

    JsonNode stats = stats();
    assertThat(stats.at("/spans/rejected").asLong()).isEqualTo(1);
    assertThat(stats.at("/logRecords/accepted").asLong()).isEqualTo(1);
    assertThat(stats.at("/logRecords/rejected").asLong()).isEqualTo(1);
    assertThat(stats.at("/dataPoints/accepted").asLong()).isEqualTo(1);
    assertThat(stats.at("/dataPoints/rejected").asLong()).isEqualTo(1);

    HttpResponse<byte[]> full = send("/v1/logs", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(full.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  void aRetriedIdenticalBatch_storesNoSpanTwice() throws Exception {
    start(FarolServer.Settings.defaults(), DuckDbStore.open(data));
    Span[] batch = new Span[100];
    for (int i = 0; i < batch.length; i++) {
      String trace = String.format("%032x", 0x1000 + i / 10);
      batch[i] = span(trace, String.format("%016x", 0x100 + i), "op-" + i, now + i);
      if (i % 10 != 0) {
        batch[i] = batch[i].toBuilder().setParentSpanId(ByteString.copyFrom(HexFormat.of().parseHex(
            String.format("%016x", 0x100 + i - i % 10)))).build();
      }
    }
    byte[] body = traces(batch);
    assertThat(send("/v1/traces", "application/x-protobuf", body).statusCode()).isEqualTo(200);
    assertThat(send("/v1/traces", "application/x-protobuf", body).statusCode()).isEqualTo(200);
    for (int t = 0; t < 10; t++) {
      JsonNode trace = JSON.readTree(get("/api/v1/traces/" + String.format("%032x", 0x1000 + t)).body());
      assertThat(trace.get("spans")).hasSize(10);
    }
    JsonNode search = JSON.readTree(get("/api/v1/traces?service=orders&limit=100").body());
    assertThat(search.get("traces")).hasSize(10);
    search.get("traces").forEach(t -> assertThat(t.get("spanCount").asInt()).isEqualTo(10));
    assertThat(stats().at("/spans/accepted").asLong()).as("acknowledged twice").isEqualTo(200);
  }

  /** A real store whose writes can be held, as a store busy with a long transaction is. */
  private static final class StallingStore implements Store {
    final Store delegate;
    final CountDownLatch entered = new CountDownLatch(1);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    StallingStore(Store delegate) {
      this.delegate = delegate;
    }

    void stall() {
      gate = new CountDownLatch(1);
    }

    void resume() {
      gate.countDown();
    }

    @Override
    public void write(Batch batch) throws StoreException {
      entered.countDown();
      try {
        if (!gate.await(30, TimeUnit.SECONDS)) {
          throw new StoreException("stalled for 30 s", null);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted", e);
      }
      delegate.write(batch);
    }

    @Override
    public List<SpanRow> trace(byte[] traceId) throws StoreException {
      return delegate.trace(traceId);
    }

    @Override
    public List<TraceSummary> searchTraces(TraceQuery query) throws StoreException {
      return delegate.searchTraces(query);
    }

    @Override
    public List<LogRow> logs(LogQuery query) throws StoreException {
      return delegate.logs(query);
    }

    @Override
    public List<FunctionSummary> functions(long sinceNanos, long untilNanos) throws StoreException {
      return delegate.functions(sinceNanos, untilNanos);
    }

    @Override
    public List<dev.farol.server.store.FunctionBucket> functionSeries(long sinceNanos, long untilNanos, long stepNanos)
        throws StoreException {
      return delegate.functionSeries(sinceNanos, untilNanos, stepNanos);
    }

    @Override
    public List<InvocationRow> invocations(dev.farol.server.store.InvocationQuery query) throws StoreException {
      return delegate.invocations(query);
    }

    @Override
    public List<dev.farol.server.store.FunctionPoint> functionSeries(String function, long sinceNanos,
        long untilNanos, long stepNanos) throws StoreException {
      return delegate.functionSeries(function, sinceNanos, untilNanos, stepNanos);
    }

    @Override
    public Optional<InvocationRow> invocation(String requestId) throws StoreException {
      return delegate.invocation(requestId);
    }

    @Override
    public List<MetricPoint> metricSeries(String name, String function, long sinceNanos, long stepNanos)
        throws StoreException {
      return delegate.metricSeries(name, function, sinceNanos, stepNanos);
    }

    @Override
    public long logCount(String requestId) throws StoreException {
      return delegate.logCount(requestId);
    }

    @Override
    public void close() {
      gate.countDown();
      delegate.close();
    }
  }
}
