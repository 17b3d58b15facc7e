package dev.farol.extension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One invocation as the extension assembles it, by request id: the trace context it was given and what
 * replaced it (a tracer's ids), its trigger, its lines until they are rendered, the platform's verdict, and
 * what arrived for it (the state {@link InvocationHops} reads). Guarded by the {@link Assembler}'s monitor.
 */
final class Invocation {
  final String requestId;
  /** The trace context the platform gave (INVOKE, platform.start): its root and the caller's parent. */
  String platformTraceId;
  String platformParent;
  /** A trace id of the extension's own, when nothing gave one. */
  String ownTraceId;
  /** The trace id a tracer was told (start-invocation): from then on it does not change. */
  String toldTraceId;
  /** Lines logged during the invocation, rendered when its trace context is final (at finish). */
  final List<String[]> lines = new ArrayList<>();
  /** The invocation span's id: the platform's span id, or the Datadog tracer's (end-invocation). */
  String spanId = Otlp.randomHex(8);
  /** The span id the invocation had before a tracer's replaced it: spans parented to it are moved. */
  String platformSpanId;
  EventInfo trigger;
  String inferredSpanId;
  boolean started;
  Instant start = Instant.now();
  boolean cold;
  Instant end;
  String status;
  String errorType;
  long producedBytes;
  boolean done;
  /** Its spans and lines are rendered (done, and no longer waiting for Farol's tracer). */
  boolean finished;
  /** Farol's tracer sent the invocation span itself (X-Farol-Invocation): its ids, and whether it inferred the trigger's span. */
  String tracerTraceId;
  boolean tracerInferred;
  /** What the Datadog tracer said at end-invocation, and that it is there. */
  boolean datadogTracer;
  boolean datadogEnded;
  String tracerErrorType;
  String tracerErrorMessage;
  String tracerErrorStack;
  int tracerStatusCode;

  // what the invocation's diagnostics (InvocationHops) are made of
  /** platform.runtimeDone arrived for it (else its end was made up at shutdown). */
  boolean runtimeDoneSeen;
  /** A cold start whose init phase failed: the status and error type of platform.initReport. */
  String initFailure;
  /** Data from a tracer in the function arrived for it: Farol's tracer's export, OTLP, Datadog's protocol. */
  boolean tracerData;
  /** Spans tracers sent for it, as far as they could be counted; and that some could not be (gzip'd). */
  int tracerSpans;
  boolean tracerSpansUncounted;
  /** Spans the extension sent for it: the invocation span, inferred spans, the init span. */
  int ownSpans;
  /** The init span was sent, in its trace. */
  boolean initSpanSent;
  /** Function log lines sent for it, each with its trace and span. */
  int logLines;
  /** Its hops record is rendered. */
  boolean diagnosed;

  Invocation(String requestId) {
    this.requestId = requestId;
  }

  String traceId() {
    if (tracerTraceId != null) {
      return tracerTraceId;
    }
    if (toldTraceId != null) {
      return toldTraceId;
    }
    if (trigger != null && trigger.traceId != null) {
      return trigger.traceId;
    }
    if (platformTraceId != null) {
      return platformTraceId;
    }
    if (ownTraceId == null) {
      ownTraceId = Otlp.randomHex(16);
    }
    return ownTraceId;
  }

  /** The caller's span: from the event's headers when they carry a context, else from the platform. */
  String upstreamParent() {
    if (trigger != null && trigger.traceId != null) {
      return trigger.parentSpanId;
    }
    return traceId().equals(platformTraceId) ? platformParent : null;
  }

  /** The invocation span's parent: the inferred span of its trigger, else the caller's span. */
  String parentSpanId() {
    return inferredSpanId != null ? inferredSpanId : upstreamParent();
  }
}
