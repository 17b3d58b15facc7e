package dev.farol.tracer;

/**
 * Unix time in nanoseconds with the monotonic clock's resolution: the wall clock is read once per
 * {@link #rebase()} (at each invocation's start, so a restored snapshot or a corrected wall clock is
 * picked up) and the monotonic clock measures from there.
 */
final class Clock {
  private static volatile long baseEpochNanos = System.currentTimeMillis() * 1_000_000L;
  private static volatile long baseNano = System.nanoTime();

  private Clock() {}

  static void rebase() {
    java.time.Instant now = java.time.Instant.now();
    long nano = System.nanoTime();
    baseEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    baseNano = nano;
  }

  static long nowEpochNanos() {
    return baseEpochNanos + (System.nanoTime() - baseNano);
  }
}
