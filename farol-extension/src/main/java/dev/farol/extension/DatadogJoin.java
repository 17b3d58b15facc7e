package dev.farol.extension;

import static dev.farol.extension.Otlp.hex16;

import dev.farol.tracer.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins what Datadog tracers say and send to the invocations: the invocations a tracer asked about
 * ({@code start-invocation}), the placeholder root each replaced by its invocation span ({@code end-invocation}),
 * and the spans of the trace intake, converted to OTLP at each drain once their invocation's ids are final.
 * Not thread-safe: the {@link Assembler} calls it under its monitor.
 */
final class DatadogJoin {
  /** Spans kept before they are converted, at most: {@value}; older ones are dropped and counted. */
  static final int MAX_SPANS = 100_000;

  /** Spans from Datadog tracers, converted at the next drain (when their invocation's ids are final). */
  private final List<DatadogIntake.Span> spans = new ArrayList<>();
  /** Placeholder span id (trace low 64 bits + span id) → the invocation span that stands for it. */
  private final Map<String, Invocation> placeholders = bounded();
  /** Invocations a Datadog tracer asked about, by request id, kept after they are sent (bounded). */
  private final Map<String, Invocation> told = bounded();
  private long dropped;

  private static Map<String, Invocation> bounded() {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Invocation> eldest) {
        return size() > 256;
      }
    };
  }

  /** A tracer asked for this invocation's context and was told its trace. */
  void told(String requestId, Invocation inv) {
    told.put(requestId, inv);
  }

  /** The invocation a tracer asked about, or {@code null}. */
  Invocation told(String requestId) {
    return told.get(requestId);
  }

  /**
   * What {@code end-invocation} said of {@code inv}: the tracer's placeholder span id (which the invocation span
   * takes while it is not rendered yet), the error the tracer saw, and the HTTP status of the response.
   */
  void ended(Invocation inv, Map<String, String> headers, byte[] response) {
    inv.datadogTracer = true;
    inv.datadogEnded = true;
    String spanId = DatadogIntake.decimalToHex(headers.get("x-datadog-span-id"));
    String traceLow = DatadogIntake.decimalToHex(headers.get("x-datadog-trace-id"));
    if (spanId != null) {
      String key = (traceLow != null ? traceLow : inv.traceId().substring(16)) + spanId;
      placeholders.put(key, inv);
      if (!inv.done) {
        inv.platformSpanId = inv.spanId;
        inv.spanId = spanId;
      }
    }
    if ("true".equalsIgnoreCase(headers.get("x-datadog-invocation-error"))) {
      inv.tracerErrorType = DatadogIntake.maybeBase64(headers.get("x-datadog-invocation-error-type"));
      inv.tracerErrorMessage = DatadogIntake.maybeBase64(headers.get("x-datadog-invocation-error-msg"));
      inv.tracerErrorStack = DatadogIntake.maybeBase64(headers.get("x-datadog-invocation-error-stack"));
      if (inv.tracerErrorType == null && inv.tracerErrorMessage == null) {
        inv.tracerErrorType = "Error";
      }
    }
    if (response != null && response.length > 0) {
      try {
        Object status = Json.object(Json.parse(new String(response, java.nio.charset.StandardCharsets.UTF_8)))
            .get("statusCode");
        if (status instanceof Number) {
          inv.tracerStatusCode = ((Number) status).intValue();
          if (inv.tracerStatusCode >= 500 && inv.tracerErrorType == null) {
            // an exception the application turned into a 5xx still makes the invocation an error
            inv.tracerErrorType = "HTTP " + inv.tracerStatusCode;
            inv.tracerErrorMessage = "the function answered HTTP " + inv.tracerStatusCode;
          }
        }
      } catch (RuntimeException notJson) {
        // a response that is not a JSON object has no status code
      }
    }
  }

  /** Spans from the trace intake, kept until the next {@link #convert}. */
  void add(List<DatadogIntake.Span> received) {
    spans.addAll(received);
    if (spans.size() > MAX_SPANS) {
      int over = spans.size() - MAX_SPANS;
      spans.subList(0, over).clear();
      dropped += over;
    }
  }

  long dropped() {
    return dropped;
  }

  /** Some span of the trace whose low 64 bits are {@code low} (16 hex digits) has arrived. */
  boolean hasTrace(String low) {
    for (DatadogIntake.Span sp : spans) {
      if (hex16(sp.traceLow).equals(low)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Converts the spans received so far into {@code out}, dropping each invocation's placeholder (known by the
   * span id the tracer gave at end-invocation, or, if that call never came, by the tracer's request_id tag on a
   * serverless-typed local root) and hanging its children under the invocation span. Each span sent counts for
   * the invocation whose trace it is in ({@link Invocation#tracerSpans}).
   */
  void convert(List<String> out) {
    if (spans.isEmpty()) {
      return;
    }
    // the tracer puts _dd.p.tid (the high 64 bits) on one span of each chunk only
    Map<Long, String> high = new HashMap<>();
    for (DatadogIntake.Span sp : spans) {
      String tid = sp.meta.get("_dd.p.tid");
      if (tid != null && tid.matches("[0-9a-f]{16}")) {
        high.put(sp.traceLow, tid);
      }
    }
    Map<String, String> moved = new HashMap<>();
    List<DatadogIntake.Span> kept = new ArrayList<>();
    for (DatadogIntake.Span sp : spans) {
      String key = hex16(sp.traceLow) + hex16(sp.spanId);
      Invocation owner = placeholders.get(key);
      if (owner == null && "serverless".equals(sp.type) && sp.meta.containsKey("request_id")) {
        Invocation inv = told.get(sp.meta.get("request_id"));
        if (inv != null && inv.traceId().substring(16).equals(hex16(sp.traceLow))) {
          owner = inv;
        }
      }
      if (owner != null) {
        if (!owner.spanId.equals(hex16(sp.spanId))) {
          moved.put(key, owner.spanId);
        }
        continue;
      }
      kept.add(sp);
    }
    Map<String, Invocation> byLow = new HashMap<>();
    for (Invocation inv : told.values()) {
      byLow.put(inv.traceId().substring(16), inv);
    }
    for (DatadogIntake.Span sp : kept) {
      String low = hex16(sp.traceLow);
      Invocation inv = byLow.get(low);
      String traceId = high.get(sp.traceLow);
      if (traceId == null && inv != null) {
        traceId = inv.traceId().substring(0, 16);
      }
      traceId = (traceId == null ? "0000000000000000" : traceId) + low;
      String parent = sp.parentId == 0 ? null : hex16(sp.parentId);
      if (parent != null && moved.containsKey(low + parent)) {
        parent = moved.get(low + parent);
      }
      out.add(DatadogIntake.toOtlpJson(sp, traceId, parent));
      if (inv != null) {
        inv.tracerData = true;
        inv.tracerSpans++;
      }
    }
    spans.clear();
  }
}
