package dev.farol.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.findings.Finding;
import dev.farol.findings.FindingAttributes;
import dev.farol.findings.FindingJson;
import dev.farol.findings.FindingRecord;
import dev.farol.findings.Hop;
import dev.farol.server.store.DiagnosticRow;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the diagnostics records of Farol's extension out of an OTLP logs request ({@link FindingAttributes}): a
 * log record whose event name (OTLP's {@code event_name} field, or the {@code event.name} attribute) is
 * {@code farol.invocation.hops} or {@code farol.finding} becomes a {@link DiagnosticRow}, not a log line. One that
 * cannot be read is an {@link IllegalArgumentException} naming what is wrong; ingest leaves it out and counts it,
 * and stores the rest of the request.
 */
final class DiagnosticsDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DiagnosticsDecoder() {}

  /** The record's event name when it is one of the extension's diagnostics, else {@code null}. */
  static String event(LogRecord r, List<KeyValue> attributes) {
    String name = !r.getEventName().isEmpty() ? r.getEventName()
        : AttributeJson.text(attributes, FindingAttributes.EVENT_NAME);
    return FindingAttributes.HOPS_EVENT.equals(name) || FindingAttributes.FINDING_EVENT.equals(name) ? name : null;
  }

  /**
   * The diagnostics row of a record {@link #event} recognised.
   *
   * @param resourceFunction the resource's {@code faas.name}, for a record without one of its own
   */
  static DiagnosticRow decode(String event, LogRecord r, List<KeyValue> attributes, String resourceFunction) {
    Map<String, String> a = texts(attributes);
    String requestId = a.get(FindingAttributes.INVOCATION_ID);
    if (requestId == null || requestId.isBlank()) {
      throw new IllegalArgumentException("a " + event + " record needs " + FindingAttributes.INVOCATION_ID
          + " (the invocation it belongs to)");
    }
    String function = a.getOrDefault(FindingAttributes.FUNCTION, resourceFunction);
    long time = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
    byte[] traceId = r.getTraceId().size() == 16 ? r.getTraceId().toByteArray() : null;
    if (event.equals(FindingAttributes.FINDING_EVENT)) {
      String body = r.getBody().getValueCase() == AnyValue.ValueCase.STRING_VALUE ? r.getBody().getStringValue() : null;
      Finding f = FindingRecord.finding(a, body, function);
      return new DiagnosticRow(time, function, requestId, traceId, event, f.code().id(), FindingJson.of(f));
    }
    Map<Hop, Hop.Status> hops = FindingRecord.hops(a);
    if (hops.isEmpty()) {
      throw new IllegalArgumentException("a " + event + " record names no hop (" + FindingAttributes.HOP_PREFIX
          + "<hop> attributes)");
    }
    ObjectNode json = JSON.createObjectNode();
    ObjectNode h = json.putObject("hops");
    hops.forEach((hop, status) -> h.put(hop.key(), status.label()));
    ObjectNode counts = json.putObject("counts");
    count(a, FindingAttributes.SPANS, "spans", counts);
    count(a, FindingAttributes.TRACER_SPANS, "tracerSpans", counts);
    count(a, FindingAttributes.LOG_LINES, "logLines", counts);
    String cold = a.get(FindingAttributes.COLD_START);
    if (cold != null) {
      if (!cold.equals("true") && !cold.equals("false")) {
        throw new IllegalArgumentException(FindingAttributes.COLD_START + " must be true or false, got '" + cold + "'");
      }
      json.put("coldStart", Boolean.parseBoolean(cold));
    }
    return new DiagnosticRow(time, function, requestId, traceId, event, "", json.toString());
  }

  private static void count(Map<String, String> a, String key, String field, ObjectNode counts) {
    String v = a.get(key);
    if (v == null) {
      return;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= 0) {
        counts.put(field, n);
        return;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(key + " must be a count (0 or more), got '" + v + "'");
  }

  /** Each attribute as text: strings as they are, numbers and booleans as written in JSON. */
  private static Map<String, String> texts(List<KeyValue> attributes) {
    Map<String, String> out = new LinkedHashMap<>();
    for (KeyValue kv : attributes) {
      AnyValue v = kv.getValue();
      String text = switch (v.getValueCase()) {
        case STRING_VALUE -> v.getStringValue();
        case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
        case INT_VALUE -> Long.toString(v.getIntValue());
        case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
        default -> {
          StringBuilder b = new StringBuilder();
          AttributeJson.value(b, v);
          yield b.toString();
        }
      };
      out.put(kv.getKey(), text);
    }
    return out;
  }
}
