package dev.farol.server.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The rows DuckDB keeps as they come, in the store thread's transaction: log records (through DuckDB's
 * appender), metric points and the extension's diagnostics records; and the appender's helpers for values that
 * may be absent.
 */
final class DuckDbRows {
  private DuckDbRows() {}

  /** Appends the log records, numbered in write order from {@code firstSeq}; returns the next number. */
  static long logs(DuckDBConnection db, List<LogRow> logs, long firstSeq) throws SQLException {
    long seq = firstSeq;
    if (logs.isEmpty()) {
      return seq;
    }
    try (DuckDBAppender a = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "logs")) {
      for (LogRow l : logs) {
        a.beginRow();
        a.append(l.timeNanos());
        appendOrNull(a, l.severity());
        appendOrNull(a, l.body());
        appendOrNull(a, l.service());
        appendOrNull(a, l.function());
        appendOrNull(a, l.requestId());
        appendBytesOrNull(a, l.traceId());
        appendBytesOrNull(a, l.spanId());
        appendOrNull(a, l.attributes());
        a.append(seq++);
        a.endRow();
      }
      a.flush();
    }
    return seq;
  }

  /** Inserts the metric points. */
  static void metrics(DuckDBConnection db, List<MetricRow> metrics) throws SQLException {
    if (metrics.isEmpty()) {
      return;
    }
    try (PreparedStatement p = db.prepareStatement("INSERT INTO metrics VALUES (?,?,?,?,?,?,?)")) {
      for (MetricRow m : metrics) {
        p.setString(1, m.name());
        p.setString(2, m.service());
        p.setString(3, m.function());
        p.setLong(4, m.timeNanos());
        p.setDouble(5, m.value());
        p.setLong(6, m.count());
        p.setString(7, m.attributes());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /**
   * Inserts the diagnostics records; one per invocation, event and code ({@code diagnostics}' key), so that a
   * retried export stores nothing twice.
   */
  static void diagnostics(DuckDBConnection db, List<DiagnosticRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement p = db.prepareStatement("INSERT INTO diagnostics VALUES (?,?,?,?,?,?,?) "
        + "ON CONFLICT DO NOTHING")) {
      for (DiagnosticRow d : rows) {
        p.setLong(1, d.timeNanos());
        p.setString(2, d.function());
        p.setString(3, d.requestId());
        p.setBytes(4, d.traceId());
        p.setString(5, d.event());
        p.setString(6, d.code());
        p.setString(7, d.json());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  static void appendOrNull(DuckDBAppender a, String v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }

  static void appendBytesOrNull(DuckDBAppender a, byte[] v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }
}
