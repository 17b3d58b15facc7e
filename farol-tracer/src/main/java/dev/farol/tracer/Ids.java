package dev.farol.tracer;

import java.util.concurrent.ThreadLocalRandom;

/** Random trace and span ids, lowercase hex, never all zero. */
final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Ids() {}

  static String spanId() {
    return hex(nonZero(), 16);
  }

  static String traceId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return hex(r.nextLong(), 16) + hex(nonZero(), 16);
  }

  private static long nonZero() {
    long v;
    do {
      v = ThreadLocalRandom.current().nextLong();
    } while (v == 0);
    return v;
  }

  static String hex(long v, int digits) {
    char[] out = new char[digits];
    for (int i = digits - 1; i >= 0; i--) {
      out[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    return new String(out);
  }
}
