package dev.farol.server.store;

import java.util.List;

/**
 * One page of a {@link TraceSearch}: its traces (newest first), how many traces match in all, whether more
 * follow, and, when asked for, every match on a duration/time plane: each trace as a point up to a threshold,
 * else counts per cell of a grid.
 *
 * @param scatter {@code null} when not asked for
 */
public record TracePage(List<TraceSummary> traces, long total, boolean more, Scatter scatter) {
  public TracePage {
    traces = List.copyOf(traces);
  }

  /**
   * Every matching trace, as points when there are at most the threshold asked for, else as bins (never both):
   * the bins' counts add up to the page's total. Bins cover the search's window in equal slices of time and the
   * matches' durations in slices of equal ratio (log scale); a bin without traces is left out.
   */
  public record Scatter(List<Point> points, List<Bin> bins) {
    public Scatter {
      points = List.copyOf(points);
      bins = List.copyOf(bins);
    }
  }

  /** One trace: when it started and how long it took. */
  public record Point(byte[] traceId, long startNanos, long durationNanos, boolean error) {}

  /**
   * The traces that started in {@code [fromNanos, toNanos)} and took {@code [minDurationNanos, maxDurationNanos)}
   * (the last bins of each axis include their upper edge).
   */
  public record Bin(long fromNanos, long toNanos, long minDurationNanos, long maxDurationNanos, long count,
      long errors) {}
}
