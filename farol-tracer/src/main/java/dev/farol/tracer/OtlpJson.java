package dev.farol.tracer;

import java.util.List;
import java.util.Map;

/** OTLP/JSON ({@code ExportTraceServiceRequest}): hex ids, integer enums, nanosecond times as strings. */
final class OtlpJson {
  private OtlpJson() {}

  /** The request's opening up to the first span: the resource and the scope, the same for every export. */
  static String head(Map<String, Object> resource) {
    StringBuilder b = new StringBuilder(512);
    b.append("{\"resourceSpans\":[{\"resource\":{\"attributes\":");
    attributes(b, resource);
    return b.append("},\"scopeSpans\":[{\"scope\":{\"name\":\"farol-tracer\",\"version\":\"").append(Tracer.VERSION)
        .append("\"},\"spans\":[").toString();
  }

  static String traces(Map<String, Object> resource, List<Span> spans) {
    return traces(head(resource), spans);
  }

  static String traces(String head, List<Span> spans) {
    StringBuilder b = new StringBuilder(head.length() + 64 + spans.size() * 1200);
    b.append(head);
    for (int i = 0; i < spans.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      span(b, spans.get(i));
    }
    return b.append("]}]}]}").toString();
  }

  private static void span(StringBuilder b, Span s) {
    b.append("{\"traceId\":\"").append(s.traceId()).append("\",\"spanId\":\"").append(s.spanId()).append('"');
    if (s.parentSpanId() != null) {
      b.append(",\"parentSpanId\":\"").append(s.parentSpanId()).append('"');
    }
    Json.quote(b.append(",\"name\":"), s.name()).append(",\"kind\":").append(s.kind().otlp)
        .append(",\"startTimeUnixNano\":\"").append(s.startEpochNanos()).append("\",\"endTimeUnixNano\":\"")
        .append(s.endEpochNanos()).append("\",\"attributes\":");
    attributes(b, s.attributesView());
    List<Span.Event> events = s.eventsView();
    if (!events.isEmpty()) {
      b.append(",\"events\":[");
      for (int i = 0; i < events.size(); i++) {
        Span.Event e = events.get(i);
        Json.quote(b.append(i > 0 ? "," : "").append("{\"timeUnixNano\":\"").append(e.timeNanos).append("\",\"name\":"),
            e.name).append(",\"attributes\":");
        attributes(b, e.attributes);
        b.append('}');
      }
      b.append(']');
    }
    List<Span.Link> links = s.linksView();
    if (!links.isEmpty()) {
      b.append(",\"links\":[");
      for (int i = 0; i < links.size(); i++) {
        Span.Link l = links.get(i);
        b.append(i > 0 ? "," : "").append("{\"traceId\":\"").append(l.traceId).append("\",\"spanId\":\"")
            .append(l.spanId).append("\",\"attributes\":");
        attributes(b, l.attributes);
        b.append('}');
      }
      b.append(']');
    }
    b.append(",\"status\":{\"code\":").append(s.status());
    if (s.statusMessage() != null) {
      Json.quote(b.append(",\"message\":"), s.statusMessage());
    }
    b.append("}}");
  }

  static void attributes(StringBuilder b, Map<String, ?> attrs) {
    b.append('[');
    boolean first = true;
    for (Map.Entry<String, ?> a : attrs.entrySet()) {
      Object v = a.getValue();
      if (v == null) {
        continue;
      }
      Json.quote(b.append(first ? "" : ",").append("{\"key\":"), a.getKey()).append(",\"value\":{");
      first = false;
      if (v instanceof Boolean) {
        b.append("\"boolValue\":").append(v);
      } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
        b.append("\"intValue\":\"").append(v).append('"');
      } else if (v instanceof Double || v instanceof Float) {
        double d = ((Number) v).doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          b.append("\"stringValue\":\"").append(d).append('"');
        } else {
          b.append("\"doubleValue\":").append(d);
        }
      } else {
        Json.quote(b.append("\"stringValue\":"), String.valueOf(v));
      }
      b.append("}}");
    }
    b.append(']');
  }
}
