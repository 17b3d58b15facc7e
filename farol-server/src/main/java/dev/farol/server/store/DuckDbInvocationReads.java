package dev.farol.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The DuckDB store's reads of the {@code invocations} table, on a reading connection it leases: pages of a list
 * ordered newest first by {@code (start_ns, request_id)}, found by a cursor's place in that order (keyset paging:
 * what arrives between two pages shifts no row), and one invocation by request id.
 */
final class DuckDbInvocationReads {
  private static final String COLUMNS = "request_id, function, trace_id, start_ns, duration_ms, cold_start, status, "
      + "error_type, memory_size_mb, max_memory_used_mb, billed_ms, faas_trigger";

  private DuckDbInvocationReads() {}

  /** See {@link Store#invocations(InvocationQuery)}. */
  static List<InvocationRow> page(DuckDbReader r, InvocationQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM invocations WHERE start_ns >= ? "
        + "AND start_ns < ?");
    List<Object> args = new ArrayList<>(List.of(q.sinceNanos(), q.untilNanos()));
    if (q.function() != null) {
      sql.append(" AND function = ?");
      args.add(q.function());
    }
    if (q.coldStart() != null) {
      sql.append(" AND cold_start = ?");
      args.add(q.coldStart());
    }
    if (q.error() != null) {
      sql.append(q.error() ? " AND status <> 'success'" : " AND status = 'success'");
    }
    if (q.minDurationMs() != null) {
      sql.append(" AND duration_ms >= ?");
      args.add(q.minDurationMs());
    }
    InvocationCursor c = q.cursor();
    boolean newer = c != null && !c.older();
    if (c != null) {
      String beyond = c.older() ? "<" : ">";
      sql.append(" AND (start_ns ").append(beyond).append(" ? OR start_ns = ? AND request_id ").append(beyond)
          .append(" ?)");
      args.addAll(List.of(c.startNanos(), c.startNanos(), c.requestId()));
    }
    // the page before a cursor is the rows nearest above it: read upwards, then turned newest first
    sql.append(newer ? " ORDER BY start_ns, request_id" : " ORDER BY start_ns DESC, request_id DESC")
        .append(" LIMIT ?");
    args.add(q.limit());
    List<InvocationRow> out = new ArrayList<>();
    try (PreparedStatement p = r.prepare(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        p.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    if (newer) {
      Collections.reverse(out);
    }
    return out;
  }

  /** See {@link Store#invocation}. */
  static Optional<InvocationRow> one(DuckDbReader r, String requestId) throws SQLException {
    try (PreparedStatement p = r.prepare("SELECT " + COLUMNS + " FROM invocations WHERE request_id = ?")) {
      p.setString(1, requestId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static InvocationRow row(ResultSet rs) throws SQLException {
    return new InvocationRow(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getLong(4), rs.getDouble(5),
        rs.getBoolean(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
        rs.getString(12));
  }
}
