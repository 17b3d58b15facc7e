package dev.farol.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import dev.farol.tracer.Json;
import dev.farol.tracer.Propagation;
import dev.farol.tracer.Scope;
import dev.farol.tracer.Span;
import dev.farol.tracer.SpanKind;
import dev.farol.tracer.TraceContext;
import dev.farol.tracer.Tracer;
import dev.farol.tracer.events.EventSources;
import dev.farol.tracer.events.InferredSpan;
import dev.farol.tracer.events.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation's spans: the inferred spans of its trigger (API Gateway, SQS, SNS...; outermost first,
 * timed from the event's own timestamps) under the caller's context, and the {@code aws.lambda}
 * invocation span under them, whose id is the platform's span for the invocation (the Parent of the
 * runtime's X-Ray header), so that whatever else continues that header hangs under it too.
 *
 * <p>Trace context: the caller's, taken from the event by {@link EventSources}; else the platform's
 * (the X-Ray header's root); else a new trace.
 */
final class InvocationTrace {
  /** The invocation under way in this process (Lambda runs one at a time per process). */
  private static volatile InvocationTrace current;

  final Tracer tracer;
  final Span invocation;
  final List<Span> inferred = new ArrayList<>();
  final String requestId;
  final Trigger trigger;
  private final Scope scope;
  private volatile Throwable handled;

  private InvocationTrace(Tracer tracer, Span invocation, String requestId, Trigger trigger) {
    this.tracer = tracer;
    this.invocation = invocation;
    this.requestId = requestId;
    this.trigger = trigger;
    this.scope = invocation.activate();
  }

  static InvocationTrace current() {
    return current;
  }

  static InvocationTrace start(Tracer tracer, byte[] event, Context context, boolean coldStart) {
    Tracer.rebaseClock();
    long start = Tracer.now();
    // a direct invoke's context travels in the client context as often as in the event
    Trigger trigger = EventSources.describe(new String(event, StandardCharsets.UTF_8),
        context == null ? null : Target.clientContext(context));
    String header = System.getProperty("com.amazonaws.xray.traceHeader");
    if (header == null) {
      header = System.getenv("_X_AMZN_TRACE_ID");
    }
    Optional<TraceContext> platform = Propagation.xray(header);
    Optional<TraceContext> caller = trigger.parent();
    // the platform's span for this invocation: the Parent of the runtime's header
    String invocationId = platform.map(TraceContext::spanId).orElse(null);

    Span parent = null;
    List<Span> chain = new ArrayList<>();
    TraceContext remote = caller.orElse(null);
    for (InferredSpan is : trigger.inferredSpans()) {
      long t = is.startEpochNanos() > 0 && is.startEpochNanos() <= start ? is.startEpochNanos() : start;
      SpanKind kind = kind(is.kind());
      Span s = parent != null ? tracer.startChild(is.name(), kind, parent, t)
          : remote != null ? tracer.startSpan(is.name(), kind, remote, t)
          : platform.isPresent() ? tracer.startInTrace(is.name(), kind, platform.get().traceId(), null, null,
              true, t)
          : tracer.startSpan(is.name(), kind, null, t);
      for (Map.Entry<String, String> a : is.attributes().entrySet()) {
        s.setAttribute(a.getKey(), a.getValue());
      }
      chain.add(s);
      parent = s;
    }
    Span inv;
    if (parent != null) {
      inv = tracer.startChild("aws.lambda", SpanKind.SERVER, parent, start);
    } else if (remote != null) {
      inv = tracer.startSpan("aws.lambda", SpanKind.SERVER, remote, start, invocationId);
    } else if (platform.isPresent()) {
      inv = tracer.startInTrace("aws.lambda", SpanKind.SERVER, platform.get().traceId(), null, invocationId,
          dev.farol.tracer.Sampler.sampled(platform.get(), false), start);
    } else {
      inv = tracer.startSpan("aws.lambda", SpanKind.SERVER, null, start);
    }
    String requestId = context == null ? null : context.getAwsRequestId();
    if (context != null) {
      inv.setAttribute("faas.invocation_id", requestId);
      inv.setAttribute("request_id", requestId);
      String arn = context.getInvokedFunctionArn();
      if (arn != null) {
        inv.setAttribute("cloud.resource_id", arn);
        inv.setAttribute("function_arn", arn.toLowerCase(java.util.Locale.ROOT));
      }
      inv.setAttribute("faas.name", context.getFunctionName());
      inv.setAttribute("faas.version", context.getFunctionVersion());
      inv.setAttribute("faas.max_memory", (long) context.getMemoryLimitInMB() * 1024L * 1024L);
    }
    inv.setAttribute("faas.coldstart", coldStart);
    inv.setAttribute("cold_start", coldStart);
    inv.setAttribute("faas.trigger", trigger.faasTrigger());
    inv.setAttribute("function_trigger.event_source", trigger.source());
    if (trigger.sourceArn() != null) {
      inv.setAttribute("function_trigger.event_source_arn", trigger.sourceArn());
    }
    if (trigger.httpMethod() != null) {
      inv.setAttribute("http.request.method", trigger.httpMethod());
      if (trigger.httpRoute() != null) {
        inv.setAttribute("http.route", trigger.httpRoute());
      }
      if (trigger.httpPath() != null) {
        inv.setAttribute("url.path", trigger.httpPath());
      }
    }
    for (TraceContext link : trigger.links()) {
      inv.addLink(link, Map.of());
    }
    InvocationTrace t = new InvocationTrace(tracer, inv, requestId, trigger);
    // the inferred spans, outermost first, end with the invocation
    t.inferred.addAll(chain);
    current = t;
    return t;
  }

  private static SpanKind kind(String k) {
    if (k == null) {
      return SpanKind.INTERNAL;
    }
    switch (k) {
      case "server":
        return SpanKind.SERVER;
      case "client":
        return SpanKind.CLIENT;
      case "producer":
        return SpanKind.PRODUCER;
      case "consumer":
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }

  /**
   * An exception the application handled itself (a web framework's exception handler turned it into a
   * response): the invocation still failed, and says with what.
   */
  void handledException(Throwable t) {
    handled = t;
  }

  /** Ends the spans: the handler's result (for an HTTP status) or its exception. */
  void finish(byte[] response, Throwable error) {
    try {
      if (error != null) {
        invocation.recordException(error);
      } else if (handled != null) {
        invocation.recordException(handled);
      }
      if (trigger.httpMethod() != null && response != null && response.length > 0) {
        int status = statusCode(response);
        if (status > 0) {
          invocation.setAttribute("http.response.status_code", (long) status);
          invocation.setAttribute("http.status_code", Integer.toString(status));
          for (Span s : inferred) {
            s.setAttribute("http.response.status_code", (long) status);
            if (status >= 500) {
              s.setStatus(Span.ERROR, "HTTP " + status);
            }
          }
          if (status >= 500 && invocation.status() != Span.ERROR) {
            invocation.setAttribute("error.type", Integer.toString(status));
            invocation.setStatus(Span.ERROR, "the function answered HTTP " + status);
          }
        }
      }
      if (error != null) {
        for (Span s : inferred) {
          s.setStatus(Span.ERROR, "the function failed: " + error.getClass().getName());
        }
      }
    } finally {
      scope.close();
      invocation.end();
      long end = invocation.endEpochNanos();
      for (Span s : inferred) {
        s.end(end);
      }
      if (current == this) {
        current = null;
      }
    }
  }

  static int statusCode(byte[] response) {
    try {
      Object code = Json.object(Json.parse(new String(response, StandardCharsets.UTF_8))).get("statusCode");
      if (code instanceof Double) {
        return ((Double) code).intValue();
      }
      if (code instanceof String) {
        return Integer.parseInt(((String) code).trim());
      }
    } catch (RuntimeException notJson) {
      // not an HTTP integration's answer
    }
    return 0;
  }

  /** Sent with the spans: the extension learns that a tracer owns this invocation's span. */
  Map<String, String> exportHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    if (requestId != null) {
      h.put("X-Farol-Invocation", requestId + ";trace=" + invocation.traceId() + ";span=" + invocation.spanId()
          + (inferred.isEmpty() ? "" : ";inferred=true"));
    }
    return h;
  }
}
