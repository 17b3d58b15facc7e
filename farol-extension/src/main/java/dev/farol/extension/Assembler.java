package dev.farol.extension;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-invocation assembly, keyed by request id, from the Telemetry API's events: the {@code aws.lambda}
 * invocation span (trace context from the platform's X-Amzn-Trace-Id), the {@code aws.lambda.init}
 * span on a cold start in the same trace, and one log record per function line, tied to the
 * invocation's trace and span. Spans and logs are OTLP JSON fragments, ready for the exporter.
 */
final class Assembler {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String function;
  private final String version;
  private final String region;
  private final int memoryMb;

  private final Map<String, Invocation> invocations = new LinkedHashMap<>();
  private final List<String> readySpans = new ArrayList<>();
  private final List<String> readyLogs = new ArrayList<>();
  private final List<String> readyMetrics = new ArrayList<>();
  /** Lines logged during init, attached to the first invocation. */
  private final List<String[]> initLines = new ArrayList<>();
  private Instant initStart;
  private double initDurationMs = -1;
  private String initStatus;
  private boolean initAttached;
  private String currentRequestId;
  /** The invocation that finished last, for log lines that arrive after its runtimeDone. */
  private Invocation lastFinished;
  private long lastEventNanos = System.nanoTime();

  /** What the Runtime API proxy saw of an invocation's event: its trigger, for the inferred span. */
  private static final class EventInfo {
    String traceId;
    String parentSpanId;
    String method;
    String path;
    String route;
    String stage;
    String apiId;
    long requestEpochMs;
    int statusCode;
  }

  private final Map<String, EventInfo> events = new LinkedHashMap<>();

  /** The event as the runtime received it (through the proxy). */
  synchronized void event(String requestId, byte[] body) {
    Map<String, Object> e = Json.object(Json.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
    Map<String, Object> ctx = Json.object(e.get("requestContext"));
    if (ctx.isEmpty()) {
      return;
    }
    EventInfo info = new EventInfo();
    Map<String, Object> http = Json.object(ctx.get("http"));
    info.method = Json.string(e.get("httpMethod")) != null ? Json.string(e.get("httpMethod")) : Json.string(http.get("method"));
    if (info.method == null) {
      return; // not an API Gateway event
    }
    info.path = Json.string(e.get("path")) != null ? Json.string(e.get("path")) : Json.string(e.get("rawPath"));
    String routeKey = Json.string(e.get("routeKey"));
    info.route = Json.string(e.get("resource")) != null ? Json.string(e.get("resource"))
        : routeKey != null && routeKey.contains(" ") ? routeKey.substring(routeKey.indexOf(' ') + 1) : routeKey;
    info.stage = Json.string(ctx.get("stage"));
    info.apiId = Json.string(ctx.get("apiId"));
    double epoch = Json.number(ctx.get("requestTimeEpoch"), Json.number(ctx.get("timeEpoch"), 0));
    info.requestEpochMs = (long) epoch;
    // the caller's context in any format producers use: W3C, Datadog, B3 or X-Ray (with a parent)
    Map<String, String> headers = new java.util.HashMap<>();
    for (Map.Entry<String, Object> h : Json.object(e.get("headers")).entrySet()) {
      if (h.getValue() instanceof String) {
        headers.put(h.getKey(), (String) h.getValue());
      }
    }
    dev.farol.tracer.Propagation.extract(headers).ifPresent(c -> {
      info.traceId = c.traceId();
      info.parentSpanId = c.spanId();
    });
    events.put(requestId, info);
  }

  /** The runtime's answer (through the proxy): the HTTP status an API Gateway integration will return. */
  synchronized void answer(String requestId, boolean error, byte[] body) {
    EventInfo info = events.get(requestId);
    if (info == null) {
      return;
    }
    if (error) {
      info.statusCode = 502;
      return;
    }
    try {
      Map<String, Object> r = Json.object(Json.parse(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
      info.statusCode = (int) Json.number(r.get("statusCode"), 200);
    } catch (RuntimeException e) {
      info.statusCode = 200;
    }
  }

  private static final class Invocation {
    final String requestId;
    String traceId;
    String parentSpanId;
    /** Lines logged during the invocation, rendered when its trace context is final (at finish). */
    final List<String[]> lines = new ArrayList<>();
    final String spanId = randomHex(8);
    EventInfo trigger;
    String inferredSpanId;
    String parentOfInferred;
    final Instant start;
    final boolean cold;
    Instant end;
    String status;
    String errorType;
    long producedBytes;
    boolean done;

    Invocation(String requestId, String traceId, String parentSpanId, Instant start, boolean cold) {
      this.requestId = requestId;
      this.traceId = traceId;
      this.parentSpanId = parentSpanId;
      this.start = start;
      this.cold = cold;
    }
  }

  Assembler(String function, String version, String region, int memoryMb) {
    this.function = function;
    this.version = version;
    this.region = region;
    this.memoryMb = memoryMb;
  }

  String resourceJson() {
    return "{\"attributes\":[" + attr("service.name", function) + "," + attr("faas.name", function) + ","
        + attr("faas.version", version) + "," + attr("cloud.provider", "aws") + "," + attr("cloud.region", region)
        + "," + attr("cloud.platform", "aws_lambda") + "]}";
  }

  /** One batch from the Telemetry API. */
  synchronized void accept(List<Object> events) {
    for (Object o : events) {
      Map<String, Object> e = Json.object(o);
      String type = Json.string(e.get("type"));
      Instant time = time(Json.string(e.get("time")));
      if (type == null) {
        continue;
      }
      switch (type) {
        case "platform.initStart":
          initStart = time;
          initAttached = false;
          initDurationMs = -1;
          lastFinished = null;
          break;
        case "platform.initReport": {
          Map<String, Object> r = Json.object(e.get("record"));
          initDurationMs = Json.number(Json.object(r.get("metrics")).get("durationMs"), -1);
          initStatus = Json.string(r.get("status"));
          break;
        }
        case "platform.start":
          start(Json.object(e.get("record")), time);
          break;
        case "platform.runtimeDone":
          runtimeDone(Json.object(e.get("record")), time);
          break;
        case "platform.report":
          report(Json.object(e.get("record")), time);
          break;
        case "function":
          line(time, e.get("record") instanceof String ? (String) e.get("record")
              : String.valueOf(e.get("record")));
          break;
        default:
          break;
      }
    }
    lastEventNanos = System.nanoTime();
    notifyAll();
  }

  private void start(Map<String, Object> record, Instant time) {
    String requestId = Json.string(record.get("requestId"));
    if (requestId == null) {
      return;
    }
    String header = Json.string(Json.object(record.get("tracing")).get("value"));
    String traceId = null;
    String parent = null;
    if (header != null) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith("Root=1-") && p.length() >= 7 + 8 + 1 + 24) {
          traceId = (p.substring(7, 15) + p.substring(16, 40)).toLowerCase();
        } else if (p.startsWith("Parent=") && p.length() == 7 + 16) {
          parent = p.substring(7).toLowerCase();
        }
      }
    }
    if (traceId == null || !traceId.matches("[0-9a-f]{32}")) {
      // no trace context from the platform: the extension's own root gives the trace its id
      traceId = randomHex(16);
      parent = null;
    }
    boolean cold = initStart != null && !initAttached;
    Invocation inv = new Invocation(requestId, traceId, parent, time, cold);
    invocations.put(requestId, inv);
    currentRequestId = requestId;
    if (cold) {
      inv.lines.addAll(initLines);
      initLines.clear();
    }
  }

  /**
   * What the Runtime API proxy saw of the event (it may arrive before or after platform.start): the
   * caller's W3C trace context wins, and the API Gateway request becomes a span of its own.
   */
  private void applyTrigger(Invocation inv) {
    if (inv.trigger != null) {
      return;
    }
    EventInfo trigger = events.remove(inv.requestId);
    if (trigger == null) {
      return;
    }
    inv.trigger = trigger;
    String parent = inv.parentSpanId;
    if (trigger.traceId != null) {
      inv.traceId = trigger.traceId;
      parent = trigger.parentSpanId;
    }
    inv.inferredSpanId = randomHex(8);
    inv.parentOfInferred = parent;
    inv.parentSpanId = inv.inferredSpanId;
  }

  private void runtimeDone(Map<String, Object> record, Instant time) {
    Invocation inv = invocations.get(Json.string(record.get("requestId")));
    if (inv == null || inv.done) {
      return;
    }
    Map<String, Object> metrics = Json.object(record.get("metrics"));
    double ms = Json.number(metrics.get("durationMs"), -1);
    inv.end = ms >= 0 ? inv.start.plusNanos((long) (ms * 1_000_000)) : time;
    inv.status = Json.string(record.get("status"));
    inv.errorType = Json.string(record.get("errorType"));
    inv.producedBytes = (long) Json.number(metrics.get("producedBytes"), 0);
    inv.done = true;
    finish(inv);
    lastFinished = inv;
    if (inv.requestId.equals(currentRequestId)) {
      currentRequestId = null;
    }
  }

  private void line(Instant time, String text) {
    Invocation inv = currentRequestId == null ? null : invocations.get(currentRequestId);
    if (inv == null && lastFinished != null && (initStart == null || initAttached)) {
      // a line that trails its invocation's runtimeDone still belongs to it (not to an init phase)
      inv = lastFinished;
    }
    if (inv == null) {
      initLines.add(new String[] {time.toString(), text});
      return;
    }
    if (inv.done) {
      readyLogs.add(logJson(time, text, inv));
    } else {
      inv.lines.add(new String[] {time.toString(), text});
    }
  }

  private void finish(Invocation inv) {
    applyTrigger(inv);
    for (String[] l : inv.lines) {
      readyLogs.add(logJson(Instant.parse(l[0]), l[1], inv));
    }
    inv.lines.clear();
    boolean error = inv.status != null && !inv.status.equals("success");
    double durationMs = (inv.end.toEpochMilli() - inv.start.toEpochMilli());
    long billed = (long) Math.ceil(durationMs) + (inv.cold && initDurationMs > 0 ? (long) Math.ceil(initDurationMs)
        : 0);
    StringBuilder attrs = new StringBuilder()
        .append(attr("faas.name", function)).append(',')
        .append(attr("faas.invocation_id", inv.requestId)).append(',')
        .append(attr("faas.trigger", inv.trigger != null ? "http" : "other")).append(',')
        .append(attrBool("faas.coldstart", inv.cold)).append(',')
        .append(attrInt("faas.max_memory", memoryMb * 1024L * 1024L)).append(',')
        .append(attrInt("aws.lambda.billed_duration_ms", billed)).append(',')
        .append(attrInt("aws.lambda.produced_bytes", inv.producedBytes)).append(',')
        .append(attr("farol.status", inv.status == null ? "success" : inv.status));
    if (inv.errorType != null) {
      attrs.append(',').append(attr("error.type", inv.errorType));
    } else if (error) {
      attrs.append(',').append(attr("error.type", inv.status.equals("timeout") ? "Sandbox.Timedout" : inv.status));
    }
    readySpans.add(spanJson(inv.traceId, inv.spanId, inv.parentSpanId, "aws.lambda", 2, inv.start, inv.end,
        attrs.toString(), error, error ? (inv.errorType != null ? inv.errorType : inv.status) : null));
    if (inv.trigger != null) {
      EventInfo t = inv.trigger;
      Instant start = t.requestEpochMs > 0 ? Instant.ofEpochMilli(t.requestEpochMs) : inv.start;
      if (start.isAfter(inv.start)) {
        start = inv.start;
      }
      StringBuilder a = new StringBuilder()
          .append(attr("http.request.method", t.method)).append(',')
          .append(attr("url.path", t.path == null ? "" : t.path)).append(',')
          .append(attr("http.route", t.route == null ? "" : t.route)).append(',')
          .append(attr("aws.api_gateway.stage", t.stage == null ? "" : t.stage)).append(',')
          .append(attr("aws.api_gateway.api_id", t.apiId == null ? "" : t.apiId)).append(',')
          .append(attrInt("http.response.status_code", t.statusCode == 0 ? (error ? 502 : 200) : t.statusCode)).append(',')
          .append(attr("farol.span.inferred", "true"));
      boolean httpError = t.statusCode >= 500 || error;
      readySpans.add(spanJson(inv.traceId, inv.inferredSpanId, inv.parentOfInferred, "aws.apigateway " + t.method + " "
          + (t.route == null ? t.path : t.route), 2, start, inv.end, a.toString(), httpError,
          httpError ? "HTTP " + (t.statusCode == 0 ? 502 : t.statusCode) : null));
    }
    if (inv.cold && initStart != null && initDurationMs >= 0) {
      Instant initEnd = initStart.plusNanos((long) (initDurationMs * 1_000_000));
      boolean initError = initStatus != null && !initStatus.equals("success");
      readySpans.add(spanJson(inv.traceId, randomHex(8), inv.spanId, "aws.lambda.init", 1, initStart, initEnd,
          attr("faas.name", function) + "," + attrBool("faas.coldstart", true), initError,
          initError ? initStatus : null));
      initAttached = true;
    }
  }

  /** Lambda's price per GB-second (us-east-1, first tier) and per request, for the estimated cost. */
  static final double PRICE_GB_SECOND_X86 = 0.0000166667;
  static final double PRICE_GB_SECOND_ARM = 0.0000133334;
  static final double PRICE_REQUEST = 0.0000002;

  /** Enhanced metrics from {@code platform.report}: one data point per metric, tagged with the invocation. */
  private void report(Map<String, Object> record, Instant time) {
    String requestId = Json.string(record.get("requestId"));
    Map<String, Object> m = Json.object(record.get("metrics"));
    String status = Json.string(record.get("status"));
    String errorType = Json.string(record.get("errorType"));
    double initMs = Json.number(m.get("initDurationMs"), -1);
    boolean cold = initMs >= 0;
    double billedMs = Json.number(m.get("billedDurationMs"), 0);
    double memoryMbReported = Json.number(m.get("memorySizeMB"), memoryMb);
    boolean arm = "aarch64".equals(System.getProperty("os.arch")) || "arm64".equals(System.getProperty("os.arch"));
    double cost = billedMs / 1000.0 * memoryMbReported / 1024.0 * (arm ? PRICE_GB_SECOND_ARM : PRICE_GB_SECOND_X86)
        + PRICE_REQUEST;
    String attrs = attr("faas.name", function) + "," + attr("faas.version", version)
        + (requestId == null ? "" : "," + attr("faas.invocation_id", requestId)) + ","
        + attrBool("faas.coldstart", cold) + "," + attr("aws.lambda.status", status == null ? "success" : status);
    boolean failed = status != null && !status.equals("success");
    metric("aws.lambda.enhanced.invocations", "1", 1, time, attrs);
    metric("aws.lambda.enhanced.errors", "1", failed ? 1 : 0, time, attrs);
    metric("aws.lambda.enhanced.timeouts", "1", "timeout".equals(status) ? 1 : 0, time, attrs);
    metric("aws.lambda.enhanced.out_of_memory", "1", "Runtime.OutOfMemory".equals(errorType) ? 1 : 0, time, attrs);
    metric("aws.lambda.enhanced.cold_starts", "1", cold ? 1 : 0, time, attrs);
    metric("aws.lambda.enhanced.duration", "ms", Json.number(m.get("durationMs"), 0), time, attrs);
    metric("aws.lambda.enhanced.billed_duration", "ms", billedMs, time, attrs);
    if (cold) {
      metric("aws.lambda.enhanced.init_duration", "ms", initMs, time, attrs);
    }
    metric("aws.lambda.enhanced.max_memory_used", "MB", Json.number(m.get("maxMemoryUsedMB"), 0), time, attrs);
    metric("aws.lambda.enhanced.memory_size", "MB", memoryMbReported, time, attrs);
    metric("aws.lambda.enhanced.estimated_cost", "USD", cost, time, attrs);
  }

  /** A custom metric from the function (DogStatsD), tagged with the invocation under way. */
  synchronized void customMetric(String name, String unit, double value, List<String[]> tags) {
    StringBuilder attrs = new StringBuilder(attr("faas.name", function));
    Invocation inv = currentRequestId == null ? null : invocations.get(currentRequestId);
    if (inv != null) {
      attrs.append(',').append(attr("faas.invocation_id", inv.requestId));
    }
    for (String[] t : tags) {
      attrs.append(',').append(attr(t[0], t[1]));
    }
    metric(name, unit, value, Instant.now(), attrs.toString());
  }

  /**
   * {@code farol.instrumentation_status}: 1 a tracer sends data, 0 a tracer layer is attached but
   * nothing arrived from it (not wrapped, or sending elsewhere).
   */
  synchronized String instrumentationStatus(int value, List<String> tracerLayers) {
    String attrs = attr("faas.name", function) + "," + attr("farol.tracer_layers", String.join(", ", tracerLayers));
    return "{\"name\":\"farol.instrumentation_status\",\"unit\":\"1\",\"gauge\":{\"dataPoints\":[{\"timeUnixNano\":\""
        + nanos(Instant.now()) + "\",\"asDouble\":" + value + ",\"attributes\":[" + attrs + "]}]}}";
  }

  private void metric(String name, String unit, double value, Instant time, String attributes) {
    readyMetrics.add("{\"name\":" + Json.quote(name) + ",\"unit\":" + Json.quote(unit) + ",\"gauge\":{\"dataPoints\":"
        + "[{\"timeUnixNano\":\"" + nanos(time) + "\",\"asDouble\":" + value + ",\"attributes\":[" + attributes
        + "]}]}}");
  }

  /** Waits until the runtime is done with this invocation (or the deadline passes). */
  synchronized void awaitRuntimeDone(String requestId, long deadlineEpochMs) throws InterruptedException {
    while (System.currentTimeMillis() < deadlineEpochMs) {
      Invocation inv = invocations.get(requestId);
      if (inv != null && inv.done) {
        return;
      }
      wait(Math.max(1, Math.min(100, deadlineEpochMs - System.currentTimeMillis())));
    }
  }

  /** Waits until no telemetry has arrived for {@code quietMs} (at SHUTDOWN, for the last batches). */
  synchronized void awaitQuiet(long quietMs) throws InterruptedException {
    long until = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() - lastEventNanos < quietMs * 1_000_000L && System.nanoTime() < until) {
      wait(Math.max(1, quietMs / 4));
    }
  }

  /**
   * What is ready to send. At shutdown ({@code all}), an invocation that never got its runtimeDone still
   * gets its span, marked as an error.
   */
  synchronized FarolExtension.Payload drain(boolean all) {
    if (all) {
      for (Invocation inv : invocations.values()) {
        if (!inv.done) {
          inv.end = Instant.now();
          inv.status = "failure";
          inv.errorType = inv.errorType == null ? "Runtime.Unknown" : inv.errorType;
          inv.done = true;
          finish(inv);
        }
      }
    }
    invocations.values().removeIf(inv -> inv.done);
    FarolExtension.Payload p = new FarolExtension.Payload(new ArrayList<>(readySpans), new ArrayList<>(readyLogs),
        new ArrayList<>(readyMetrics));
    readySpans.clear();
    readyLogs.clear();
    readyMetrics.clear();
    return p;
  }

  // ---------------------------------------------------------------- OTLP JSON

  private String logJson(Instant time, String body, Invocation inv) {
    return "{\"timeUnixNano\":\"" + nanos(time) + "\",\"observedTimeUnixNano\":\"" + nanos(time) + "\","
        + "\"body\":{\"stringValue\":" + Json.quote(body) + "},\"traceId\":\"" + inv.traceId + "\",\"spanId\":\""
        + inv.spanId + "\",\"attributes\":[" + attr("faas.invocation_id", inv.requestId) + ","
        + attr("faas.name", function) + "]}";
  }

  private static String spanJson(String traceId, String spanId, String parent, String name, int kind, Instant start,
      Instant end, String attributes, boolean error, String message) {
    return "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\""
        + (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"")
        + ",\"name\":" + Json.quote(name) + ",\"kind\":" + kind
        + ",\"startTimeUnixNano\":\"" + nanos(start) + "\",\"endTimeUnixNano\":\"" + nanos(end) + "\""
        + ",\"attributes\":[" + attributes + "]"
        + ",\"status\":{\"code\":" + (error ? 2 : 0) + (message == null ? "" : ",\"message\":" + Json.quote(message))
        + "}}";
  }

  static String attr(String key, String value) {
    return "{\"key\":" + Json.quote(key) + ",\"value\":{\"stringValue\":" + Json.quote(value) + "}}";
  }

  static String attrInt(String key, long value) {
    return "{\"key\":" + Json.quote(key) + ",\"value\":{\"intValue\":\"" + value + "\"}}";
  }

  static String attrBool(String key, boolean value) {
    return "{\"key\":" + Json.quote(key) + ",\"value\":{\"boolValue\":" + value + "}}";
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static Instant time(String iso) {
    try {
      return iso == null ? Instant.now() : Instant.parse(iso);
    } catch (RuntimeException e) {
      return Instant.now();
    }
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    StringBuilder s = new StringBuilder(bytes * 2);
    for (byte x : b) {
      s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return s.toString();
  }
}
