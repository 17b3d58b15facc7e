package dev.farol.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The function summary and series of the DuckDB store, read from the aggregates kept at ingest (never from the
 * invocations): a window's whole hours from the hourly rows, its other minutes from the per-minute rows
 * ({@link AggregateWindow}).
 */
final class DuckDbFunctions {
  private DuckDbFunctions() {}

  static List<FunctionSummary> summaries(DuckDbReader r, long sinceNanos, long untilNanos) throws SQLException {
    AggregateWindow w = AggregateWindow.of(sinceNanos, untilNanos);
    Map<String, TreeMap<Integer, Long>> durations = new HashMap<>();
    try (PreparedStatement p = r.prepare("SELECT function, bucket, sum(count) FROM "
        + AggregateWindow.rows("function_minute_durations", "function_hour_durations", "bucket, count")
        + " GROUP BY function, bucket")) {
      w.bind(p, 1);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          durations.computeIfAbsent(rs.getString(1), f -> new TreeMap<>()).put(rs.getInt(2), rs.getLong(3));
        }
      }
    }
    List<FunctionSummary> out = new ArrayList<>();
    try (PreparedStatement p = r.prepare("SELECT function, sum(invocations), sum(errors), sum(cold_starts), "
        + "min(min_ms), max(max_ms), max(max_memory_used_mb), max(memory_size_mb), sum(cost_usd) FROM "
        + AggregateWindow.rows("function_minutes", "function_hours", "invocations, errors, cold_starts, min_ms, "
            + "max_ms, max_memory_used_mb, memory_size_mb, cost_usd")
        + " GROUP BY function HAVING sum(invocations) > 0 ORDER BY function")) {
      w.bind(p, 1);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          TreeMap<Integer, Long> buckets = durations.getOrDefault(rs.getString(1), new TreeMap<>());
          double min = rs.getDouble(5);
          double max = rs.getDouble(6);
          out.add(new FunctionSummary(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
              FunctionMinutes.quantile(buckets, 0.50, min, max), FunctionMinutes.quantile(buckets, 0.95, min, max),
              FunctionMinutes.quantile(buckets, 0.99, min, max), rs.getLong(7), rs.getLong(8), rs.getDouble(9)));
        }
      }
    }
    return out;
  }

  /**
   * Per function and bucket of {@code stepNanos} (a multiple of a minute): from the per-minute rows alone when
   * the step is not a multiple of an hour (an hour's row cannot be split), else whole hours from the hourly rows.
   */
  static List<FunctionBucket> series(DuckDbReader r, long sinceNanos, long untilNanos, long stepNanos)
      throws SQLException {
    AggregateWindow w = window(sinceNanos, untilNanos, stepNanos);
    List<FunctionBucket> out = new ArrayList<>();
    try (PreparedStatement p = r.prepare("SELECT function, t // ? * ? AS b, sum(invocations), sum(errors), "
        + "sum(cold_starts) FROM " + AggregateWindow.rows("function_minutes", "function_hours",
            "invocations, errors, cold_starts") + " GROUP BY function, b HAVING sum(invocations) > 0 "
        + "ORDER BY function, b")) {
      p.setLong(1, stepNanos);
      p.setLong(2, stepNanos);
      w.bind(p, 3);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new FunctionBucket(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
        }
      }
    }
    return out;
  }

  /** The rows to read for buckets of {@code stepNanos}: whole hours only when the step is made of hours. */
  private static AggregateWindow window(long sinceNanos, long untilNanos, long stepNanos) {
    AggregateWindow w = AggregateWindow.of(sinceNanos, untilNanos);
    return stepNanos % FunctionMinutes.HOUR_NS == 0 ? w : new AggregateWindow(w.start(), w.end(), w.end(), w.end());
  }

  /**
   * One function per bucket of {@code stepNanos}, in full (see {@link Store#functionSeries(String, long, long,
   * long)}): two reads of its rows in the window, the durations per bucket and the rest.
   */
  static List<FunctionPoint> points(DuckDbReader r, String function, long sinceNanos, long untilNanos,
      long stepNanos) throws SQLException {
    AggregateWindow w = window(sinceNanos, untilNanos, stepNanos);
    Map<Long, TreeMap<Integer, Long>> durations = new HashMap<>();
    try (PreparedStatement p = r.prepare("SELECT t // ? * ? AS b, bucket, sum(count) FROM "
        + AggregateWindow.rows("function_minute_durations", "function_hour_durations", "bucket, count")
        + " WHERE function = ? GROUP BY b, bucket")) {
      p.setLong(1, stepNanos);
      p.setLong(2, stepNanos);
      p.setString(w.bind(p, 3), function);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          durations.computeIfAbsent(rs.getLong(1), b -> new TreeMap<>()).put(rs.getInt(2), rs.getLong(3));
        }
      }
    }
    List<FunctionPoint> out = new ArrayList<>();
    try (PreparedStatement p = r.prepare("SELECT t // ? * ? AS b, sum(invocations), sum(errors), sum(cold_starts), "
        + "min(min_ms), max(max_ms), sum(init_count), sum(init_ms), max(init_max_ms), max(max_memory_used_mb), "
        + "max(memory_size_mb) FROM " + AggregateWindow.rows("function_minutes", "function_hours", "invocations, "
            + "errors, cold_starts, min_ms, max_ms, init_count, init_ms, init_max_ms, max_memory_used_mb, "
            + "memory_size_mb")
        + " WHERE function = ? GROUP BY b HAVING sum(invocations) > 0 OR sum(init_count) > 0 ORDER BY b")) {
      p.setLong(1, stepNanos);
      p.setLong(2, stepNanos);
      p.setString(w.bind(p, 3), function);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          TreeMap<Integer, Long> buckets = durations.getOrDefault(rs.getLong(1), new TreeMap<>());
          double min = rs.getDouble(5);
          double max = rs.getDouble(6);
          long inits = rs.getLong(7);
          out.add(new FunctionPoint(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
              FunctionMinutes.quantile(buckets, 0.50, min, max), FunctionMinutes.quantile(buckets, 0.95, min, max),
              FunctionMinutes.quantile(buckets, 0.99, min, max), inits, inits == 0 ? 0 : rs.getDouble(8) / inits,
              inits == 0 ? 0 : rs.getDouble(9), rs.getLong(10), rs.getLong(11)));
        }
      }
    }
    return out;
  }
}
