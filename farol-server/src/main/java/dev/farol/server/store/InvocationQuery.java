package dev.farol.server.store;

/**
 * Which invocations to list ({@link Store#invocations(InvocationQuery)}): of one function or all, starting in
 * {@code [sinceNanos, untilNanos)}, filtered, at most {@code limit}, from a cursor.
 *
 * @param function {@code null} for every function
 * @param coldStart only cold starts ({@code true}) or only warm ones ({@code false}); {@code null} for both
 * @param error only failed invocations ({@code true}: a status other than {@code success}) or only successful
 *     ones; {@code null} for both
 * @param minDurationMs only invocations at least this long; {@code null} for any
 * @param cursor where the page is; {@code null} for the newest
 */
public record InvocationQuery(String function, long sinceNanos, long untilNanos, Boolean coldStart, Boolean error,
    Double minDurationMs, InvocationCursor cursor, int limit) {
  public InvocationQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
  }

  /** The newest {@code limit} invocations of {@code function} (or all) since {@code sinceNanos}, unfiltered. */
  public static InvocationQuery newest(String function, long sinceNanos, int limit) {
    return new InvocationQuery(function, sinceNanos, Long.MAX_VALUE, null, null, null, null, limit);
  }

  /** The same query from another place, for another number of rows. */
  public InvocationQuery at(InvocationCursor at, int rows) {
    return new InvocationQuery(function, sinceNanos, untilNanos, coldStart, error, minDurationMs, at, rows);
  }
}
