package dev.farol.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.farol.server.store.Batch;
import dev.farol.server.store.DiagnosticRow;
import dev.farol.server.store.LogRow;
import dev.farol.server.store.MetricRow;
import dev.farol.server.store.SpanRow;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Turns OTLP export requests, protobuf or OTLP's JSON mapping (hex ids, integer or named enums), into
 * rows. A malformed request is a {@link MalformedException} whose message names the problem.
 */
final class OtlpDecoder {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");

  /** The request cannot be read; the message says why (it is sent back to the client). */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  enum Signal { TRACES, LOGS, METRICS }

  /**
   * A readable request: what can be stored, and what cannot (OTLP's partial success).
   *
   * @param rejected items of the request left out (spans, log records or data points)
   * @param rejectedMessage why, naming the first rejected item; empty when none was
   * @param rejectedDiagnostics of the rejected log records, the extension's diagnostics records among them
   */
  record Decoded(Batch batch, int rejected, String rejectedMessage, int rejectedDiagnostics) {
    Decoded(Batch batch, int rejected, String rejectedMessage) {
      this(batch, rejected, rejectedMessage, 0);
    }
  }

  /** Collects the items of a request that cannot be stored, and why the first one cannot. */
  private static final class Rejections {
    int count;
    int diagnostics;
    String first;

    void add(String why) {
      if (count++ == 0) {
        first = why;
      }
    }

    String message(String items, int total) {
      if (count == 0) {
        return "";
      }
      return "rejected " + count + " of " + total + " " + items + ": " + first
          + (count > 1 ? " (and " + (count - 1) + " more)" : "");
    }
  }

  private OtlpDecoder() {}

  static Decoded decode(Signal signal, byte[] body, boolean json) throws MalformedException {
    Rejections rejections = new Rejections();
    return switch (signal) {
      case TRACES -> {
        List<SpanRow> spans = spans(parse(ExportTraceServiceRequest.newBuilder(), body, json), rejections);
        yield new Decoded(Batch.ofSpans(spans), rejections.count, rejections.message("spans",
            spans.size() + rejections.count));
      }
      case LOGS -> {
        Batch logs = logs(parse(ExportLogsServiceRequest.newBuilder(), body, json), rejections);
        yield new Decoded(logs, rejections.count, rejections.message("log records", logs.logs().size()
            + logs.diagnostics().size() + rejections.count), rejections.diagnostics);
      }
      case METRICS -> {
        List<MetricRow> points = metrics(parse(ExportMetricsServiceRequest.newBuilder(), body, json), rejections);
        yield new Decoded(new Batch(List.of(), List.of(), points), rejections.count, rejections.message(
            "data points", points.size() + rejections.count));
      }
    };
  }

  @SuppressWarnings("unchecked")
  /** A request of the signal in OTLP's JSON mapping (hex ids), as the protobuf message it stands for. */
  static Message fromJson(Signal signal, byte[] json) throws MalformedException {
    return switch (signal) {
      case TRACES -> parse(ExportTraceServiceRequest.newBuilder(), json, true);
      case LOGS -> parse(ExportLogsServiceRequest.newBuilder(), json, true);
      case METRICS -> parse(ExportMetricsServiceRequest.newBuilder(), json, true);
    };
  }

  private static <T extends Message> T parse(Message.Builder builder, byte[] body, boolean json)
      throws MalformedException {
    try {
      if (json) {
        JsonNode tree = JSON.readTree(body);
        if (tree == null || !tree.isObject()) {
          throw new MalformedException("the body must be an OTLP JSON object");
        }
        hexIdsToBase64(tree, "$");
        JSON_PARSER.merge(JSON.writeValueAsString(tree), builder);
      } else {
        builder.mergeFrom(body);
      }
      return (T) builder.build();
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedException((json ? "not valid OTLP JSON: " : "not a valid OTLP protobuf message: ")
          + e.getMessage());
    } catch (java.io.IOException e) {
      throw new MalformedException("not valid JSON: " + e.getMessage());
    }
  }

