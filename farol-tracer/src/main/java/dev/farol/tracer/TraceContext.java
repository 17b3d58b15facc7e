package dev.farol.tracer;

import java.util.Objects;

/**
 * An upstream trace context: 128-bit trace id, the parent span id, and the upstream sampling decision
 * ({@code null} when the carrier did not say). Ids are kept as lowercase hex.
 *
 * @param traceId 32 hex digits, not all zero
 * @param spanId 16 hex digits, not all zero (the parent of the spans made under this context)
 * @param sampled the upstream decision, or {@code null}
 * @param format which carrier format it came from ({@code w3c}, {@code datadog}, {@code b3}, {@code xray})
 * @param traceState W3C tracestate to pass on, or {@code null}
 */
public final class TraceContext {
  private final String traceId;
  private final String spanId;
  private final Boolean sampled;
  private final String format;
  private final String traceState;

  public TraceContext(String traceId, String spanId, Boolean sampled, String format, String traceState) {
    if (!isHex(traceId, 32) || isZero(traceId)) {
      throw new IllegalArgumentException("trace id must be 32 hex digits, not all zero: " + traceId);
    }
    if (!isHex(spanId, 16) || isZero(spanId)) {
      throw new IllegalArgumentException("span id must be 16 hex digits, not all zero: " + spanId);
    }
    this.traceId = traceId.toLowerCase(java.util.Locale.ROOT);
    this.spanId = spanId.toLowerCase(java.util.Locale.ROOT);
    this.sampled = sampled;
    this.format = Objects.requireNonNull(format, "format");
    this.traceState = traceState;
  }

  public String traceId() {
    return traceId;
  }

  public String spanId() {
    return spanId;
  }

  public Boolean sampled() {
    return sampled;
  }

  public String format() {
    return format;
  }

  public String traceState() {
    return traceState;
  }

  /** The lower 64 bits of the trace id, as Datadog shows trace ids (unsigned decimal). */
  public String traceIdLow64Decimal() {
    return Long.toUnsignedString(Long.parseUnsignedLong(traceId.substring(16), 16));
  }

  public String spanIdDecimal() {
    return Long.toUnsignedString(Long.parseUnsignedLong(spanId, 16));
  }

  static boolean isHex(String s, int length) {
    if (s == null || s.length() != length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }

  static boolean isZero(String hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (hex.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TraceContext)) {
      return false;
    }
    TraceContext c = (TraceContext) o;
    return traceId.equals(c.traceId) && spanId.equals(c.spanId) && Objects.equals(sampled, c.sampled)
        && format.equals(c.format) && Objects.equals(traceState, c.traceState);
  }

  @Override
  public int hashCode() {
    return Objects.hash(traceId, spanId, sampled, format, traceState);
  }

  @Override
  public String toString() {
    return format + " trace " + traceId + " span " + spanId + (sampled == null ? "" : sampled ? " sampled" : " dropped");
  }
}
