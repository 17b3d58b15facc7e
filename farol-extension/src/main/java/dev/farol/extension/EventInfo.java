package dev.farol.extension;

import java.util.ArrayList;
import java.util.List;

/**
 * What the Runtime API proxy (or a Datadog tracer's start-invocation) saw of an invocation's event:
 * its trigger as {@link dev.farol.tracer.events.EventSources} reads it — the caller's context from every
 * carrier producers use (HTTP headers, authorizer context, SQS/SNS attributes, EventBridge detail,
 * Kinesis data, client context), the inferred spans at the event's own times, a link per record.
 */
final class EventInfo {
  String traceId;
  String parentSpanId;
  dev.farol.tracer.events.Trigger trigger;
  /** The inferred spans' ids, outermost first. */
  final List<String> spanIds = new ArrayList<>();
  int statusCode;
}
