package dev.farol.tracer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Trace-context carriers: W3C {@code traceparent}/{@code tracestate}, Datadog {@code x-datadog-*}
 * (128-bit through {@code _dd.p.tid} in {@code x-datadog-tags}), B3 (single {@code b3} header and
 * multi {@code X-B3-*}), and AWS X-Ray ({@code X-Amzn-Trace-Id}, {@code AWSTraceHeader},
 * {@code _X_AMZN_TRACE_ID}). Header names are matched without regard to case; malformed values are
 * ignored, never thrown.
 *
 * <p>Extraction order when a carrier holds several: W3C, Datadog, B3, X-Ray — the first valid one
 * wins. X-Ray's {@code Sampled=0} is reported as it is; what to do with it is the caller's rule.
 */
public final class Propagation {
  private Propagation() {}

  /** The first valid context in the carrier, in the documented order. */
  public static Optional<TraceContext> extract(Map<String, String> carrier) {
    Map<String, String> h = caseInsensitive(carrier);
    Optional<TraceContext> c = w3c(h);
    if (c.isEmpty()) {
      c = datadog(h);
    }
    if (c.isEmpty()) {
      c = b3(h);
    }
    if (c.isEmpty()) {
      String xray = h.get("x-amzn-trace-id");
      if (xray == null) {
        xray = h.get("awstraceheader");
      }
      c = xray(xray);
    }
    return c;
  }

