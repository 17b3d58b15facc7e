package dev.farol.server.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Spans and log records sent to a server's ingest port as OTLP/JSON, exactly as given (ids, names, times,
 * attributes): what a browser test needs to seed a trace of a known shape, such as a payment through API Gateway.
 * Each call is one request, answered before it returns.
 */
final class Otlp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final int ingestPort;

  Otlp(int ingestPort) {
    this.ingestPort = ingestPort;
  }

  /**
   * A span of {@code service} (also its {@code faas.name} when {@code function} is set).
   *
   * @param kind OTLP's number: 1 internal, 2 server, 3 client
   * @param attributes string values
   */
  record Span(String traceId, String spanId, String parentSpanId, String name, String service, String function,
      int kind, long startNanos, long endNanos, boolean error, Map<String, String> attributes) {}

  /** A log record of {@code function}, tied to a trace and span when they are set. */
  record Log(long timeNanos, String severity, String body, String function, String requestId, String traceId,
      String spanId) {}

  void spans(List<Span> spans) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode resources = root.putArray("resourceSpans");
    for (Span s : spans) {
      ObjectNode rs = resources.addObject();
      resource(rs.putObject("resource"), s.service(), s.function());
      ObjectNode span = rs.putArray("scopeSpans").addObject().putArray("spans").addObject();
      span.put("traceId", s.traceId());
      span.put("spanId", s.spanId());
      if (s.parentSpanId() != null) {
        span.put("parentSpanId", s.parentSpanId());
      }
      span.put("name", s.name());
      span.put("kind", s.kind());
      span.put("startTimeUnixNano", Long.toString(s.startNanos()));
      span.put("endTimeUnixNano", Long.toString(s.endNanos()));
      span.putObject("status").put("code", s.error() ? 2 : 0);
      attributes(span.putArray("attributes"), s.attributes());
    }
    post("/v1/traces", root);
  }

  void logs(List<Log> logs) throws Exception {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode resources = root.putArray("resourceLogs");
    for (Log l : logs) {
      ObjectNode rl = resources.addObject();
      resource(rl.putObject("resource"), l.function(), l.function());
      ObjectNode r = rl.putArray("scopeLogs").addObject().putArray("logRecords").addObject();
      r.put("timeUnixNano", Long.toString(l.timeNanos()));
      if (l.severity() != null) {
        r.put("severityText", l.severity());
      }
      r.putObject("body").put("stringValue", l.body());
      if (l.traceId() != null) {
        r.put("traceId", l.traceId());
      }
      if (l.spanId() != null) {
        r.put("spanId", l.spanId());
      }
      attributes(r.putArray("attributes"), l.requestId() == null ? Map.of() : Map.of("faas.invocation_id",
          l.requestId()));
    }
    post("/v1/logs", root);
  }

  private static void resource(ObjectNode resource, String service, String function) {
    attributes(resource.putArray("attributes"), function == null ? Map.of("service.name", service)
        : Map.of("service.name", service, "faas.name", function));
  }

  private static void attributes(ArrayNode into, Map<String, String> attributes) {
    attributes.forEach((k, v) -> {
      ObjectNode kv = into.addObject();
      kv.put("key", k);
      kv.putObject("value").put("stringValue", v);
    });
  }

  private void post(String path, ObjectNode body) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestPort + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 || r.body().contains("partialSuccess")) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
  }
}
