package dev.farol.server.store;

import java.util.Map;
import java.util.TreeMap;

/**
 * Per-function, per-minute aggregates of invocations, kept at ingest so that the function summary reads a
 * few rows per function and minute instead of every invocation; the same per hour, for long ranges (an hour's
 * row is the sum of its minutes' rows, so either can be read for a whole hour). Durations go into a log-scale histogram
 * whose buckets grow by {@value #GAMMA}: any percentile read back from it is within about 1% of the true
 * value (and clamped to the minute's exact minimum and maximum), and histograms of different minutes add up. Init
 * phases (the extension's {@code aws.lambda.init} spans) are counted in the minute they ended, with the sum and the
 * longest of their durations.
 */
final class FunctionMinutes {
  /** Growth factor of the duration buckets. */
  static final double GAMMA = 1.02;
  /** The smallest duration told apart: {@value} ms; anything shorter is in bucket 0. */
  static final double MIN_MS = 0.001;
  private static final double LOG_GAMMA = Math.log(GAMMA);
  static final long MINUTE_NS = 60_000_000_000L;
  static final long HOUR_NS = 60 * MINUTE_NS;

  private FunctionMinutes() {}

  static long minute(long timeNanos) {
    return Math.floorDiv(timeNanos, MINUTE_NS) * MINUTE_NS;
  }

  static long hour(long timeNanos) {
    return Math.floorDiv(timeNanos, HOUR_NS) * HOUR_NS;
  }

  /** The bucket of a duration: bucket {@code b > 0} holds {@code (MIN_MS·γ^(b-1), MIN_MS·γ^b]}. */
  static int bucket(double ms) {
    if (!(ms > MIN_MS)) {
      return 0;
    }
    return (int) Math.ceil(Math.log(ms / MIN_MS) / LOG_GAMMA);
  }

  /** The value a bucket stands for: the geometric middle of its bounds. */
  static double value(int bucket) {
    return bucket == 0 ? MIN_MS : MIN_MS * Math.pow(GAMMA, bucket - 0.5);
  }

  /** What one group of writes adds to one function's minute. */
  static final class Delta {
    long invocations;
    long errors;
    long coldStarts;
    double minMs = Double.POSITIVE_INFINITY;
    double maxMs = Double.NEGATIVE_INFINITY;
    long memorySizeMb;
    long maxMemoryUsedMb;
    double costUsd;
    /** Init phases that ended in the period, their durations' sum and the longest. */
    long inits;
    double initMs;
    double initMaxMs;
    final Map<Integer, Long> buckets = new TreeMap<>();

    /** An init phase of {@code ms} that ended in the period (it counts no invocation). */
    void addInit(double ms) {
      inits++;
      initMs += ms;
      initMaxMs = Math.max(initMaxMs, ms);
    }

    void add(double durationMs, boolean error, boolean coldStart, long memorySizeMb, long maxMemoryUsedMb,
        double costUsd) {
      this.maxMemoryUsedMb = Math.max(this.maxMemoryUsedMb, maxMemoryUsedMb);
      invocations++;
      errors += error ? 1 : 0;
      coldStarts += coldStart ? 1 : 0;
      minMs = Math.min(minMs, durationMs);
      maxMs = Math.max(maxMs, durationMs);
      this.memorySizeMb = Math.max(this.memorySizeMb, memorySizeMb);
      this.costUsd += costUsd;
      buckets.merge(bucket(durationMs), 1L, Long::sum);
    }

    /** Adds another delta's counts (a minute's to its hour's). */
    void merge(Delta other) {
      invocations += other.invocations;
      errors += other.errors;
      coldStarts += other.coldStarts;
      minMs = Math.min(minMs, other.minMs);
      maxMs = Math.max(maxMs, other.maxMs);
      memorySizeMb = Math.max(memorySizeMb, other.memorySizeMb);
      maxMemoryUsedMb = Math.max(maxMemoryUsedMb, other.maxMemoryUsedMb);
      costUsd += other.costUsd;
      inits += other.inits;
      initMs += other.initMs;
      initMaxMs = Math.max(initMaxMs, other.initMaxMs);
      other.buckets.forEach((b, c) -> buckets.merge(b, c, Long::sum));
    }
  }

  /**
   * The {@code q} quantile (nearest rank) of the durations counted in {@code buckets} (bucket → count), as
   * the value of the bucket holding it, clamped to {@code [min, max]}.
   */
  static double quantile(TreeMap<Integer, Long> buckets, double q, double min, double max) {
    long n = 0;
    for (long c : buckets.values()) {
      n += c;
    }
    if (n == 0) {
      return 0;
    }
    // nearest rank: the smallest value with at least q of all values at or below it (0-based here)
    long rank = Math.max(0, (long) Math.ceil(q * n) - 1);
    long seen = 0;
    for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
      seen += e.getValue();
      if (seen > rank) {
        return Math.max(min, Math.min(max, value(e.getKey())));
      }
    }
    return max;
  }
}
