package dev.farol.extension;

import static dev.farol.extension.Otlp.attr;
import static dev.farol.extension.Otlp.nanos;
import static dev.farol.extension.Otlp.randomHex;
import static dev.farol.extension.Otlp.time;

import dev.farol.tracer.Json;
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
  private final String function;
  private final String version;
  private final String region;
  private final EnhancedMetrics metrics;
  private final InvocationSpans spans;

  private final Map<String, Invocation> invocations = new LinkedHashMap<>();
  private final List<String> readySpans = new ArrayList<>();
  private final List<String> readyLogs = new ArrayList<>();
  private final List<String> readyMetrics = new ArrayList<>();
  /** Hops and finding records of rendered invocations, and the hops they tell. */
  private final List<String> readyDiagnostics = new ArrayList<>();
  private final List<InvocationHops> readyHops = new ArrayList<>();
  /** What the extension knows of the function's instrumentation, for the invocations' hops. */
  private Surroundings surroundings = new Surroundings();
  private long diagnosisFailures;
  /** Lines logged during init, attached to the first invocation. */
  private final List<String[]> initLines = new ArrayList<>();
  private Instant initStart;
  private double initDurationMs = -1;
  private String initStatus;
  private String initErrorType;
  private boolean initAttached;
  private String currentRequestId;
  /** The invocation that finished last, for log lines that arrive after its runtimeDone. */
  private Invocation lastFinished;
  private long lastEventNanos = System.nanoTime();

  private final Map<String, EventInfo> events = new LinkedHashMap<>();

  /** The event as the runtime received it (through the proxy), without a client context. */
  synchronized void event(String requestId, byte[] body) {
    event(requestId, body, null);
  }

  /**
   * The event as the runtime received it (through the proxy), with the invocation's client context
   * ({@code Lambda-Runtime-Client-Context}, where a direct invoke's caller puts its trace context), or
   * {@code null}.
   */
  synchronized void event(String requestId, byte[] body, String clientContext) {
    dev.farol.tracer.events.Trigger trigger = dev.farol.tracer.events.EventSources.describe(
        new String(body, java.nio.charset.StandardCharsets.UTF_8), clientContext);
    if (trigger.parent().isEmpty() && trigger.inferredSpans().isEmpty() && trigger.links().isEmpty()) {
      return;
    }
    EventInfo info = new EventInfo();
    info.trigger = trigger;
    trigger.parent().ifPresent(c -> {
      // X-Ray's Sampled=0 is no reason to drop a trace (Lambda says it whenever active tracing is off); a
      // W3C/Datadog/B3 caller that dropped it is still continued here: the extension only builds platform spans
      info.traceId = c.traceId();
      info.parentSpanId = c.spanId();
    });
    for (int k = 0; k < trigger.inferredSpans().size(); k++) {
      info.spanIds.add(randomHex(8));
    }
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

  private Invocation invocation(String requestId) {
    return invocations.computeIfAbsent(requestId, Invocation::new);
  }

  /** The function's instrumentation as the extension found it at start-up, for the invocations' hops. */
  synchronized void surroundings(Surroundings s) {
    this.surroundings = s;
  }

  Assembler(String function, String version, String region, int memoryMb) {
    this.function = function;
    this.version = version;
    this.region = region;
    this.metrics = new EnhancedMetrics(function, version, memoryMb);
    this.spans = new InvocationSpans(function, memoryMb);
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
          initErrorType = Json.string(r.get("errorType"));
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
    Map<String, Object> tracing = Json.object(record.get("tracing"));
    Invocation inv = invocation(requestId);
    String[] ctx = xray(Json.string(tracing.get("value")));
    if (ctx[0] != null) {
      inv.platformTraceId = ctx[0];
      // the header the invocation came with: its Parent is the caller's
      inv.platformParent = ctx[1];
    }
    String spanId = Json.string(tracing.get("spanId"));
    if (spanId != null && spanId.matches("[0-9a-f]{16}") && inv.platformSpanId == null) {
      // the platform's own span for the invocation: what tracers continuing its header hang under
      inv.spanId = spanId;
    }
    inv.start = time;
    inv.started = true;
    boolean cold = initStart != null && !initAttached;
    inv.cold = cold;
    currentRequestId = requestId;
    if (cold) {
      inv.lines.addAll(initLines);
      initLines.clear();
      if (initStatus != null && !initStatus.equals("success")) {
        inv.initFailure = "with status " + initStatus + (initErrorType == null ? "" : " (" + initErrorType + ")");
      }
    }
    applyTrigger(inv);
  }

  /**
   * The INVOKE event the extension got: it may come before platform.start, and a tracer may ask for
   * the invocation's context (start-invocation) before platform.start arrives too. Its header is the
   * runtime's, whose Parent is the invocation's own span.
   */
  synchronized void invoke(String requestId, String runtimeHeader) {
    Invocation inv = invocation(requestId);
    String[] ctx = xray(runtimeHeader);
    if (ctx[0] != null && inv.platformTraceId == null) {
      inv.platformTraceId = ctx[0];
    }
    if (ctx[1] != null && !inv.started && inv.platformSpanId == null) {
      inv.spanId = ctx[1];
    }
    notifyAll();
  }

  /** Root (32 hex) and Parent (16 hex) of an X-Amzn-Trace-Id header; nulls where absent or malformed. */
  static String[] xray(String header) {
    String traceId = null;
    String parent = null;
    if (header != null) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith("Root=1-") && p.length() >= 7 + 8 + 1 + 24) {
          traceId = (p.substring(7, 15) + p.substring(16, 40)).toLowerCase(java.util.Locale.ROOT);
        } else if (p.startsWith("Parent=") && p.length() == 7 + 16) {
          parent = p.substring(7).toLowerCase(java.util.Locale.ROOT);
        }
      }
    }
    if (traceId != null && !traceId.matches("[0-9a-f]{32}")) {
      traceId = null;
    }
    if (parent != null && !parent.matches("[0-9a-f]{16}")) {
      parent = null;
    }
    return new String[] {traceId, parent};
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
    if (inv.toldTraceId != null && trigger.traceId != null && !trigger.traceId.equals(inv.toldTraceId)) {
      // a tracer already runs with another trace: the caller's context can only be a link now
      trigger.traceId = null;
    }
    inv.trigger = trigger;
    inv.inferredSpanId = trigger.spanIds.isEmpty() ? null : trigger.spanIds.get(trigger.spanIds.size() - 1);
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
    inv.runtimeDoneSeen = true;
    if (!expectFarolTracer || inv.tracerTraceId != null) {
      finish(inv);
    }
    // else: finished once Farol's tracer has said it owns the invocation, or it is given up on
    // (finishWaiting), so that the extension never sends an invocation span of its own next to the tracer's
    lastFinished = inv;
    if (inv.requestId.equals(currentRequestId)) {
      currentRequestId = null;
    }
  }

  /**
   * Farol's tracer runs in this function (its layer and its wrapper are there, or an export said so):
   * the tracer hands its export over without waiting for the answer, so the extension waits for it.
   */
  private volatile boolean expectFarolTracer;

  void expectFarolTracer() {
    expectFarolTracer = true;
  }

  /**
   * After runtimeDone: waits (at most {@code maxMs}) for Farol's tracer's export of this invocation, then
   * renders the invocation (with the tracer's ids, or — if none came — the extension's own spans).
   */
  synchronized void finishWaiting(String requestId, long maxMs) throws InterruptedException {
    Invocation inv = invocations.get(requestId);
    if (inv == null || inv.finished || !inv.done) {
      return;
    }
    long until = System.currentTimeMillis() + maxMs;
    while (inv.tracerTraceId == null && System.currentTimeMillis() < until) {
      wait(Math.max(1, until - System.currentTimeMillis()));
    }
    if (!inv.finished) {
      finish(inv);
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
    if (inv.finished) {
      readyLogs.add(logJson(time, text, inv));
      inv.logLines++;
    } else {
      inv.lines.add(new String[] {time.toString(), text});
    }
  }

  private void finish(Invocation inv) {
    inv.finished = true;
    applyTrigger(inv);
    for (String[] l : inv.lines) {
      readyLogs.add(logJson(Instant.parse(l[0]), l[1], inv));
    }
    inv.logLines += inv.lines.size();
    inv.lines.clear();
    inv.ownSpans += spans.render(inv, initStart, initDurationMs, initStatus, readySpans);
    if (inv.initSpanSent) {
      initAttached = true;
    }
  }

  // ---------------------------------------------------------------- Farol's tracer

  /**
   * Farol's tracer sent this invocation's {@code aws.lambda} span (header {@code X-Farol-Invocation:
   * <request id>;trace=<id>;span=<id>[;inferred=true]} on its export): the extension then sends no
   * invocation or inferred span of its own, and ties the init span and the log lines to the tracer's.
   */
  synchronized void tracerOwns(String header) {
    owner(header);
  }

  /**
   * A tracer's OTLP request came to the intake: {@code header} is its {@code X-Farol-Invocation} (Farol's
   * tracer), or {@code null}; {@code spans} how many spans it holds ({@link SpanCount}; 0 for logs and metrics).
   * Counted for the invocation the header names, else the one under way, else the last finished.
   */
  synchronized void tracerExport(String header, int spans) {
    String requestId = owner(header);
    Invocation inv = requestId != null ? invocations.get(requestId)
        : currentRequestId != null ? invocations.get(currentRequestId) : lastFinished;
    if (inv == null) {
      return;
    }
    inv.tracerData = true;
    if (spans == SpanCount.UNKNOWN) {
      inv.tracerSpansUncounted = true;
    } else {
      inv.tracerSpans += spans;
    }
  }

  /** The invocation a well-formed {@code X-Farol-Invocation} header names (now owned by the tracer), or null. */
  private String owner(String header) {
    if (header == null) {
      return null;
    }
    String[] parts = header.split(";");
    String requestId = parts[0].trim();
    String trace = null;
    String span = null;
    boolean inferred = false;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("trace=")) {
        trace = p.substring(6);
      } else if (p.startsWith("span=")) {
        span = p.substring(5);
      } else if (p.equals("inferred=true")) {
        inferred = true;
      }
    }
    if (requestId.isEmpty() || trace == null || !trace.matches("[0-9a-f]{32}") || span == null
        || !span.matches("[0-9a-f]{16}")) {
      return null;
    }
    expectFarolTracer = true;
    Invocation inv = invocation(requestId);
    if (inv.finished) {
      return requestId;
    }
    inv.tracerTraceId = trace;
    inv.tracerInferred = inferred;
    if (inv.platformSpanId == null) {
      inv.platformSpanId = inv.spanId;
    }
    inv.spanId = span;
    notifyAll();
    return requestId;
  }

  // ---------------------------------------------------------------- Datadog tracers

  /** What Datadog tracers said and sent, joined to the invocations at each drain. */
  private final DatadogJoin datadog = new DatadogJoin();

  /**
   * {@code /lambda/start-invocation}: the event, as the tracer saw it. Answers the context the tracer
   * must continue: the caller's trace (from the event's headers) or the platform's, and as parent the
   * span the invocation span will hang under. The tracer's own local root becomes the placeholder the
   * invocation span replaces.
   */
  synchronized String[] startInvocation(String requestId, byte[] event, long waitMs) throws InterruptedException {
    if (requestId == null || requestId.isEmpty()) {
      requestId = currentRequestId;
    }
    if (requestId == null) {
      // asked before the extension knows the invocation (INVOKE and platform.start in flight): wait a little
      long until = System.currentTimeMillis() + waitMs;
      while (currentRequestId == null && invocations.values().stream().noneMatch(i -> !i.done)
          && System.currentTimeMillis() < until) {
        wait(Math.max(1, until - System.currentTimeMillis()));
      }
      requestId = currentRequestId != null ? currentRequestId : invocations.values().stream().filter(i -> !i.done)
          .map(i -> i.requestId).findFirst().orElse("unknown-" + randomHex(8));
    } else if (!invocations.containsKey(requestId)) {
      long until = System.currentTimeMillis() + waitMs;
      while (!invocations.containsKey(requestId) && System.currentTimeMillis() < until) {
        wait(Math.max(1, until - System.currentTimeMillis()));
      }
    }
    if (event != null && event.length > 0 && !events.containsKey(requestId)) {
      try {
        event(requestId, event);
      } catch (RuntimeException notJson) {
        // an event that is not a JSON object carries no headers
      }
    }
    Invocation inv = invocation(requestId);
    applyTrigger(inv);
    inv.datadogTracer = true;
    inv.toldTraceId = inv.traceId();
    datadog.told(requestId, inv);
    return new String[] {inv.toldTraceId, inv.parentSpanId()};
  }

  /**
   * {@code /lambda/end-invocation}: the tracer's placeholder span id (the invocation span takes it, so
   * the spans under the placeholder hang under the invocation span), and what the tracer saw fail.
   */
  synchronized void endInvocation(String requestId, Map<String, String> headers, byte[] response) {
    Invocation inv = requestId == null ? null : invocations.get(requestId);
    if (inv == null && requestId != null) {
      inv = datadog.told(requestId);
    }
    if (inv == null && currentRequestId != null) {
      inv = invocations.get(currentRequestId);
    }
    if (inv == null) {
      return;
    }
    datadog.ended(inv, headers, response);
    notifyAll();
  }

  /** Spans a Datadog tracer sent to the trace intake. */
  synchronized void datadogSpans(List<DatadogIntake.Span> spans) {
    datadog.add(spans);
    notifyAll();
  }

  synchronized long datadogSpansDropped() {
    return datadog.dropped();
  }

  /**
   * After runtimeDone, waits (at most {@code maxMs}) for the Datadog tracer's trace of this invocation,
   * which its writer sends from a thread of its own once the local root finished, so that the flush
   * before the freeze takes it along.
   */
  synchronized void awaitDatadogTrace(String requestId, long maxMs) throws InterruptedException {
    Invocation inv = datadog.told(requestId);
    if (inv == null) {
      return;
    }
    String low = inv.traceId().substring(16);
    long until = System.currentTimeMillis() + maxMs;
    while (!datadog.hasTrace(low) && System.currentTimeMillis() < until) {
      wait(Math.max(1, until - System.currentTimeMillis()));
    }
  }

  /** Enhanced metrics from {@code platform.report}: one data point per metric, tagged with the invocation. */
  private void report(Map<String, Object> record, Instant time) {
    metrics.report(record, time, readyMetrics);
  }

  /** A custom metric from the function (DogStatsD), tagged with the invocation under way. */
  synchronized void customMetric(String name, String unit, double value, List<String[]> tags) {
    Invocation inv = currentRequestId == null ? null : invocations.get(currentRequestId);
    readyMetrics.add(metrics.custom(name, unit, value, inv == null ? null : inv.requestId, tags));
  }

  /** See {@link EnhancedMetrics#instrumentationStatus}. */
  String instrumentationStatus(int value, List<String> tracerLayers) {
    return metrics.instrumentationStatus(value, tracerLayers);
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
        } else if (!inv.finished) {
          finish(inv);
        }
      }
    }
    // Datadog spans first: the invocations' hops count those of their traces
    datadog.convert(readySpans);
    for (Invocation inv : invocations.values()) {
      if (inv.finished && !inv.diagnosed) {
        diagnose(inv);
      }
    }
    invocations.values().removeIf(inv -> inv.finished);
    FarolExtension.Payload p = new FarolExtension.Payload(new ArrayList<>(readySpans), new ArrayList<>(readyLogs),
        new ArrayList<>(readyMetrics), new ArrayList<>(readyDiagnostics), new ArrayList<>(readyHops));
    readySpans.clear();
    readyLogs.clear();
    readyMetrics.clear();
    readyDiagnostics.clear();
    readyHops.clear();
    return p;
  }

  /**
   * The invocation's hops and findings records. A failure here costs the invocation its diagnostics, never its
   * telemetry: it is caught, counted and said once.
   */
  private void diagnose(Invocation inv) {
    inv.diagnosed = true;
    try {
      InvocationHops hops = InvocationHops.of(inv, surroundings, function);
      DiagnosticRecords.render(inv, hops, function, readyDiagnostics);
      readyHops.add(hops);
    } catch (RuntimeException e) {
      if (diagnosisFailures++ == 0) {
        FarolExtension.log("could not tell the hops of invocation " + inv.requestId + " (" + e + "); its telemetry "
            + "goes out without them, and so will that of any other invocation this happens to");
      }
    }
  }

  /** Invocations whose hops could not be told (each logged the first time only). */
  synchronized long diagnosisFailures() {
    return diagnosisFailures;
  }

  // ---------------------------------------------------------------- OTLP JSON

  private String logJson(Instant time, String body, Invocation inv) {
    return "{\"timeUnixNano\":\"" + nanos(time) + "\",\"observedTimeUnixNano\":\"" + nanos(time) + "\","
        + "\"body\":{\"stringValue\":" + Json.quote(body) + "},\"traceId\":\"" + inv.traceId() + "\",\"spanId\":\""
        + inv.spanId + "\",\"attributes\":[" + attr("faas.invocation_id", inv.requestId) + ","
        + attr("faas.name", function) + "]}";
  }
}