  /** OTLP JSON writes ids as hex; protobuf's JSON mapping expects base64 for bytes. */
  private static void hexIdsToBase64(JsonNode node, String path) throws MalformedException {
    if (node instanceof ObjectNode o) {
      var it = o.fields();
      List<String> names = new ArrayList<>();
      it.forEachRemaining(e -> names.add(e.getKey()));
      for (String name : names) {
        JsonNode v = o.get(name);
        if (ID_FIELDS.contains(name) && v.isTextual()) {
          String hex = v.asText();
          if (hex.isEmpty()) {
            continue;
          }
          int want = name.equals("traceId") ? 32 : 16;
          // a wrong length is the item's problem (rejected alone, partial success); text that is not hex at
          // all makes the request unreadable
          if (hex.length() % 2 != 0 || hex.length() > 64 || !hex.matches("[0-9a-fA-F]+")) {
            throw new MalformedException(path + "." + name + " must be " + want + " hex digits, got '"
                + (hex.length() > 40 ? hex.substring(0, 40) + "…" : hex) + "'");
          }
          o.put(name, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
        } else {
          hexIdsToBase64(v, path + "." + name);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        hexIdsToBase64(a.get(i), path + "[" + i + "]");
      }
    }
  }

  // ---------------------------------------------------------------- traces

  private static List<SpanRow> spans(ExportTraceServiceRequest req, Rejections rejections) {
    List<SpanRow> out = new ArrayList<>();
    for (ResourceSpans rs : req.getResourceSpansList()) {
      List<KeyValue> resource = rs.getResource().getAttributesList();
      String service = AttributeJson.text(resource, "service.name");
      if (service == null) {
        service = "unknown_service";
      }
      String resourceFunction = AttributeJson.text(resource, "faas.name");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          String bad = idProblem(s.getTraceId(), 16, "traceId");
          if (bad == null) {
            bad = idProblem(s.getSpanId(), 8, "spanId");
          }
          if (bad == null && !s.getParentSpanId().isEmpty()) {
            bad = idProblem(s.getParentSpanId(), 8, "parentSpanId");
          }
          if (bad != null) {
            rejections.add("span '" + s.getName() + "': " + bad);
            continue;
          }
          byte[] traceId = s.getTraceId().toByteArray();
          byte[] spanId = s.getSpanId().toByteArray();
          byte[] parent = s.getParentSpanId().isEmpty() ? null : s.getParentSpanId().toByteArray();
          List<KeyValue> attrs = s.getAttributesList();
          String function = AttributeJson.text(attrs, "faas.name");
          String requestId = AttributeJson.text(attrs, "faas.invocation_id");
          if (requestId == null) {
            requestId = AttributeJson.text(attrs, "aws.lambda.request_id");
          }
          out.add(new SpanRow(traceId, spanId, parent, s.getName(), service, kind(s.getKind()),
              s.getStartTimeUnixNano(), s.getEndTimeUnixNano(), s.getStatus().getCodeValue(),
              s.getStatus().getMessage(), AttributeJson.object(attrs), events(s), links(s),
              function != null ? function : resourceFunction, requestId));
        }
      }
    }
    return out;
  }

  private static String events(Span s) {
    if (s.getEventsCount() == 0) {
      return "[]";
    }
    StringBuilder b = new StringBuilder("[");
    for (Span.Event e : s.getEventsList()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append("{\"name\":");
      AttributeJson.string(b, e.getName());
      b.append(",\"timeUnixNano\":\"").append(Long.toUnsignedString(e.getTimeUnixNano())).append("\",\"attributes\":");
      AttributeJson.object(b, e.getAttributesList());
      b.append('}');
    }
    return b.append(']').toString();
  }

  private static String links(Span s) {
    if (s.getLinksCount() == 0) {
      return "[]";
    }
    StringBuilder b = new StringBuilder("[");
    for (Span.Link l : s.getLinksList()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append("{\"traceId\":\"").append(HexFormat.of().formatHex(l.getTraceId().toByteArray()))
          .append("\",\"spanId\":\"").append(HexFormat.of().formatHex(l.getSpanId().toByteArray()))
          .append("\",\"attributes\":");
      AttributeJson.object(b, l.getAttributesList());
      b.append('}');
    }
    return b.append(']').toString();
  }

  private static String kind(Span.SpanKind k) {
    return switch (k) {
      case SPAN_KIND_SERVER -> "SERVER";
      case SPAN_KIND_CLIENT -> "CLIENT";
      case SPAN_KIND_PRODUCER -> "PRODUCER";
      case SPAN_KIND_CONSUMER -> "CONSUMER";
      default -> "INTERNAL";
    };
  }

  /** Why an id is invalid (wrong size, all zeros), or {@code null} when it is valid. */
  private static String idProblem(ByteString b, int size, String field) {
    if (b.size() != size) {
      return field + " must be " + size + " bytes, got " + b.size();
    }
    for (int i = 0; i < size; i++) {
      if (b.byteAt(i) != 0) {
        return null;
      }
    }
    return field + " is all zeros (invalid)";
  }

  // ---------------------------------------------------------------- logs

