package dev.farol.tracer.events;

import dev.farol.tracer.Json;
import dev.farol.tracer.Propagation;
import dev.farol.tracer.TraceContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads trace context out of the places producers put it in events: header maps, Datadog's
 * {@code _datadog} map (as an object, a JSON string or base64 JSON), and SQS/SNS message attributes.
 * Anything unreadable is no context; nothing here throws.
 */
final class Carriers {
  static final String DATADOG = "_datadog";

  private Carriers() {}

  /** The context in a header-like map whose string values are header values (other values are ignored). */
  static Optional<TraceContext> headers(Map<String, Object> map) {
    if (map.isEmpty()) {
      return Optional.empty();
    }
    return Propagation.extract(strings(map));
  }

  static Map<String, String> strings(Map<String, Object> map) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, Object> e : map.entrySet()) {
      Object v = e.getValue();
      if (v instanceof String) {
        out.put(e.getKey(), (String) v);
      } else if (v instanceof Double && (Double) v == Math.rint((Double) v) && Math.abs((Double) v) < 1e15) {
        out.put(e.getKey(), Long.toString(((Double) v).longValue())); // a producer that wrote an id as a number
      }
    }
    return out;
  }

  /**
   * An HTTP event's request headers: {@code multiValueHeaders} (first value; {@code tracestate} values
   * joined, as W3C allows several headers) overlaid with {@code headers}.
   */
  static Map<String, String> httpHeaders(Map<String, Object> event) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, Object> e : Fields.obj(event, "multiValueHeaders").entrySet()) {
      List<Object> values = Json.array(e.getValue());
      StringBuilder joined = new StringBuilder();
      for (Object v : values) {
        if (v instanceof String) {
          if (joined.length() > 0) {
            if (!e.getKey().equalsIgnoreCase("tracestate")) {
              break;
            }
            joined.append(',');
          }
          joined.append((String) v);
        }
      }
      if (joined.length() > 0) {
        out.put(e.getKey(), joined.toString());
      }
    }
    out.putAll(strings(Fields.obj(event, "headers")));
    return out;
  }

  /** A header value, whatever the case of its name, or {@code null}. */
  static String header(Map<String, String> headers, String name) {
    String v = headers.get(name);
    if (v != null) {
      return v;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * The context in a {@code _datadog} value in any form producers use: an object, a JSON string, base64
   * JSON. It holds trace headers, or a Step Functions context object when a state machine sent the
   * message (then the context is derived from it as {@link InvokeEvents#stepFunctions} does).
   */
  static Optional<TraceContext> datadog(Object value) {
    Map<String, Object> carrier = decodeObject(value);
    if (InvokeEvents.stepFunctionsContext(carrier) != null) {
      return InvokeEvents.stepFunctionsParent(carrier);
    }
    return headers(carrier);
  }

  /** An object, a JSON object string or base64 of one, as a map; empty when it is none of these. */
  static Map<String, Object> decodeObject(Object value) {
    if (value instanceof Map) {
      return Json.object(value);
    }
    String s = Json.string(value);
    if (s == null) {
      return Map.of();
    }
    s = s.trim();
    if (!s.startsWith("{")) {
      s = base64(s);
      if (s == null || !s.trim().startsWith("{")) {
        return Map.of();
      }
    }
    try {
      return Json.object(Json.parse(s));
    } catch (RuntimeException e) {
      return Map.of(); // not JSON: no context
    }
  }

  /** Base64 (standard, URL-safe or MIME) decoded as UTF-8, or {@code null}. */
  static String base64(String s) {
    try {
      byte[] bytes = s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(s)
          : Base64.getMimeDecoder().decode(s);
      return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * SQS ({@code {"stringValue"|"binaryValue", "dataType"}}) or SNS ({@code {"Type", "Value"}}) message
   * attributes: {@code _datadog} first, then the other string attributes as headers
   * ({@code traceparent}, {@code x-datadog-*}, {@code b3}, {@code X-Amzn-Trace-Id}...).
   */
  static Optional<TraceContext> messageAttributes(Map<String, Object> attributes) {
    if (attributes.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> dd = Json.object(attributes.get(DATADOG));
    if (!dd.isEmpty()) {
      String text = attributeText(dd);
      Optional<TraceContext> c = datadog(text);
      if (c.isPresent()) {
        return c;
      }
    }
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      Map<String, Object> a = Json.object(e.getValue());
      String type = Json.string(a.containsKey("dataType") ? a.get("dataType") : a.get("Type"));
      String value = Json.string(a.containsKey("stringValue") ? a.get("stringValue") : a.get("Value"));
      if (value != null && !e.getKey().equals(DATADOG)
          && (type == null || type.toLowerCase(Locale.ROOT).startsWith("string"))) {
        headers.put(e.getKey(), value);
      }
    }
    return headers.isEmpty() ? Optional.empty() : Propagation.extract(headers);
  }

  /** The text of an SQS or SNS attribute, base64 for Binary ones (decoded later by {@link #decodeObject}). */
  private static String attributeText(Map<String, Object> attribute) {
    String v = Json.string(attribute.get("stringValue"));
    if (v == null) {
      v = Json.string(attribute.get("binaryValue"));
    }
    if (v == null) {
      v = Json.string(attribute.get("Value"));
    }
    return v;
  }

  /** The first present context. */
  @SafeVarargs
  static Optional<TraceContext> first(Optional<TraceContext>... candidates) {
    for (Optional<TraceContext> c : candidates) {
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }
}
