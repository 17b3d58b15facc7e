package dev.farol.extension;

import dev.farol.tracer.Json;
import java.security.SecureRandom;
import java.time.Instant;

/**
 * The OTLP/JSON fragments the extension builds by hand (spans, attributes, times, ids): strings appended
 * together, no object tree, since they are made for every invocation in someone else's sandbox.
 */
final class Otlp {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Otlp() {}

  static String span(String traceId, String spanId, String parent, String name, int kind, Instant start,
      Instant end, String attributes, boolean error, String message) {
    return "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\""
        + (parent == null ? "" : ",\"parentSpanId\":\"" + parent + "\"")
        + ",\"name\":" + Json.quote(name) + ",\"kind\":" + kind
        + ",\"startTimeUnixNano\":\"" + nanos(start) + "\",\"endTimeUnixNano\":\"" + nanos(end) + "\""
        + ",\"attributes\":[" + attributes + "]"
        + ",\"status\":{\"code\":" + (error ? 2 : 0) + (message == null ? "" : ",\"message\":" + Json.quote(message))
        + "}}";
  }

  static String attr(String key, String value) {
    return "{\"key\":" + Json.quote(key) + ",\"value\":{\"stringValue\":" + Json.quote(value) + "}}";
  }

  static String attrInt(String key, long value) {
    return "{\"key\":" + Json.quote(key) + ",\"value\":{\"intValue\":\"" + value + "\"}}";
  }

  static String attrBool(String key, boolean value) {
    return "{\"key\":" + Json.quote(key) + ",\"value\":{\"boolValue\":" + value + "}}";
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static Instant time(String iso) {
    try {
      return iso == null ? Instant.now() : Instant.parse(iso);
    } catch (RuntimeException e) {
      return Instant.now();
    }
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    StringBuilder s = new StringBuilder(bytes * 2);
    for (byte x : b) {
      s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    }
    return s.toString();
  }

  static String hex16(long v) {
    String h = Long.toHexString(v);
    return "0000000000000000".substring(h.length()) + h;
  }
}
