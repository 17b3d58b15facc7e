package dev.farol.server.store;

/**
 * Which aggregate rows cover a window: the window runs from the minute holding {@code since} to the end of the
 * minute holding {@code until}; the whole hours inside it are read from the hourly rows and the minutes before
 * and after them from the per-minute rows, so a week reads about 170 rows per function instead of 10,080 and
 * the answer is the same (an hour's row is the sum of its minutes).
 *
 * <p>Example: since 10:47:30, until 13:05:10 reads the minutes [10:47, 11:00), the hours [11:00, 13:00) and the
 * minutes [13:00, 13:06).
 *
 * @param start where the window starts (a minute), inclusive
 * @param end where it ends (a minute), exclusive
 * @param hoursFrom the first whole hour, inclusive; equal to {@code hoursTo} when there is none
 * @param hoursTo where the whole hours end, exclusive
 */
record AggregateWindow(long start, long end, long hoursFrom, long hoursTo) {
  /** {@code until} at or beyond this means "no end": everything from {@code since} on. */
  static final long OPEN = Long.MAX_VALUE - 2 * FunctionMinutes.HOUR_NS;

  static AggregateWindow of(long sinceNanos, long untilNanos) {
    long start = FunctionMinutes.minute(sinceNanos);
    long end = untilNanos >= OPEN ? OPEN : FunctionMinutes.minute(untilNanos) + FunctionMinutes.MINUTE_NS;
    long hoursFrom = -Math.floorDiv(-start, FunctionMinutes.HOUR_NS) * FunctionMinutes.HOUR_NS;
    long hoursTo = FunctionMinutes.hour(end);
    if (hoursTo <= hoursFrom) {
      return new AggregateWindow(start, end, end, end);
    }
    return new AggregateWindow(start, end, hoursFrom, hoursTo);
  }

  /**
   * The rows of the window as one SQL relation with the columns {@code function}, {@code t} (where the row's
   * period starts) and the given ones, from {@code minuteTable} and {@code hourTable} (which name their period
   * {@code minute_ns} and {@code hour_ns}); it takes the six parameters {@link #bind} sets.
   */
  static String rows(String minuteTable, String hourTable, String columns) {
    return "(SELECT function, minute_ns AS t, " + columns + " FROM " + minuteTable
        + " WHERE (minute_ns >= ? AND minute_ns < ?) OR (minute_ns >= ? AND minute_ns < ?)"
        + " UNION ALL SELECT function, hour_ns AS t, " + columns + " FROM " + hourTable
        + " WHERE hour_ns >= ? AND hour_ns < ?)";
  }

  /** Sets the six parameters of {@link #rows} from parameter {@code first} on; returns the next index. */
  int bind(java.sql.PreparedStatement p, int first) throws java.sql.SQLException {
    p.setLong(first, start);
    p.setLong(first + 1, hoursFrom);
    p.setLong(first + 2, hoursTo);
    p.setLong(first + 3, end);
    p.setLong(first + 4, hoursFrom);
    p.setLong(first + 5, hoursTo);
    return first + 6;
  }
}
