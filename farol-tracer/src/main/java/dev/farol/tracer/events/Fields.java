package dev.farol.tracer.events;

import dev.farol.tracer.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Lenient reads of event fields: a missing or mistyped field is {@code null} (or 0), never an exception. */
final class Fields {
  private Fields() {}

  /** The object at {@code path} under {@code root}, or an empty map. */
  static Map<String, Object> obj(Object root, String... path) {
    return Json.object(at(root, path));
  }

  /** The string at {@code path}, or {@code null}; numbers and booleans are not strings. */
  static String str(Object root, String... path) {
    return Json.string(at(root, path));
  }

  static Object at(Object root, String... path) {
    Object o = root;
    for (String key : path) {
      if (!(o instanceof Map)) {
        return null;
      }
      o = ((Map<?, ?>) o).get(key);
    }
    return o;
  }

  /** A number or a numeric string, or {@code NaN}. */
  static double number(Object o) {
    if (o instanceof Double) {
      return (Double) o;
    }
    if (o instanceof String) {
      try {
        return Double.parseDouble(((String) o).trim());
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  /** Milliseconds since the epoch (a number or a numeric string, as SQS sends it) in nanoseconds; 0 when absent. */
  static long millisToNanos(Object millis) {
    double ms = number(millis);
    return Double.isNaN(ms) || ms <= 0 ? 0 : Math.round(ms) * 1_000_000L;
  }

  /** Seconds since the epoch, possibly fractional (Kinesis, DynamoDB), in nanoseconds to the millisecond; 0 when absent. */
  static long secondsToNanos(Object seconds) {
    double s = number(seconds);
    return Double.isNaN(s) || s <= 0 ? 0 : Math.round(s * 1000) * 1_000_000L;
  }

  /** An ISO-8601 instant ({@code 2022-01-31T14:13:41.637Z}) in nanoseconds since the epoch; 0 when absent or unreadable. */
  static long isoToNanos(Object iso) {
    String s = Json.string(iso);
    if (s == null) {
      return 0;
    }
    try {
      Instant t = Instant.parse(s.trim());
      return Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L) + t.getNano();
    } catch (DateTimeParseException | ArithmeticException e) {
      return 0;
    }
  }

  /** Field {@code index} (0-based) of a colon-separated ARN, or {@code null}: 3 is the region, 4 the account. */
  static String arnPart(String arn, int index) {
    if (arn == null || !arn.startsWith("arn:")) {
      return null;
    }
    String[] p = arn.split(":", 6);
    return p.length > index && !p[index].isEmpty() ? p[index] : null;
  }

  /** What follows the last {@code ':'} of an ARN (a queue or topic name), or {@code null}. */
  static String arnName(String arn) {
    if (arn == null) {
      return null;
    }
    int i = arn.lastIndexOf(':');
    return i < 0 || i == arn.length() - 1 ? null : arn.substring(i + 1);
  }

  /** The region of an {@code <id>.execute-api.<region>.amazonaws.com} or {@code .lambda-url.} host, or {@code null}. */
  static String regionOfHost(String host) {
    if (host == null) {
      return null;
    }
    String[] p = host.split("\\.");
    for (int i = 1; i + 2 < p.length; i++) {
      if ((p[i].equals("execute-api") || p[i].equals("lambda-url")) && p[i + 2].equals("amazonaws")) {
        return p[i + 1];
      }
    }
    return null;
  }
}
