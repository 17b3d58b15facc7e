package dev.farol.extension;

import java.nio.charset.StandardCharsets;

/**
 * How many spans an OTLP/HTTP traces request from a tracer holds, for the invocation's hops, counted in place
 * (no decoding into objects: the request is passed on as it came).
 *
 * <p>Protobuf: the {@code spans} (field 2) of each {@code ScopeSpans} (field 2) of each {@code ResourceSpans}
 * (field 1) of the {@code ExportTraceServiceRequest}. JSON: the span start-time keys
 * ({@code "startTimeUnixNano"}, or {@code "start_time_unix_nano"}), which only spans have. A gzip'd body, or one
 * that cannot be read, counts as {@link #UNKNOWN}.
 */
final class SpanCount {
  /** The count could not be told (gzip'd, or not a readable request). */
  static final int UNKNOWN = -1;

  private static final byte[] CAMEL = "\"startTimeUnixNano\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SNAKE = "\"start_time_unix_nano\"".getBytes(StandardCharsets.US_ASCII);

  private SpanCount() {}

  /** The spans in a {@code /v1/traces} request body; {@link #UNKNOWN} when that cannot be told. */
  static int of(String contentType, String contentEncoding, byte[] body) {
    if (contentEncoding != null && !contentEncoding.isEmpty() && !contentEncoding.equalsIgnoreCase("identity")) {
      return UNKNOWN;
    }
    if (contentType != null && contentType.startsWith("application/json")) {
      return occurrences(body, CAMEL) + occurrences(body, SNAKE);
    }
    try {
      return protobuf(body, 0, body.length, 0);
    } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** Occurrences of a quoted key that is not inside a string (an escaped quote is preceded by a backslash). */
  private static int occurrences(byte[] body, byte[] key) {
    int n = 0;
    outer:
    for (int i = 0; i <= body.length - key.length; i++) {
      for (int k = 0; k < key.length; k++) {
        if (body[i + k] != key[k]) {
          continue outer;
        }
      }
      if (i == 0 || body[i - 1] != '\\') {
        n++;
      }
      i += key.length - 1;
    }
    return n;
  }

  /**
   * The spans within {@code [from, to)}, a message at {@code depth} 0 (the request), 1 (ResourceSpans) or 2
   * (ScopeSpans).
   */
  private static int protobuf(byte[] b, int from, int to, int depth) {
    int count = 0;
    int[] p = {from};
    while (p[0] < to) {
      long key = varint(b, p);
      int field = (int) (key >>> 3);
      switch ((int) (key & 7)) {
        case 0:
          varint(b, p);
          break;
        case 1:
          p[0] += 8;
          break;
        case 5:
          p[0] += 4;
          break;
        case 2: {
          long len = varint(b, p);
          if (len < 0 || p[0] + len > to) {
            throw new IllegalArgumentException("a length beyond the message");
          }
          int end = (int) (p[0] + len);
          if (depth == 0 && field == 1) {
            count += protobuf(b, p[0], end, 1);
          } else if (depth == 1 && field == 2) {
            count += protobuf(b, p[0], end, 2);
          } else if (depth == 2 && field == 2) {
            count++;
          }
          p[0] = end;
          break;
        }
        default:
          throw new IllegalArgumentException("wire type " + (key & 7));
      }
    }
    if (p[0] != to) {
      throw new IllegalArgumentException("a field beyond the message");
    }
    return count;
  }

  private static long varint(byte[] b, int[] p) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b[p[0]++];
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("a varint longer than 10 bytes");
  }
}
