package dev.farol.extension;

import dev.farol.tracer.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Datadog tracer in the function talks to, as it talks to Datadog's own extension: the trace
 * intake ({@code /v0.4/traces} and {@code /v0.5/traces}, MessagePack; {@code /info}, and the empty PUT
 * tracers probe with) and the invocation protocol ({@code /lambda/start-invocation},
 * {@code /lambda/end-invocation}). Spans are handed to the {@link Assembler}, which joins them to the
 * invocation span.
 */
final class DatadogIntake {
  /** The trace intake's and the invocation protocol's body limits, as Datadog's extension has them. */
  static final int MAX_TRACE_BODY = 50 * 1024 * 1024;
  static final int MAX_INVOCATION_BODY = 6 * 1024 * 1024;

  private DatadogIntake() {}

  /** One span as Datadog tracers send it. */
  static final class Span {
    long traceLow;
    long spanId;
    long parentId;
    String name = "";
    String resource = "";
    String service = "";
    String type = "";
    long start;
    long duration;
    int error;
    final Map<String, String> meta = new LinkedHashMap<>();
    final Map<String, Double> metrics = new LinkedHashMap<>();
  }

  /** Thrown for a payload that is well-formed MessagePack but not a trace payload; says what is wrong. */
  static final class BadPayloadException extends RuntimeException {
    BadPayloadException(String message) {
      super(message);
    }
  }

  /** {@code /v0.4/traces}: an array of traces, each an array of span maps. */
  static List<Span> decodeV04(byte[] body) {
    List<Span> out = new ArrayList<>();
    if (body.length == 0) {
      return out;
    }
    Object root = MsgPack.read(body);
    for (Object trace : list(root, "the payload")) {
      for (Object o : list(trace, "a trace")) {
        if (!(o instanceof Map)) {
          throw new BadPayloadException("a v0.4 span must be a map, got " + kind(o));
        }
        Map<?, ?> m = (Map<?, ?>) o;
        Span s = new Span();
        s.traceLow = number(m.get("trace_id"));
        s.spanId = number(m.get("span_id"));
        s.parentId = number(m.get("parent_id"));
        s.name = text(m.get("name"));
        s.resource = text(m.get("resource"));
        s.service = text(m.get("service"));
        s.type = text(m.get("type"));
        s.start = number(m.get("start"));
        s.duration = number(m.get("duration"));
        s.error = (int) number(m.get("error"));
        if (m.get("meta") instanceof Map) {
          ((Map<?, ?>) m.get("meta")).forEach((k, v) -> s.meta.put(text(k), text(v)));
        }
        if (m.get("metrics") instanceof Map) {
          ((Map<?, ?>) m.get("metrics")).forEach((k, v) -> s.metrics.put(text(k), real(v)));
        }
        out.add(s);
      }
    }
    return out;
  }

