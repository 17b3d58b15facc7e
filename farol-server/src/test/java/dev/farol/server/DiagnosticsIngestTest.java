package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.FindingJson;
import dev.farol.findings.FindingRecord;
import dev.farol.findings.Fix;
import dev.farol.server.store.DuckDbStore;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension's diagnostics records as the server takes them: kept apart from the function's log lines (the
 * logs API and the trace view do not show them), stored per invocation and function, answered by the two
 * diagnostics endpoints; a malformed one is left out, counted, and the rest of the request is stored.
 */
class DiagnosticsIngestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE = "5759e988bd862e3fe1be46a994272793";
  private static final String SPAN = "53995c3f42cd8ad8";
  private final HttpClient http = HttpClient.newHttpClient();
  private final long now = System.currentTimeMillis() * 1_000_000L;
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

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.ingestPort() + path))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Finding h001() {
    return Finding.of(Code.H001).function("clean-math")
        .evidence(Evidence.path("invocation r-1").withExcerpt("_HANDLER=dev.example.App::handleRequest"))
        .message("The handler is dev.example.App::handleRequest, not Farol's wrapper.").why("no tracer runs")
        .fix(new Fix("Set the handler to dev.farol.lambda.TracingHandler::handleRequest", "text", "- a\n+ b")).build();
  }

  private static ObjectNode attr(ArrayNode attrs, String key, String value) {
    ObjectNode kv = attrs.addObject();
    kv.put("key", key);
    kv.putObject("value").put("stringValue", value);
    return kv;
  }

  /** A log record as the extension writes them, with the event name as an attribute. */
  private ObjectNode record(ArrayNode records, String event, String body, String requestId, long time) {
    ObjectNode r = records.addObject();
    r.put("timeUnixNano", Long.toString(time));
    r.putObject("body").put("stringValue", body);
    r.put("traceId", TRACE);
    r.put("spanId", SPAN);
    ArrayNode attrs = r.putArray("attributes");
    if (event != null) {
      attr(attrs, "event.name", event);
    }
    attr(attrs, "faas.invocation_id", requestId);
    attr(attrs, "faas.name", "clean-math");
    return r;
  }

  private ObjectNode hops(ArrayNode records, String requestId, String wrapperRan) {
    ObjectNode r = record(records, "farol.invocation.hops", "handler-loaded=passed wrapper-ran=" + wrapperRan,
        requestId, now);
    ArrayNode attrs = (ArrayNode) r.get("attributes");
    attrs.addObject().put("key", "faas.coldstart").putObject("value").put("boolValue", true);
    attr(attrs, "farol.hop.handler-loaded", "passed");
    attr(attrs, "farol.hop.wrapper-ran", wrapperRan);
    attr(attrs, "farol.hop.cold-start-span", "passed");
    attrs.addObject().put("key", "farol.invocation.spans").putObject("value").put("intValue", "2");
    attrs.addObject().put("key", "farol.invocation.tracer_spans").putObject("value").put("intValue", "0");
    attrs.addObject().put("key", "farol.invocation.log_lines").putObject("value").put("intValue", "1");
    return r;
  }

  private byte[] extensionFlush() throws Exception {
    ObjectNode req = JSON.createObjectNode();
    ObjectNode rl = req.putArray("resourceLogs").addObject();
    attr(rl.putObject("resource").putArray("attributes"), "service.name", "clean-math");
    ArrayNode records = rl.putArray("scopeLogs").addObject().putArray("logRecords");
    record(records, null, "fibonacci(15) = 610", "r-1", now);
    hops(records, "r-1", "failed");
    ObjectNode f = record(records, "farol.finding", h001().message(), "r-1", now + 1);
    for (Map.Entry<String, String> e : FindingRecord.attributes(h001()).entrySet()) {
      attr((ArrayNode) f.get("attributes"), e.getKey(), e.getValue());
    }
    hops(records, "r-bad", "maybe");
    return JSON.writeValueAsBytes(req);
  }

  @Test
  void diagnosticsRecords_areStoredApart_andTheMalformedOneIsCounted() throws Exception {
    HttpResponse<String> r = post("/v1/logs", "application/json", extensionFlush());

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode partial = JSON.readTree(r.body()).get("partialSuccess");
    assertThat(partial.get("rejectedLogRecords").asText()).isEqualTo("1");
    assertThat(partial.get("errorMessage").asText()).isEqualTo("rejected 1 of 4 log records: farol.invocation.hops "
        + "record at " + now + ": farol.hop.wrapper-ran must be passed, failed, n/a or unknown, got 'maybe'");
    JsonNode logs = JSON.readTree(get("/api/v1/logs?requestId=r-1").body());
    assertThat(logs.get("logs")).singleElement().satisfies(l -> assertThat(l.get("body").asText())
        .isEqualTo("fibonacci(15) = 610"));
    assertThat(JSON.readTree(get("/api/v1/logs?function=clean-math&since=15m").body()).get("logs")).hasSize(1);
    JsonNode stats = JSON.readTree(get("/api/v1/ingest/stats").body());
    assertThat(stats.get("logRecords").toString()).isEqualTo("{\"accepted\":3,\"rejected\":1}");
    assertThat(stats.get("diagnostics").toString()).isEqualTo("{\"accepted\":2,\"rejected\":1}");
    assertThat(stats.at("/requests/accepted").asLong()).isEqualTo(1);
  }

  @Test
  void invocationDiagnostics_answerTheHopsAndTheFindingsExactly() throws Exception {
    post("/v1/logs", "application/json", extensionFlush());

    HttpResponse<String> r = get("/api/v1/invocations/r-1/diagnostics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"requestId\":\"r-1\",\"function\":\"clean-math\",\"traceId\":\"" + TRACE + "\","
        + "\"coldStart\":true,\"hops\":{\"handler-loaded\":\"passed\",\"wrapper-ran\":\"failed\","
        + "\"cold-start-span\":\"passed\"},\"counts\":{\"spans\":2,\"tracerSpans\":0,\"logLines\":1},"
        + "\"findings\":[" + FindingJson.of(h001()) + "]}");
    HttpResponse<String> none = get("/api/v1/invocations/nope/diagnostics");
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).isEqualTo("{\"error\":\"no diagnostics for invocation nope (Farol's extension sends them "
        + "with each invocation's flush)\"}");
    HttpResponse<String> slash = get("/api/v1/invocations/a/b/diagnostics");
    assertThat(slash.statusCode()).isEqualTo(400);
    assertThat(slash.body()).isEqualTo("{\"error\":\"a request id has no '/', got 'a/b'\"}");
    HttpResponse<String> long_ = get("/api/v1/invocations/" + "x".repeat(129) + "/diagnostics");
    assertThat(long_.statusCode()).isEqualTo(400);
    assertThat(long_.body()).isEqualTo("{\"error\":\"a request id is at most 128 characters, got 129\"}");
  }

  @Test
  void functionFindings_areTheLatestPerCode_andNeedTheFunction() throws Exception {
    post("/v1/logs", "application/json", extensionFlush());

    HttpResponse<String> r = get("/api/v1/findings?function=clean-math&since=15m");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"function\":\"clean-math\",\"findings\":[{\"lastSeenUnixNano\":" + (now + 1)
        + ",\"lastRequestId\":\"r-1\",\"invocations\":1,\"finding\":" + FindingJson.of(h001()) + "}]}");
    assertThat(get("/api/v1/findings?function=other").body()).isEqualTo("{\"function\":\"other\",\"findings\":[]}");
    HttpResponse<String> missing = get("/api/v1/findings?since=15m");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).isEqualTo("{\"error\":\"function is required, e.g. function=clean-math\"}");
    HttpResponse<String> badSince = get("/api/v1/findings?function=clean-math&since=soon");
    assertThat(badSince.statusCode()).isEqualTo(400);
    assertThat(badSince.body()).isEqualTo("{\"error\":\"since must be like 15m, 1h, 7d or Unix nanoseconds, got "
        + "'soon'\"}");
  }

  @Test
  void protobufRecords_withOtlpsEventNameField_areDiagnosticsToo() throws Exception {
    LogRecord.Builder hops = LogRecord.newBuilder().setTimeUnixNano(now).setEventName("farol.invocation.hops")
        .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
        .setBody(AnyValue.newBuilder().setStringValue("handler-loaded=passed"));
    for (String[] kv : new String[][] {{"faas.invocation_id", "r-7"}, {"faas.name", "clean-math"},
        {"farol.hop.handler-loaded", "passed"}}) {
      hops.addAttributes(KeyValue.newBuilder().setKey(kv[0]).setValue(AnyValue.newBuilder().setStringValue(kv[1])));
    }
    LogRecord.Builder orphan = LogRecord.newBuilder().setTimeUnixNano(now).setEventName("farol.finding")
        .setBody(AnyValue.newBuilder().setStringValue("no invocation"));
    byte[] body = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(hops).addLogRecords(orphan))).build().toByteArray();

    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.ingestPort()
        + "/v1/logs")).header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(
            body)).build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse.parseFrom(r.body())
        .getPartialSuccess().getErrorMessage()).isEqualTo("rejected 1 of 2 log records: farol.finding record at "
            + now + ": a farol.finding record needs faas.invocation_id (the invocation it belongs to)");
    assertThat(get("/api/v1/invocations/r-7/diagnostics").body()).isEqualTo("{\"requestId\":\"r-7\",\"function\":"
        + "\"clean-math\",\"traceId\":\"" + TRACE + "\",\"coldStart\":null,\"hops\":{\"handler-loaded\":\"passed\"},"
        + "\"counts\":{},\"findings\":[]}");
    assertThat(JSON.readTree(get("/api/v1/logs?requestId=r-7").body()).get("logs")).isEmpty();
    assertThat(JSON.readTree(get("/api/v1/logs?function=clean-math").body()).get("logs").toString())
        .isEqualTo("[]");
  }
}
