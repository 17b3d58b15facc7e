package dev.farol.server.store;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The per-function aggregates into DuckDB, in the store thread's transaction: what a group adds to each minute
 * ({@code function_minutes}, {@code function_minute_durations}) and, summed, to each hour ({@code function_hours},
 * {@code function_hour_durations}). The deltas are appended to temporary tables and merged with one statement per
 * table, whatever the number of minutes: a statement per minute costs DuckDB a millisecond or so each.
 */
final class DuckDbAggregates {
  /** One of the two aggregate tables and its durations table, keyed by the column that says where a period starts. */
  private record Level(String table, String durations, String key) {}

  private static final Level MINUTES = new Level("function_minutes", "function_minute_durations", "minute_ns");
  private static final Level HOURS = new Level("function_hours", "function_hour_durations", "hour_ns");
  private static final String COLUMNS = "invocations, errors, cold_starts, min_ms, max_ms, max_memory_used_mb, "
      + "memory_size_mb, cost_usd, init_count, init_ms, init_max_ms";

  private final DuckDBConnection db;

  DuckDbAggregates(DuckDBConnection db) throws SQLException {
    this.db = db;
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS period_delta (function VARCHAR, t BIGINT, invocations BIGINT, "
          + "errors BIGINT, cold_starts BIGINT, min_ms DOUBLE, max_ms DOUBLE, max_memory_used_mb BIGINT, "
          + "memory_size_mb BIGINT, cost_usd DOUBLE, init_count BIGINT, init_ms DOUBLE, init_max_ms DOUBLE)");
      s.execute("CREATE TEMP TABLE IF NOT EXISTS duration_delta (function VARCHAR, t BIGINT, bucket INTEGER, "
          + "count BIGINT)");
    }
  }

  /** The minutes' deltas into their minutes' rows and, summed per hour, into their hours' rows. */
  void write(Map<DuckDbInvocations.MinuteKey, FunctionMinutes.Delta> minutes) throws SQLException {
    if (minutes.isEmpty()) {
      return;
    }
    Map<DuckDbInvocations.MinuteKey, FunctionMinutes.Delta> hours = new HashMap<>();
    minutes.forEach((k, d) -> hours.computeIfAbsent(new DuckDbInvocations.MinuteKey(k.function(),
        FunctionMinutes.hour(k.minuteNs())), h -> new FunctionMinutes.Delta()).merge(d));
    write(MINUTES, minutes);
    write(HOURS, hours);
  }

  private void write(Level level, Map<DuckDbInvocations.MinuteKey, FunctionMinutes.Delta> periods)
      throws SQLException {
    boolean durations = false;
    try (DuckDBAppender p = db.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "period_delta");
        DuckDBAppender b = db.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "duration_delta")) {
      for (Map.Entry<DuckDbInvocations.MinuteKey, FunctionMinutes.Delta> e : periods.entrySet()) {
        FunctionMinutes.Delta d = e.getValue();
        p.beginRow();
        p.append(e.getKey().function());
        p.append(e.getKey().minuteNs());
        p.append(d.invocations);
        p.append(d.errors);
        p.append(d.coldStarts);
        p.append(d.minMs);
        p.append(d.maxMs);
        p.append(d.maxMemoryUsedMb);
        p.append(d.memorySizeMb);
        p.append(d.costUsd);
        p.append(d.inits);
        p.append(d.initMs);
        p.append(d.initMaxMs);
        p.endRow();
        for (Map.Entry<Integer, Long> bucket : d.buckets.entrySet()) {
          b.beginRow();
          b.append(e.getKey().function());
          b.append(e.getKey().minuteNs());
          b.append(bucket.getKey());
          b.append(bucket.getValue());
          b.endRow();
          durations = true;
        }
      }
      p.flush();
      b.flush();
    }
    String t = level.table();
    String d = level.durations();
    try (Statement s = db.createStatement()) {
      s.execute("INSERT INTO " + t + " (function, " + level.key() + ", " + COLUMNS + ") SELECT function, t, " + COLUMNS
          + " FROM temp.period_delta ON CONFLICT (function, " + level.key() + ") DO UPDATE SET "
          + "invocations = " + t + ".invocations + excluded.invocations, "
          + "errors = " + t + ".errors + excluded.errors, "
          + "cold_starts = " + t + ".cold_starts + excluded.cold_starts, "
          + "min_ms = least(" + t + ".min_ms, excluded.min_ms), "
          + "max_ms = greatest(" + t + ".max_ms, excluded.max_ms), "
          + "max_memory_used_mb = greatest(" + t + ".max_memory_used_mb, excluded.max_memory_used_mb), "
          + "memory_size_mb = greatest(" + t + ".memory_size_mb, excluded.memory_size_mb), "
          + "cost_usd = " + t + ".cost_usd + excluded.cost_usd, "
          + "init_count = " + t + ".init_count + excluded.init_count, "
          + "init_ms = " + t + ".init_ms + excluded.init_ms, "
          + "init_max_ms = greatest(" + t + ".init_max_ms, excluded.init_max_ms)");
      s.execute("DELETE FROM temp.period_delta");
      if (durations) {
        s.execute("INSERT INTO " + d + " (function, " + level.key() + ", bucket, count) SELECT function, t, bucket, "
            + "count FROM temp.duration_delta ON CONFLICT (function, " + level.key() + ", bucket) DO UPDATE SET "
            + "count = " + d + ".count + excluded.count");
        s.execute("DELETE FROM temp.duration_delta");
      }
    }
  }
}
