package dev.farol.extension;

import static dev.farol.extension.Otlp.attr;
import static dev.farol.extension.Otlp.attrBool;
import static dev.farol.extension.Otlp.attrInt;
import static dev.farol.extension.Otlp.nanos;

import dev.farol.findings.Finding;
import dev.farol.findings.FindingAttributes;
import dev.farol.findings.FindingRecord;
import dev.farol.findings.Hop;
import dev.farol.tracer.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An invocation's diagnostics as OTLP/JSON log records ({@link FindingAttributes}): one
 * {@code farol.invocation.hops} record with the status of each hop the extension tells and what it counted,
 * and one {@code farol.finding} record per finding. Both carry the invocation's request id, trace and span, and
 * the event name both as OTLP's {@code eventName} field and as the {@code event.name} attribute (receivers
 * older than OTLP 1.5 know only the attribute).
 *
 * <p>A hops record, for example: body {@code handler-loaded=passed wrapper-ran=failed …}, attributes
 * {@code event.name=farol.invocation.hops}, {@code faas.invocation_id}, {@code faas.name},
 * {@code faas.coldstart=true}, {@code farol.hop.handler-loaded=passed} … {@code farol.hop.logs-correlated=passed},
 * {@code farol.invocation.spans=2}, {@code farol.invocation.tracer_spans=0}, {@code farol.invocation.log_lines=1}.
 */
final class DiagnosticRecords {
  private static final int INFO = 9;

  private DiagnosticRecords() {}

  /** The hops record, and a record per finding, appended to {@code out}. */
  static void render(Invocation inv, InvocationHops hops, String function, List<String> out) {
    Instant time = inv.end != null ? inv.end : Instant.now();
    StringBuilder body = new StringBuilder(160);
    StringBuilder attrs = new StringBuilder(640).append(common(FindingAttributes.HOPS_EVENT, inv, function))
        .append(',').append(attrBool(FindingAttributes.COLD_START, inv.cold));
    for (Map.Entry<Hop, Hop.Status> h : hops.statuses().entrySet()) {
      body.append(body.length() == 0 ? "" : " ").append(h.getKey().key()).append('=').append(h.getValue().label());
      attrs.append(',').append(attr(FindingAttributes.HOP_PREFIX + h.getKey().key(), h.getValue().label()));
    }
    attrs.append(',').append(attrInt(FindingAttributes.SPANS, inv.ownSpans + Math.max(0, inv.tracerSpans)))
        .append(',').append(attrInt(FindingAttributes.TRACER_SPANS, Math.max(0, inv.tracerSpans)))
        .append(',').append(attrInt(FindingAttributes.LOG_LINES, inv.logLines));
    out.add(record(time, FindingAttributes.HOPS_EVENT, INFO, body.toString(), inv, attrs));
    for (Finding f : hops.findings()) {
      StringBuilder a = new StringBuilder(1024).append(common(FindingAttributes.FINDING_EVENT, inv, function));
      for (Map.Entry<String, String> e : FindingRecord.attributes(f).entrySet()) {
        a.append(',').append(attr(e.getKey(), e.getValue()));
      }
      out.add(record(time, FindingAttributes.FINDING_EVENT, severityNumber(f), f.message(), inv, a));
    }
  }

  private static String common(String event, Invocation inv, String function) {
    return attr(FindingAttributes.EVENT_NAME, event) + "," + attr(FindingAttributes.INVOCATION_ID, inv.requestId)
        + "," + attr(FindingAttributes.FUNCTION, function);
  }

  /** OTLP's severity numbers for a finding's severity: ERROR, WARN, INFO. */
  private static int severityNumber(Finding f) {
    switch (f.severity()) {
      case ERROR:
        return 17;
      case WARNING:
        return 13;
      default:
        return INFO;
    }
  }

  private static String record(Instant time, String event, int severity, String body, Invocation inv,
      StringBuilder attrs) {
    long t = nanos(time);
    return "{\"timeUnixNano\":\"" + t + "\",\"observedTimeUnixNano\":\"" + t + "\",\"eventName\":\"" + event
        + "\",\"severityNumber\":" + severity
        + ",\"body\":{\"stringValue\":" + Json.quote(body) + "},\"traceId\":\"" + inv.traceId() + "\",\"spanId\":\""
        + inv.spanId + "\",\"attributes\":[" + attrs + "]}";
  }
}
