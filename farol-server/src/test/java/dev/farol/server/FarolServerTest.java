package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.server.store.DuckDbStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server fed by the real OpenTelemetry SDK and raw OTLP requests, stored in DuckDB on disk. */
class FarolServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  Path data;
  private FarolServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0).withMaxBodyBytes(1024 * 1024),
        DuckDbStore.open(data)).start();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort()
        + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> post(String path, String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.ingestPort() + path))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Keeps what it exports, to export it again (a retry). */
  private static final class Recording implements SpanExporter {
    final SpanExporter delegate;
    final List<SpanData> seen = new ArrayList<>();

    Recording(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      seen.addAll(spans);
      return delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  @Test
  void otelSdkSpansAndLogs_areStoredAndQueryable_andRetriesDoNotDuplicate() throws Exception {
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), "installments", AttributeKey.stringKey("faas.name"), "installments")));
    Recording exporter = new Recording(OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + server.ingestPort() + "/v1/traces").build());
    SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(resource)
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpHttpLogRecordExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.ingestPort() + "/v1/logs").build())).build();
    Tracer tracer = tracing.get("test");
    Span invocation = tracer.spanBuilder("aws.lambda").setSpanKind(SpanKind.SERVER)
        .setAttribute("faas.invocation_id", "req-1").setAttribute("faas.trigger", "http")
        .setAttribute("faas.coldstart", true).setAttribute("aws.lambda.billed_duration_ms", 120L)
        .setAttribute("faas.max_memory", 512L * 1024 * 1024).startSpan();
    String traceId = invocation.getSpanContext().getTraceId();
    try (Scope ignored = invocation.makeCurrent()) {
      Span child = tracer.spanBuilder("GET /ledger").setSpanKind(SpanKind.CLIENT).startSpan();
      child.setStatus(StatusCode.ERROR, "ledger unavailable");
      child.end();
      logging.get("test").logRecordBuilder().setBody("payment recorded")
          .setAttribute(AttributeKey.stringKey("faas.invocation_id"), "req-1").emit();
    }
    invocation.end();
    assertThat(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(logging.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();

    JsonNode trace = get("/api/v1/traces/" + traceId);
    assertThat(trace.get("spans")).hasSize(2);
    JsonNode root = trace.get("spans").get(0);
    JsonNode client = trace.get("spans").get(1);
    assertThat(root.get("name").asText()).isEqualTo("aws.lambda");
    assertThat(root.get("parentSpanId").isNull()).isTrue();
    assertThat(root.get("kind").asText()).isEqualTo("SERVER");
    assertThat(root.at("/attributes/faas.invocation_id").asText()).isEqualTo("req-1");
    assertThat(client.get("parentSpanId").asText()).isEqualTo(root.get("spanId").asText());
    assertThat(client.at("/status/code").asText()).isEqualTo("ERROR");
    assertThat(client.at("/status/message").asText()).isEqualTo("ledger unavailable");
    assertThat(trace.get("logs")).hasSize(1);
    assertThat(trace.at("/logs/0/body").asText()).isEqualTo("payment recorded");
    assertThat(trace.at("/logs/0/spanId").asText()).isEqualTo(root.get("spanId").asText());

    JsonNode search = get("/api/v1/traces?service=installments&since=15m");
    assertThat(search.get("traces")).hasSize(1);
    assertThat(search.at("/traces/0/rootName").asText()).isEqualTo("aws.lambda");
    assertThat(search.at("/traces/0/spanCount").asInt()).isEqualTo(2);
    assertThat(search.at("/traces/0/error").asBoolean()).isTrue();
    assertThat(get("/api/v1/traces?error=false").get("traces")).isEmpty();

    JsonNode logs = get("/api/v1/logs?requestId=req-1");
    assertThat(logs.get("logs")).hasSize(1);
    assertThat(logs.at("/logs/0/traceId").asText()).isEqualTo(traceId);

    JsonNode functions = get("/api/v1/functions?since=1h");
    assertThat(functions.get("functions")).hasSize(1);
    assertThat(functions.at("/functions/0/name").asText()).isEqualTo("installments");
    assertThat(functions.at("/functions/0/invocations").asInt()).isEqualTo(1);
    assertThat(functions.at("/functions/0/coldStarts").asInt()).isEqualTo(1);
    assertThat(functions.at("/functions/0/memorySizeMb").asInt()).isEqualTo(512);
    assertThat(functions.at("/functions/0/estimatedCostUsd").asDouble()).isGreaterThan(0);

    // the exporter retries the same batch: nothing is stored twice
    assertThat(exporter.delegate.export(exporter.seen).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(get("/api/v1/traces/" + traceId).get("spans")).hasSize(2);
    assertThat(get("/api/v1/traces?since=15m").at("/traces/0/spanCount").asInt()).isEqualTo(2);
    tracing.close();
    logging.close();
  }

  @Test
  void otlpJson_withHexIds_andGzip() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    String body = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
        + "{\"stringValue\":\"clean-math\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
        + "\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"fib\",\"kind\":2,"
        + "\"startTimeUnixNano\":\"" + now + "\",\"endTimeUnixNano\":\"" + (now + 5_000_000) + "\","
        + "\"attributes\":[{\"key\":\"n\",\"value\":{\"intValue\":\"15\"}}]}]}]}]}";
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(body.getBytes(StandardCharsets.UTF_8));
    }
    HttpResponse<String> r = post("/v1/traces", "application/json", gz.toByteArray(), "Content-Encoding", "gzip");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode trace = get("/api/v1/traces/5b8efff798038103d269b633813fc60c");
    assertThat(trace.at("/spans/0/spanId").asText()).isEqualTo("eee19b7ec3c1b174");
    assertThat(trace.at("/spans/0/kind").asText()).isEqualTo("SERVER");
    assertThat(trace.at("/spans/0/attributes/n").asInt()).isEqualTo(15);
    assertThat(trace.at("/spans/0/service").asText()).isEqualTo("clean-math");
  }

  @Test
  void aReportArrivingAfterItsSpan_completesTheInvocation() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    String span = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
        + "{\"stringValue\":\"clean-math\"}}]},\"scopeSpans\":[{\"spans\":[{\"traceId\":"
        + "\"0af7651916cd43dd8448eb211c80319d\",\"spanId\":\"b7ad6b7169203332\",\"name\":\"aws.lambda\",\"kind\":2,"
        + "\"startTimeUnixNano\":\"" + now + "\",\"endTimeUnixNano\":\"" + (now + 20_000_000) + "\",\"attributes\":["
        + "{\"key\":\"faas.name\",\"value\":{\"stringValue\":\"clean-math\"}},"
        + "{\"key\":\"faas.invocation_id\",\"value\":{\"stringValue\":\"r-77\"}},"
        + "{\"key\":\"faas.max_memory\",\"value\":{\"intValue\":\"536870912\"}}]}]}]}]}";
    assertThat(post("/v1/traces", "application/json", span.getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
    assertThat(get("/api/v1/functions").at("/functions/0/maxMemoryUsedMb").asInt()).isZero();
    String metric = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":"
        + "\"aws.lambda.enhanced.max_memory_used\",\"unit\":\"MB\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
        + now + "\",\"asDouble\":210,\"attributes\":[{\"key\":\"faas.invocation_id\",\"value\":{\"stringValue\":"
        + "\"r-77\"}}]}]}}]}]}]}";
    assertThat(post("/v1/metrics", "application/json", metric.getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
    JsonNode f = get("/api/v1/functions").at("/functions/0");
    assertThat(f.get("name").asText()).isEqualTo("clean-math");
    assertThat(f.get("maxMemoryUsedMb").asInt()).isEqualTo(210);
    assertThat(f.get("p50Ms").asDouble()).isEqualTo(20.0);

    JsonNode series = get("/api/v1/metrics?name=aws.lambda.enhanced.max_memory_used&since=15m&step=1h");
    assertThat(series.get("points")).hasSize(1);
    assertThat(series.at("/points/0/max").asDouble()).isEqualTo(210.0);
    assertThat(series.at("/points/0/count").asInt()).isEqualTo(1);
    HttpResponse<String> noName = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.queryPort() + "/api/v1/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.body()).contains("name is required");
    HttpResponse<String> badStep = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.queryPort() + "/api/v1/metrics?name=x&step=fast")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(badStep.body()).contains("step must be like 10s");

    JsonNode list = get("/api/v1/invocations?function=clean-math&since=15m");
    assertThat(list.get("invocations")).hasSize(1);
    assertThat(list.at("/invocations/0/requestId").asText()).isEqualTo("r-77");
    JsonNode one = get("/api/v1/invocations/r-77");
    assertThat(one.get("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319d");
    assertThat(one.get("durationMs").asDouble()).isEqualTo(20.0);
    assertThat(one.at("/signals/invocationSpan").asBoolean()).isTrue();
    assertThat(one.at("/signals/initSpan").asBoolean()).isFalse();
    assertThat(one.at("/signals/tracerSpans").asInt()).isZero();
    assertThat(one.at("/signals/logs").asInt()).isZero();
    assertThat(one.at("/signals/report").asBoolean()).isTrue();
    HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.queryPort() + "/api/v1/invocations/nope")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(missing.statusCode()).isEqualTo(404);
  }

  @Test
  void badInput_getsAPreciseError_andTheServerKeepsServing() throws Exception {
    HttpResponse<String> garbage = post("/v1/traces", "application/x-protobuf", new byte[] {(byte) 0xff, 1, 2, 3});
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("not a valid OTLP protobuf message");

    HttpResponse<String> badId = post("/v1/traces", "application/json", ("{\"resourceSpans\":[{\"scopeSpans\":"
        + "[{\"spans\":[{\"traceId\":\"xyz\",\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"a\"}]}]}]}")
        .getBytes(StandardCharsets.UTF_8));
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body()).contains("$.resourceSpans[0].scopeSpans[0].spans[0].traceId must be 32 hex digits");

    HttpResponse<String> type = post("/v1/traces", "text/plain", "x".getBytes(StandardCharsets.UTF_8));
    assertThat(type.statusCode()).isEqualTo(415);

    HttpResponse<String> big = post("/v1/traces", "application/x-protobuf", new byte[2 * 1024 * 1024]);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.body()).contains("over the limit");

    HttpResponse<String> notGzip = post("/v1/logs", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
        "Content-Encoding", "gzip");
    assertThat(notGzip.statusCode()).isEqualTo(400);
    assertThat(notGzip.body()).contains("not");

    HttpResponse<String> badQuery = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.queryPort() + "/api/v1/traces?since=yesterday")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(badQuery.statusCode()).isEqualTo(400);
    assertThat(badQuery.body()).contains("since must be like 15m");

    // still serving
    assertThat(post("/v1/traces", "application/json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
  }

  @Test
  void storedData_survivesARestart() throws Exception {
    String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
        + "\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"name\":\"kept\","
        + "\"startTimeUnixNano\":\"" + System.currentTimeMillis() * 1_000_000L + "\",\"endTimeUnixNano\":\""
        + (System.currentTimeMillis() * 1_000_000L + 1) + "\"}]}]}]}";
    assertThat(post("/v1/traces", "application/json", body.getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(200);
    server.close();
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(data)).start();
    assertThat(get("/api/v1/traces/0af7651916cd43dd8448eb211c80319c").at("/spans/0/name").asText())
        .isEqualTo("kept");
  }

  @Test
  void apiKey_whenConfigured_isRequired() throws Exception {
    server.close();
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0).withApiKey("s3cret"),
        DuckDbStore.open(data)).start();
    assertThat(post("/v1/traces", "application/json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(401);
    assertThat(post("/v1/traces", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
        "x-farol-api-key", "s3cret").statusCode()).isEqualTo(200);
  }
}
