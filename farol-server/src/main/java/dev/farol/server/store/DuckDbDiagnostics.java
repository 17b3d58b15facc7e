package dev.farol.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The DuckDB store's reads of the {@code diagnostics} table, on a reading connection it leases. */
final class DuckDbDiagnostics {
  private DuckDbDiagnostics() {}

  /** See {@link Store#diagnostics}. */
  static List<DiagnosticRow> of(DuckDbReader r, String requestId) throws SQLException {
    try (PreparedStatement p = r.prepare("SELECT time_ns, function, request_id, trace_id, event, code, json "
        + "FROM diagnostics WHERE request_id = ? ORDER BY time_ns, event DESC, code")) {
      p.setString(1, requestId);
      List<DiagnosticRow> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new DiagnosticRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
              rs.getString(6), rs.getString(7)));
        }
      }
      return out;
    }
  }

  /** See {@link Store#findings}. */
  static List<FunctionFinding> findings(DuckDbReader r, String function, long sinceNanos) throws SQLException {
    try (PreparedStatement p = r.prepare("SELECT code, arg_max(json, time_ns), arg_max(request_id, time_ns), "
        + "max(time_ns), count(DISTINCT request_id) FROM diagnostics WHERE event = ? AND function = ? "
        + "AND time_ns >= ? GROUP BY code ORDER BY max(time_ns) DESC, code")) {
      p.setString(1, DiagnosticRow.FINDING);
      p.setString(2, function);
      p.setLong(3, sinceNanos);
      List<FunctionFinding> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new FunctionFinding(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
              rs.getLong(5)));
        }
      }
      return out;
    }
  }
}
