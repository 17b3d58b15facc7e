package dev.farol.extension;

import static dev.farol.extension.Otlp.attr;
import static dev.farol.extension.Otlp.attrBool;
import static dev.farol.extension.Otlp.attrInt;
import static dev.farol.extension.Otlp.randomHex;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The spans the extension makes for a finished invocation, as OTLP/JSON: the {@code aws.lambda} invocation
 * span (unless Farol's tracer sent its own), the trigger's inferred spans above it (an API Gateway request,
 * SQS, SNS...), and on a cold start the {@code aws.lambda.init} span under the invocation span, in its trace.
 */
final class InvocationSpans {
  private final String function;
  private final int memoryMb;

  InvocationSpans(String function, int memoryMb) {
    this.function = function;
    this.memoryMb = memoryMb;
  }

  /**
   * Appends the invocation's spans to {@code out} and returns how many; marks {@link Invocation#initSpanSent}
   * when the init span was among them.
   *
   * @param initStart when the environment's init phase began, or {@code null} when it is not known
   * @param initDurationMs the init phase's duration (from {@code platform.initReport}), negative when not known
   * @param initStatus the init phase's status, or {@code null}
   */
  int render(Invocation inv, Instant initStart, double initDurationMs, String initStatus, List<String> out) {
    int count = 0;
    boolean error = inv.status != null && !inv.status.equals("success");
    double durationMs = (inv.end.toEpochMilli() - inv.start.toEpochMilli());
    long billed = (long) Math.ceil(durationMs) + (inv.cold && initDurationMs > 0 ? (long) Math.ceil(initDurationMs)
        : 0);
    StringBuilder attrs = new StringBuilder()
        .append(attr("faas.name", function)).append(',')
        .append(attr("faas.invocation_id", inv.requestId)).append(',')
        .append(attr("faas.trigger", inv.trigger != null ? inv.trigger.trigger.faasTrigger() : "other")).append(',')
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
    String message = error ? (inv.errorType != null ? inv.errorType : inv.status) : null;
    if (inv.datadogTracer) {
      attrs.append(',').append(attr("farol.tracer", "datadog"));
      if (inv.tracerStatusCode > 0) {
        attrs.append(',').append(attrInt("http.response.status_code", inv.tracerStatusCode));
      }
      if (inv.tracerErrorType != null || inv.tracerErrorMessage != null) {
        // the tracer saw the handler fail (or answer 5xx): its exception, not only the platform's status
        error = true;
        attrs.append(',').append(attr("exception.type", inv.tracerErrorType == null ? "" : inv.tracerErrorType));
        attrs.append(',').append(attr("exception.message", inv.tracerErrorMessage == null ? ""
            : inv.tracerErrorMessage));
        if (inv.tracerErrorStack != null) {
          attrs.append(',').append(attr("exception.stacktrace", inv.tracerErrorStack));
        }
        if (inv.errorType == null) {
          attrs.append(',').append(attr("error.type", inv.tracerErrorType == null ? "Error" : inv.tracerErrorType));
        }
        message = inv.tracerErrorMessage != null ? inv.tracerErrorMessage : inv.tracerErrorType;
      }
    }
    if (inv.tracerTraceId == null) {
      String span = Otlp.span(inv.traceId(), inv.spanId, inv.parentSpanId(), "aws.lambda", 2, inv.start, inv.end,
          attrs.toString(), error, message);
      if (inv.trigger != null && !inv.trigger.trigger.links().isEmpty()) {
        // a batch: one link per record that carried a context
        StringBuilder links = new StringBuilder(",\"links\":[");
        List<dev.farol.tracer.TraceContext> l = inv.trigger.trigger.links();
        for (int k = 0; k < l.size(); k++) {
          links.append(k == 0 ? "" : ",").append("{\"traceId\":\"").append(l.get(k).traceId())
              .append("\",\"spanId\":\"").append(l.get(k).spanId()).append("\"}");
        }
        span = span.substring(0, span.length() - 1) + links.append("]}");
      }
      out.add(span);
      count++;
    }
    if (inv.trigger != null && inv.tracerTraceId == null) {
      EventInfo t = inv.trigger;
      boolean http = t.trigger.httpMethod() != null;
      int status = t.statusCode == 0 ? (error ? 502 : 200) : t.statusCode;
      boolean httpError = http && (t.statusCode >= 500 || error);
      String parent = inv.upstreamParent();
      List<dev.farol.tracer.events.InferredSpan> chain = t.trigger.inferredSpans();
      for (int k = 0; k < chain.size(); k++) {
        dev.farol.tracer.events.InferredSpan is = chain.get(k);
        long startNanos = is.startEpochNanos();
        Instant start = startNanos > 0 ? Instant.ofEpochSecond(0, startNanos) : inv.start;
        if (start.isAfter(inv.start)) {
          start = inv.start;
        }
        StringBuilder a = new StringBuilder();
        for (Map.Entry<String, String> e : is.attributes().entrySet()) {
          a.append(a.length() == 0 ? "" : ",").append(attr(e.getKey(), e.getValue()));
        }
        if (http) {
          a.append(a.length() == 0 ? "" : ",").append(attrInt("http.response.status_code", status));
        }
        int kind = "server".equals(is.kind()) ? 2 : "producer".equals(is.kind()) ? 4 : "consumer".equals(is.kind())
            ? 5 : 1;
        out.add(Otlp.span(inv.traceId(), t.spanIds.get(k), parent, is.name(), kind, start, inv.end,
            a.toString(), httpError, httpError ? "HTTP " + status : null));
        count++;
        parent = t.spanIds.get(k);
      }
    }
    if (inv.cold && initStart != null && initDurationMs >= 0) {
      Instant initEnd = initStart.plusNanos((long) (initDurationMs * 1_000_000));
      boolean initError = initStatus != null && !initStatus.equals("success");
      out.add(Otlp.span(inv.traceId(), randomHex(8), inv.spanId, "aws.lambda.init", 1, initStart, initEnd,
          attr("faas.name", function) + "," + attrBool("faas.coldstart", true), initError,
          initError ? initStatus : null));
      inv.initSpanSent = true;
      count++;
    }
    return count;
  }
}