  /**
   * {@code /v0.5/traces}: {@code [string table, traces]}, each span a 12-element array whose strings are
   * indices into the table.
   */
  static List<Span> decodeV05(byte[] body) {
    List<Span> out = new ArrayList<>();
    if (body.length == 0) {
      return out;
    }
    List<Object> root = list(MsgPack.read(body), "the payload");
    if (root.size() != 2) {
      throw new BadPayloadException("a v0.5 payload is [string table, traces], got an array of " + root.size());
    }
    List<Object> table = list(root.get(0), "the string table");
    String[] strings = new String[table.size()];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = text(table.get(i));
    }
    for (Object trace : list(root.get(1), "the traces")) {
      for (Object o : list(trace, "a trace")) {
        List<Object> a = list(o, "a v0.5 span");
        if (a.size() != 12) {
          throw new BadPayloadException("a v0.5 span has 12 elements, got " + a.size());
        }
        Span s = new Span();
        s.service = ref(strings, a.get(0));
        s.name = ref(strings, a.get(1));
        s.resource = ref(strings, a.get(2));
        s.traceLow = number(a.get(3));
        s.spanId = number(a.get(4));
        s.parentId = number(a.get(5));
        s.start = number(a.get(6));
        s.duration = number(a.get(7));
        s.error = (int) number(a.get(8));
        if (a.get(9) instanceof Map) {
          ((Map<?, ?>) a.get(9)).forEach((k, v) -> s.meta.put(ref(strings, k), ref(strings, v)));
        }
        if (a.get(10) instanceof Map) {
          ((Map<?, ?>) a.get(10)).forEach((k, v) -> s.metrics.put(ref(strings, k), real(v)));
        }
        s.type = ref(strings, a.get(11));
        out.add(s);
      }
    }
    return out;
  }

  private static String ref(String[] strings, Object index) {
    long i = number(index);
    if (i < 0 || i >= strings.length) {
      throw new BadPayloadException("string index " + i + " is outside the table of " + strings.length);
    }
    return strings[(int) i];
  }

  private static List<Object> list(Object o, String what) {
    if (!(o instanceof List)) {
      throw new BadPayloadException(what + " must be an array, got " + kind(o));
    }
    @SuppressWarnings("unchecked")
    List<Object> l = (List<Object>) o;
    return l;
  }

  private static String kind(Object o) {
    return o == null ? "nil" : o instanceof Map ? "a map" : o instanceof List ? "an array" : o instanceof String
        ? "a string" : o instanceof Long ? "an integer" : o.getClass().getSimpleName();
  }

  private static long number(Object o) {
    if (o == null) {
      return 0;
    }
    if (o instanceof Long) {
      return (Long) o;
    }
    if (o instanceof Double) {
      return ((Double) o).longValue();
    }
    throw new BadPayloadException("expected an integer, got " + kind(o));
  }

  private static double real(Object o) {
    if (o instanceof Long) {
      return (Long) o;
    }
    if (o instanceof Double) {
      return (Double) o;
    }
    return Double.NaN;
  }

  private static String text(Object o) {
    if (o == null) {
      return "";
    }
    if (o instanceof byte[]) {
      return new String((byte[]) o, StandardCharsets.UTF_8);
    }
    return o.toString();
  }

  /** The span as an OTLP JSON span. */
  static String toOtlpJson(Span s, String traceId, String parent) {
    StringBuilder attrs = new StringBuilder();
    boolean nameless = s.resource.isEmpty() || s.resource.equals(s.name);
    append(attrs, Otlp.attr("dd.operation.name", s.name));
    if (!nameless) {
      append(attrs, Otlp.attr("dd.resource", s.resource));
    }
    if (!s.service.isEmpty()) {
      append(attrs, Otlp.attr("dd.service", s.service));
    }
    if (!s.type.isEmpty()) {
      append(attrs, Otlp.attr("dd.span.type", s.type));
    }
    for (Map.Entry<String, String> m : s.meta.entrySet()) {
      if (!m.getKey().startsWith("_dd.")) {
        append(attrs, Otlp.attr(m.getKey(), m.getValue()));
      }
    }
    for (Map.Entry<String, Double> m : s.metrics.entrySet()) {
      if (!m.getKey().startsWith("_") && !m.getValue().isNaN() && !m.getValue().isInfinite()) {
        append(attrs, "{\"key\":" + Json.quote(m.getKey()) + ",\"value\":{\"doubleValue\":" + m.getValue() + "}}");
      }
    }
    int kind;
    switch (s.meta.getOrDefault("span.kind", "")) {
      case "server":
        kind = 2;
        break;
      case "client":
        kind = 3;
        break;
      case "producer":
        kind = 4;
        break;
      case "consumer":
        kind = 5;
        break;
      default:
        kind = "web".equals(s.type) || "serverless".equals(s.type) ? 2 : 1;
    }
    String message = s.meta.getOrDefault("error.message", s.meta.get("error.msg"));
    return "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + Otlp.hex16(s.spanId) + "\""
        + (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"")
        + ",\"name\":" + Json.quote(nameless ? s.name : s.resource) + ",\"kind\":" + kind
        + ",\"startTimeUnixNano\":\"" + s.start + "\",\"endTimeUnixNano\":\"" + (s.start + Math.max(0, s.duration))
        + "\",\"attributes\":[" + attrs + "],\"status\":{\"code\":" + (s.error != 0 ? 2 : 0)
        + (s.error != 0 && message != null ? ",\"message\":" + Json.quote(message) : "") + "}}";
  }

  private static void append(StringBuilder b, String attr) {
    if (b.length() > 0) {
      b.append(',');
    }
    b.append(attr);
  }

  private static final byte[] RATES = "{\"rate_by_service\":{\"service:,env:\":1}}".getBytes(StandardCharsets.UTF_8);

  /**
   * The trace intake (8126 in an isolated environment, {@code DD_TRACE_AGENT_PORT} when Farol gave a port
   * of its own): {@code /info} lists the endpoints the way the agent does, so tracers pick v0.4 or v0.5.
   */
  static MiniHttp.Server traceServer(int port, Assembler assembler,
      java.util.concurrent.atomic.AtomicLong rejected) throws IOException {
    return new MiniHttp.Server(port, 10_000, MAX_TRACE_BODY, in -> {
      String path = in.path.contains("?") ? in.path.substring(0, in.path.indexOf('?')) : in.path;
      if (path.equals("/info") && in.method.equals("GET")) {
        return json(200, "{\"version\":\"farol\",\"endpoints\":[\"/v0.4/traces\",\"/v0.5/traces\",\"/info\"],"
            + "\"client_drop_p0s\":false,\"span_meta_structs\":false,\"long_running_spans\":false,"
            + "\"config\":{\"statsd_port\":" + FarolExtension.dogStatsDPort() + ",\"receiver_port\":" + port + "}}");
      }
      if ((path.equals("/v0.4/traces") || path.equals("/v0.5/traces"))
          && (in.method.equals("PUT") || in.method.equals("POST"))) {
        try {
          List<Span> spans = path.equals("/v0.4/traces") ? decodeV04(in.body) : decodeV05(in.body);
          if (!spans.isEmpty()) {
            assembler.datadogSpans(spans);
          }
          if (FarolExtension.debug()) {
            FarolExtension.log("debug: " + path + " took " + spans.size() + " spans");
          }
          return new MiniHttp.Response(200, Map.of("Content-Type", "application/json"), RATES);
        } catch (RuntimeException e) {
          long n = rejected.incrementAndGet();
          if (n == 1 || FarolExtension.debug()) {
            FarolExtension.log("refused a Datadog trace payload on " + path + ": " + e.getMessage()
                + " (counted; this message is logged once)");
          }
          return json(400, "{\"error\":" + Json.quote("unreadable " + path + " payload: " + e.getMessage()) + "}");
        }
      }
      return json(404, "{\"error\":" + Json.quote("Farol's extension takes /v0.4/traces, /v0.5/traces and /info here, "
          + "not " + in.method + " " + path) + "}");
    });
  }

  /** Datadog's invocation protocol on 8124 ({@code /lambda/start-invocation}, {@code /lambda/end-invocation}). */
  static MiniHttp.Server invocationServer(int port, Assembler assembler) throws IOException {
    return new MiniHttp.Server(port, 10_000, MAX_INVOCATION_BODY, in -> {
      String path = in.path.contains("?") ? in.path.substring(0, in.path.indexOf('?')) : in.path;
      String requestId = in.headers.get("lambda-runtime-aws-request-id");
      try {
        switch (path) {
          case "/lambda/start-invocation": {
            String[] ctx = assembler.startInvocation(requestId, in.body, 200);
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json");
            h.put("x-datadog-trace-id", Long.toUnsignedString(Long.parseUnsignedLong(ctx[0].substring(16), 16)));
            if (ctx[1] != null) {
              h.put("x-datadog-parent-id", Long.toUnsignedString(Long.parseUnsignedLong(ctx[1], 16)));
            }
            h.put("x-datadog-sampling-priority", "1");
            h.put("x-datadog-tags", "_dd.p.tid=" + ctx[0].substring(0, 16));
            return new MiniHttp.Response(200, h, "{}".getBytes(StandardCharsets.UTF_8));
          }
          case "/lambda/end-invocation":
            assembler.endInvocation(requestId, in.headers, in.body);
            return json(200, "{}");
          case "/lambda/hello":
          case "/lambda/flush":
            return json(200, "{}");
          default:
            return json(404, "{\"error\":" + Json.quote("Farol's extension takes /lambda/start-invocation and "
                + "/lambda/end-invocation here, not " + path) + "}");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return json(503, "{\"error\":\"the extension is stopping\"}");
      }
    });
  }

  private static MiniHttp.Response json(int status, String body) {
    return new MiniHttp.Response(status, Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** A decimal (unsigned 64-bit) id as 16 hex digits; null when absent or not a number. */
  static String decimalToHex(String decimal) {
    if (decimal == null || decimal.isBlank()) {
      return null;
    }
    try {
      return Otlp.hex16(Long.parseUnsignedLong(decimal.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The tracer may send the error headers base64-encoded (they can hold newlines). */
  static String maybeBase64(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.matches("[A-Za-z0-9+/]+={0,2}") && value.length() % 4 == 0 && value.length() >= 8) {
      try {
        String decoded = new String(java.util.Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8);
        if (decoded.chars().allMatch(c -> c == '\n' || c == '\t' || c == '\r' || c >= 0x20)) {
          return decoded;
        }
      } catch (IllegalArgumentException notBase64) {
        // taken as it is
      }
    }
    return value;
  }
}