  static Map<String, String> caseInsensitive(Map<String, String> carrier) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> e : carrier.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        h.put(e.getKey(), e.getValue());
      }
    }
    return h;
  }

  // ---------------------------------------------------------------- W3C

  /** {@code traceparent: 00-<32 hex>-<16 hex>-<2 hex flags>}. */
  public static Optional<TraceContext> w3c(Map<String, String> headers) {
    Map<String, String> h = caseInsensitive(headers);
    String tp = h.get("traceparent");
    if (tp == null) {
      return Optional.empty();
    }
    String[] p = tp.trim().split("-");
    if (p.length < 4 || !TraceContext.isHex(p[0], 2) || p[0].equalsIgnoreCase("ff") || !TraceContext.isHex(p[3], 2)
        || p[0].equals("00") && p.length != 4) {
      return Optional.empty();
    }
    return context(p[1], p[2], (Integer.parseInt(p[3], 16) & 1) == 1, "w3c", h.get("tracestate"));
  }

  public static String traceparent(TraceContext c, String spanId) {
    return "00-" + c.traceId() + "-" + spanId + "-" + (Boolean.FALSE.equals(c.sampled()) ? "00" : "01");
  }

  // ---------------------------------------------------------------- Datadog

  /** {@code x-datadog-trace-id} and {@code x-datadog-parent-id} (unsigned decimal), 128-bit via {@code _dd.p.tid}. */
  public static Optional<TraceContext> datadog(Map<String, String> headers) {
    Map<String, String> h = caseInsensitive(headers);
    String trace = h.get("x-datadog-trace-id");
    String parent = h.get("x-datadog-parent-id");
    if (trace == null || parent == null) {
      return Optional.empty();
    }
    long low;
    long span;
    try {
      low = Long.parseUnsignedLong(trace.trim());
      span = Long.parseUnsignedLong(parent.trim());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String high = "0000000000000000";
    String tags = h.get("x-datadog-tags");
    if (tags != null) {
      for (String tag : tags.split(",")) {
        String t = tag.trim();
        if (t.startsWith("_dd.p.tid=") && TraceContext.isHex(t.substring(10), 16)) {
          high = t.substring(10).toLowerCase(Locale.ROOT);
        }
      }
    }
    Boolean sampled = null;
    String priority = h.get("x-datadog-sampling-priority");
    if (priority != null) {
      try {
        sampled = Integer.parseInt(priority.trim()) > 0;
      } catch (NumberFormatException e) {
        // no decision
      }
    }
    return context(high + hex16(low), hex16(span), sampled, "datadog", null);
  }

  /** The Datadog headers for a context whose current span is {@code spanId}. */
  public static Map<String, String> datadogHeaders(TraceContext c, String spanId) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("x-datadog-trace-id", Long.toUnsignedString(Long.parseUnsignedLong(c.traceId().substring(16), 16)));
    out.put("x-datadog-parent-id", Long.toUnsignedString(Long.parseUnsignedLong(spanId, 16)));
    out.put("x-datadog-sampling-priority", Boolean.FALSE.equals(c.sampled()) ? "0" : "1");
    if (!c.traceId().startsWith("0000000000000000")) {
      out.put("x-datadog-tags", "_dd.p.tid=" + c.traceId().substring(0, 16));
    }
    return out;
  }

  // ---------------------------------------------------------------- B3

  /** {@code b3: <trace>-<span>[-<sampled>[-<parent>]]}, else {@code X-B3-TraceId} / {@code X-B3-SpanId} / {@code X-B3-Sampled}. */
  public static Optional<TraceContext> b3(Map<String, String> headers) {
    Map<String, String> h = caseInsensitive(headers);
    String single = h.get("b3");
    String trace;
    String span;
    String sampled;
    if (single != null) {
      String[] p = single.trim().split("-");
      if (p.length < 2) {
        return Optional.empty();
      }
      trace = p[0];
      span = p[1];
      sampled = p.length > 2 ? p[2] : null;
    } else {
      trace = h.get("x-b3-traceid");
      span = h.get("x-b3-spanid");
      sampled = h.get("x-b3-sampled");
      if ("1".equals(h.get("x-b3-flags"))) {
        sampled = "1";
      }
    }
    if (trace == null || span == null) {
      return Optional.empty();
    }
    trace = trace.trim();
    if (trace.length() == 16) {
      trace = "0000000000000000" + trace;
    }
    Boolean decision = sampled == null ? null
        : sampled.equals("1") || sampled.equalsIgnoreCase("d") || sampled.equalsIgnoreCase("true") ? Boolean.TRUE
        : sampled.equals("0") || sampled.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    return context(trace, span.trim(), decision, "b3", null);
  }

  // ---------------------------------------------------------------- X-Ray

  /** {@code Root=1-<8 hex>-<24 hex>;Parent=<16 hex>;Sampled=<0|1>} (fields in any order). */
  public static Optional<TraceContext> xray(String header) {
    if (header == null) {
      return Optional.empty();
    }
    String root = null;
    String parent = null;
    Boolean sampled = null;
    for (String part : header.split(";")) {
      String p = part.trim();
      int eq = p.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String k = p.substring(0, eq).trim();
      String v = p.substring(eq + 1).trim();
      if (k.equalsIgnoreCase("Root")) {
        String[] r = v.split("-");
        if (r.length == 3 && r[0].equals("1") && TraceContext.isHex(r[1], 8) && TraceContext.isHex(r[2], 24)) {
          root = r[1] + r[2];
        }
      } else if (k.equalsIgnoreCase("Parent")) {
        parent = v;
      } else if (k.equalsIgnoreCase("Sampled")) {
        sampled = v.equals("1") ? Boolean.TRUE : v.equals("0") ? Boolean.FALSE : null;
      }
    }
    if (root == null || parent == null) {
      return Optional.empty();
    }
    return context(root, parent, sampled, "xray", null);
  }

  public static String xrayHeader(TraceContext c, String spanId) {
    return "Root=1-" + c.traceId().substring(0, 8) + "-" + c.traceId().substring(8) + ";Parent=" + spanId
        + ";Sampled=" + (Boolean.FALSE.equals(c.sampled()) ? "0" : "1");
  }

  // ---------------------------------------------------------------- helpers

  private static Optional<TraceContext> context(String trace, String span, Boolean sampled, String format,
      String state) {
    if (!TraceContext.isHex(trace, 32) || TraceContext.isZero(trace) || !TraceContext.isHex(span, 16)
        || TraceContext.isZero(span)) {
      return Optional.empty();
    }
    return Optional.of(new TraceContext(trace, span, sampled, format, state));
  }

  static String hex16(long v) {
    String s = Long.toHexString(v);
    return "0000000000000000".substring(s.length()) + s;
  }
}
