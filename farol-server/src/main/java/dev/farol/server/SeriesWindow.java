package dev.farol.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The window and buckets of a series answer ({@code GET /api/v1/functions}, {@code GET /api/v1/functions/{name}};
 * docs/api.md), from the {@code since}, {@code until} and {@code step} asked for.
 *
 * <p>The window runs from the minute holding {@code since} (default an hour ago) to the end of the minute holding
 * {@code until} (default now). Without {@code step} the bucket is the shortest of {@link #STEPS} that divides the
 * range asked for into at most {@value #TARGET_BUCKETS}: 1m for 15m or 1h, 10m for 6h, 30m for 24h, 3h for 7d.
 * Buckets start at multiples of the step since the epoch, so the first starts at or before the window.
 *
 * @param sinceNanos {@code since} as asked for
 * @param untilNanos {@code until} as asked for
 * @param fromNanos where the window starts (a minute)
 * @param toNanos where it ends (a minute), exclusive
 * @param firstNanos where the first bucket starts
 */
record SeriesWindow(long sinceNanos, long untilNanos, long fromNanos, long toNanos, long firstNanos, long stepNanos,
    int buckets) {
  private static final long MINUTE = 60_000_000_000L;
  private static final long HOUR = 60 * MINUTE;
  /** The buckets chosen from when no step is asked for. */
  static final long[] STEPS = {MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR,
      12 * HOUR, 24 * HOUR};
  /** Buckets at most when the step is chosen: {@value}. */
  static final int TARGET_BUCKETS = 60;
  /** Buckets at most when the step is asked for: {@value}. */
  static final int MAX_BUCKETS = 1000;

  static SeriesWindow of(String since, String until, String step) throws QueryParams.BadParameter {
    long now = System.currentTimeMillis() * 1_000_000L;
    long sinceNanos = QueryParams.since(since, HOUR);
    long untilNanos = until == null || until.isEmpty() ? now : QueryParams.instant("until", until, now);
    if (untilNanos < sinceNanos) {
      throw new QueryParams.BadParameter("until must not come before since, got since=" + sinceNanos + " until="
          + untilNanos + " (Unix nanoseconds)");
    }
    long from = Math.floorDiv(sinceNanos, MINUTE) * MINUTE;
    long to = Math.floorDiv(untilNanos, MINUTE) * MINUTE + MINUTE;
    // chosen for the range asked for (an hour: 1m), not the minutes that hold it (61 of them)
    long stepNanos = step == null || step.isEmpty() ? stepFor(untilNanos - sinceNanos) : askedStep(step, to - from);
    long first = Math.floorDiv(from, stepNanos) * stepNanos;
    int buckets = (int) ((to - first + stepNanos - 1) / stepNanos);
    return new SeriesWindow(sinceNanos, untilNanos, from, to, first, stepNanos, buckets);
  }

  /** The shortest of {@link #STEPS} giving at most {@link #TARGET_BUCKETS} buckets over the window. */
  static long stepFor(long windowNanos) {
    for (long s : STEPS) {
      if (windowNanos <= s * TARGET_BUCKETS) {
        return s;
      }
    }
    return STEPS[STEPS.length - 1];
  }

  private static long askedStep(String value, long windowNanos) throws QueryParams.BadParameter {
    long step = QueryParams.step(value);
    if (step % MINUTE != 0) {
      throw new QueryParams.BadParameter("step must be a whole number of minutes here (the aggregates are per "
          + "minute), got '" + value + "'");
    }
    long buckets = (windowNanos + step - 1) / step + 1;
    if (buckets > MAX_BUCKETS) {
      throw new QueryParams.BadParameter("step " + value + " makes " + buckets + " buckets of this window, more "
          + "than " + MAX_BUCKETS + ": choose a longer step");
    }
    return step;
  }

  /** The index of the bucket starting at {@code startNanos}, or -1 when it is not one of the window's. */
  int index(long startNanos) {
    long i = (startNanos - firstNanos) / stepNanos;
    return startNanos < firstNanos || i >= buckets ? -1 : (int) i;
  }

  /** The answer's {@code window} object. */
  void json(ObjectNode window) {
    window.put("fromUnixNano", fromNanos);
    window.put("toUnixNano", toNanos);
    window.put("firstBucketUnixNano", firstNanos);
    window.put("stepNanos", stepNanos);
    window.put("buckets", buckets);
  }
}
