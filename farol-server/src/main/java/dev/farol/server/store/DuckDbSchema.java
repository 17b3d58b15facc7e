package dev.farol.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The DuckDB store's tables, for the queries the API asks: {@code spans}, ids as bytes, appended without an
 * index; {@code traces}, one row per trace keyed by its id with its time range, root, counts and write-order
 * range; {@code invocations}, one row per Lambda invocation; {@code function_minutes} and
 * {@code function_minute_durations}, per-minute aggregates for the function summary, and {@code function_hours}
 * with {@code function_hour_durations}, the same per hour for long ranges (with the init phases that ended in
 * each); {@code logs} and {@code metrics};
 * {@code diagnostics}, the extension's hops and findings records by invocation.
 */
final class DuckDbSchema {
  private DuckDbSchema() {}

  /** Creates what is missing; stores made by earlier versions get the columns added since. */
  static void create(Connection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS spans (trace_id BLOB NOT NULL, span_id BLOB NOT NULL, "
          + "parent_span_id BLOB, name VARCHAR, service VARCHAR, kind VARCHAR, start_ns BIGINT, end_ns BIGINT, "
          + "status_code INTEGER, status_message VARCHAR, attributes VARCHAR, events VARCHAR, links VARCHAR, "
          + "function VARCHAR, request_id VARCHAR, seq BIGINT)");
      s.execute("CREATE TABLE IF NOT EXISTS traces (trace_id BLOB PRIMARY KEY, start_ns BIGINT, end_ns BIGINT, "
          + "root_name VARCHAR, service VARCHAR, span_count INTEGER, error BOOLEAN, root_rank INTEGER, "
          + "seq_min BIGINT, seq_max BIGINT)");
      // stores made before spans had their write order: the columns come empty, those traces are read by time
      s.execute("ALTER TABLE spans ADD COLUMN IF NOT EXISTS seq BIGINT");
      s.execute("ALTER TABLE traces ADD COLUMN IF NOT EXISTS seq_min BIGINT");
      s.execute("ALTER TABLE traces ADD COLUMN IF NOT EXISTS seq_max BIGINT");
      s.execute("CREATE TABLE IF NOT EXISTS invocations (request_id VARCHAR PRIMARY KEY, function VARCHAR, "
          + "trace_id BLOB, start_ns BIGINT, duration_ms DOUBLE, cold_start BOOLEAN, status VARCHAR, "
          + "error_type VARCHAR, memory_size_mb BIGINT, max_memory_used_mb BIGINT, billed_ms BIGINT, arch VARCHAR, "
          + "faas_trigger VARCHAR)");
      // stores made before invocations kept their trigger: those rows have none
      s.execute("ALTER TABLE invocations ADD COLUMN IF NOT EXISTS faas_trigger VARCHAR");
      // per function and minute, kept at ingest (FunctionMinutes): the function summary reads these
      s.execute("CREATE TABLE IF NOT EXISTS function_minutes (function VARCHAR, minute_ns BIGINT, invocations BIGINT, "
          + "errors BIGINT, cold_starts BIGINT, min_ms DOUBLE, max_ms DOUBLE, max_memory_used_mb BIGINT, "
          + "memory_size_mb BIGINT, cost_usd DOUBLE, init_count BIGINT, init_ms DOUBLE, init_max_ms DOUBLE, "
          + "PRIMARY KEY (function, minute_ns))");
      s.execute("CREATE TABLE IF NOT EXISTS function_minute_durations (function VARCHAR, minute_ns BIGINT, "
          + "bucket INTEGER, count BIGINT, PRIMARY KEY (function, minute_ns, bucket))");
      // the same per function and hour (hour_ns a multiple of an hour), kept at ingest beside the minutes
      s.execute("CREATE TABLE IF NOT EXISTS function_hours (function VARCHAR, hour_ns BIGINT, invocations BIGINT, "
          + "errors BIGINT, cold_starts BIGINT, min_ms DOUBLE, max_ms DOUBLE, max_memory_used_mb BIGINT, "
          + "memory_size_mb BIGINT, cost_usd DOUBLE, init_count BIGINT, init_ms DOUBLE, init_max_ms DOUBLE, "
          + "PRIMARY KEY (function, hour_ns))");
      // stores made before the aggregates kept init phases: their rows come with NULLs, filled once at open
      // from the stored init spans (DuckDbBackfill)
      for (String t : new String[] {"function_minutes", "function_hours"}) {
        s.execute("ALTER TABLE " + t + " ADD COLUMN IF NOT EXISTS init_count BIGINT");
        s.execute("ALTER TABLE " + t + " ADD COLUMN IF NOT EXISTS init_ms DOUBLE");
        s.execute("ALTER TABLE " + t + " ADD COLUMN IF NOT EXISTS init_max_ms DOUBLE");
      }
      s.execute("CREATE TABLE IF NOT EXISTS function_hour_durations (function VARCHAR, hour_ns BIGINT, "
          + "bucket INTEGER, count BIGINT, PRIMARY KEY (function, hour_ns, bucket))");
      s.execute("CREATE TABLE IF NOT EXISTS logs (time_ns BIGINT, severity VARCHAR, body VARCHAR, service VARCHAR, "
          + "function VARCHAR, request_id VARCHAR, trace_id BLOB, span_id BLOB, attributes VARCHAR)");
      // the write order of log records, for a live tail (stores made before it: those records come without)
      s.execute("ALTER TABLE logs ADD COLUMN IF NOT EXISTS seq BIGINT");
      s.execute("CREATE TABLE IF NOT EXISTS metrics (name VARCHAR, service VARCHAR, function VARCHAR, "
          + "time_ns BIGINT, value DOUBLE, count BIGINT, attributes VARCHAR)");
      // the extension's diagnostics, one row per invocation, event and code (a hops record has code '')
      s.execute("CREATE TABLE IF NOT EXISTS diagnostics (time_ns BIGINT, function VARCHAR, request_id VARCHAR, "
          + "trace_id BLOB, event VARCHAR, code VARCHAR, json VARCHAR, PRIMARY KEY (request_id, event, code))");
    }
  }
}
