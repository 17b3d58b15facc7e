package dev.farol.server;

import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the query API's parameters, with messages that name the parameter. */
final class QueryParams {
  private static final Pattern RELATIVE = Pattern.compile("(\\d+)([smhd])");

  static final class BadParameter extends Exception {
    BadParameter(String message) {
      super(message, null, false, false);
    }
  }

  private QueryParams() {}

  /** {@code since}: {@code 15m}, {@code 1h}, {@code 7d}, or Unix nanoseconds; returns the Unix nanoseconds. */
  static long since(String value, long defaultAgoNanos) throws BadParameter {
    long now = System.currentTimeMillis() * 1_000_000L;
    if (value == null || value.isEmpty()) {
      return now - defaultAgoNanos;
    }
    return instant("since", value, now);
  }

  /**
   * A moment given as a time ago ({@code 15m}, {@code 1h}, {@code 7d}, {@code 30s}) or as Unix nanoseconds; the
   * message of a bad one names the parameter.
   */
  static long instant(String name, String value, long nowNanos) throws BadParameter {
    Matcher m = RELATIVE.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      long unit = switch (m.group(2)) {
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> 86_400_000_000_000L;
      };
      return nowNanos - n * unit;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadParameter(name + " must be like 15m, 1h, 7d or Unix nanoseconds, got '" + value + "'");
    }
  }

  /** {@code step}: {@code 10s}, {@code 1m}, {@code 5m}, {@code 1h} (default one minute), in nanoseconds. */
  static long step(String value) throws BadParameter {
    if (value == null || value.isEmpty()) {
      return 60_000_000_000L;
    }
    Matcher m = RELATIVE.matcher(value);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new BadParameter("step must be like 10s, 1m or 1h, got '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    return n * switch (m.group(2)) {
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> 86_400_000_000_000L;
    };
  }

  static int limit(String value, int dflt, int max) throws BadParameter {
    if (value == null) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(value);
      if (v < 1 || v > max) {
        throw new BadParameter("limit must be 1.." + max + ", got " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadParameter("limit must be a number, got '" + value + "'");
    }
  }

  static long millisToNanos(String value) throws BadParameter {
    try {
      return Math.round(Double.parseDouble(value) * 1_000_000);
    } catch (NumberFormatException e) {
      throw new BadParameter("minDurationMs must be a number, got '" + value + "'");
    }
  }

  static byte[] traceId(String hex) throws BadParameter {
    if (hex.length() != 32 || !hex.matches("[0-9a-fA-F]+")) {
      throw new BadParameter("a trace id is 32 hex digits, got '" + (hex.length() > 40 ? hex.substring(0, 40) + "…"
          : hex) + "'");
    }
    return HexFormat.of().parseHex(hex);
  }
}