  /**
   * The log records as log lines, except the extension's diagnostics records ({@link DiagnosticsDecoder}), which
   * are not the function's lines and are kept apart.
   */
  private static Batch logs(ExportLogsServiceRequest req, Rejections rejections) {
    List<LogRow> out = new ArrayList<>();
    List<DiagnosticRow> diagnostics = new ArrayList<>();
    for (ResourceLogs rl : req.getResourceLogsList()) {
      List<KeyValue> resource = rl.getResource().getAttributesList();
      String service = orElse(AttributeJson.text(resource, "service.name"), "unknown_service");
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        for (LogRecord r : sl.getLogRecordsList()) {
          // ids are optional on a log record, but one that is there must be valid to link the record
          String bad = r.getTraceId().isEmpty() ? null : idProblem(r.getTraceId(), 16, "traceId");
          if (bad == null && !r.getSpanId().isEmpty()) {
            bad = idProblem(r.getSpanId(), 8, "spanId");
          }
          if (bad != null) {
            rejections.add("log record at " + Long.toUnsignedString(r.getTimeUnixNano()) + ": " + bad);
            continue;
          }
          List<KeyValue> attrs = r.getAttributesList();
          String event = DiagnosticsDecoder.event(r, attrs);
          if (event != null) {
            try {
              diagnostics.add(DiagnosticsDecoder.decode(event, r, attrs, AttributeJson.text(resource, "faas.name")));
            } catch (IllegalArgumentException e) {
              rejections.diagnostics++;
              rejections.add(event + " record at " + Long.toUnsignedString(r.getTimeUnixNano()) + ": "
                  + e.getMessage());
            }
            continue;
          }
          long time = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
          String severity = !r.getSeverityText().isEmpty() ? r.getSeverityText()
              : r.getSeverityNumberValue() == 0 ? null : r.getSeverityNumber().name().replace("SEVERITY_NUMBER_", "");
          out.add(new LogRow(time, severity, valueText(r.getBody()), service,
              orElse(AttributeJson.text(attrs, "faas.name"), AttributeJson.text(resource, "faas.name")),
              orElse(AttributeJson.text(attrs, "faas.invocation_id"), AttributeJson.text(attrs, "aws.lambda.request_id")),
              r.getTraceId().size() == 16 ? r.getTraceId().toByteArray() : null,
              r.getSpanId().size() == 8 ? r.getSpanId().toByteArray() : null, AttributeJson.object(attrs)));
        }
      }
    }
    return new Batch(List.of(), out, List.of(), diagnostics);
  }

  // ---------------------------------------------------------------- metrics

  private static List<MetricRow> metrics(ExportMetricsServiceRequest req, Rejections rejections) {
    List<MetricRow> out = new ArrayList<>();
    for (ResourceMetrics rm : req.getResourceMetricsList()) {
      List<KeyValue> resource = rm.getResource().getAttributesList();
      String service = orElse(AttributeJson.text(resource, "service.name"), "unknown_service");
      String resourceFunction = AttributeJson.text(resource, "faas.name");
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          List<NumberDataPoint> points = m.hasGauge() ? m.getGauge().getDataPointsList()
              : m.hasSum() ? m.getSum().getDataPointsList() : List.of();
          for (NumberDataPoint p : points) {
            if (p.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET) {
              rejections.add("data point of metric '" + m.getName() + "': no value (asDouble or asInt)");
              continue;
            }
            double v = p.hasAsDouble() ? p.getAsDouble() : p.getAsInt();
            out.add(new MetricRow(m.getName(), service, orElse(AttributeJson.text(p.getAttributesList(), "faas.name"),
                resourceFunction), p.getTimeUnixNano(), v, 1, AttributeJson.object(p.getAttributesList())));
          }
          if (m.hasHistogram()) {
            for (var p : m.getHistogram().getDataPointsList()) {
              out.add(new MetricRow(m.getName(), service, orElse(AttributeJson.text(p.getAttributesList(),
                  "faas.name"), resourceFunction), p.getTimeUnixNano(), p.getSum(), p.getCount(),
                  AttributeJson.object(p.getAttributesList())));
            }
          }
          // kinds the store has no shape for yet: said, not silently dropped
          int unstored = m.hasExponentialHistogram() ? m.getExponentialHistogram().getDataPointsCount()
              : m.hasSummary() ? m.getSummary().getDataPointsCount() : 0;
          for (int i = 0; i < unstored; i++) {
            rejections.add("metric '" + m.getName() + "': " + (m.hasSummary() ? "summary" : "exponential histogram")
                + " points are not stored (send explicit-bucket histograms, gauges or sums)");
          }
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- values

  private static String valueText(AnyValue v) {
    if (v.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
      return v.getStringValue();
    }
    if (v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    AttributeJson.value(b, v);
    return b.toString();
  }

  private static String orElse(String value, String otherwise) {
    return value != null ? value : otherwise;
  }
}
