package dev.farol.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Store#findLogs} on DuckDB. Log records carry their write order ({@code seq}, assigned by the store thread
 * in commit order), so a tail step reads only the row groups past its position; a search reads the row groups of
 * its time range, in one read transaction with the tail position it hands out.
 */
final class DuckDbLogSearch {
  private static final String LEVEL_WORDS = "TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|CRITICAL";

  /** A line's level: its severity in capitals without a trailing number, else a level word near its start. */
  static final String LEVEL = "CASE WHEN severity IS NULL OR severity = '' THEN "
      + canonical("regexp_extract(left(body, 200), '\\b(" + LEVEL_WORDS + ")\\b', 1)") + " ELSE "
      + canonical("regexp_replace(upper(severity), '[0-9]+$', '')") + " END";

  private DuckDbLogSearch() {}

  private static String canonical(String level) {
    return "CASE " + level + " WHEN 'WARNING' THEN 'WARN' WHEN 'ERR' THEN 'ERROR' WHEN 'CRITICAL' THEN 'FATAL' "
        + "WHEN 'INFORMATION' THEN 'INFO' WHEN '' THEN NULL ELSE " + level + " END";
  }

  static LogPage find(DuckDbReader r, LogSearch s) throws SQLException {
    boolean autoCommit = r.db.getAutoCommit();
    r.db.setAutoCommit(false);
    try {
      LogPage page = s.tailAfter() != null ? tail(r, s) : search(r, s);
      r.db.commit();
      return page;
    } catch (SQLException | RuntimeException e) {
      r.db.rollback();
      throw e;
    } finally {
      r.db.setAutoCommit(autoCommit);
    }
  }

  private static LogPage search(DuckDbReader r, LogSearch s) throws SQLException {
    long tail;
    if (s.upTo() != null) {
      tail = s.upTo();
    } else {
      try (PreparedStatement p = r.prepare("SELECT coalesce(max(seq), -1) FROM logs")) {
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          tail = rs.getLong(1);
        }
      }
    }
    StringBuilder sql = new StringBuilder("time_ns BETWEEN ? AND ? AND (seq IS NULL OR seq <= ?)");
    List<Object> args = new ArrayList<>(List.of(s.sinceNanos(), s.untilNanos(), tail));
    filters(s, sql, args);
    String direction = s.newestFirst() ? "DESC" : "ASC";
    if (s.after() != null) {
      sql.append(s.newestFirst() ? " AND (time_ns < ? OR time_ns = ? AND coalesce(seq, -1) < ?)"
          : " AND (time_ns > ? OR time_ns = ? AND coalesce(seq, -1) > ?)");
      args.add(s.after().timeNanos());
      args.add(s.after().timeNanos());
      args.add(s.after().seq());
    }
    List<LogPage.Line> lines = new ArrayList<>();
    boolean more = read(r, sql.toString(), "time_ns " + direction + ", coalesce(seq, -1) " + direction, args,
        s.limit(), lines);
    return new LogPage(lines, more, tail);
  }

  private static LogPage tail(DuckDbReader r, LogSearch s) throws SQLException {
    StringBuilder sql = new StringBuilder("seq > ?");
    List<Object> args = new ArrayList<>(List.of(s.tailAfter()));
    filters(s, sql, args);
    List<LogPage.Line> lines = new ArrayList<>();
    boolean more = read(r, sql.toString(), "seq", args, s.limit(), lines);
    return new LogPage(lines, more, lines.isEmpty() ? s.tailAfter() : lines.get(lines.size() - 1).seq());
  }

  private static void filters(LogSearch s, StringBuilder sql, List<Object> args) {
    if (s.traceId() != null) {
      sql.append(" AND trace_id = ?");
      args.add(s.traceId());
    }
    if (s.requestId() != null) {
      sql.append(" AND request_id = ?");
      args.add(s.requestId());
    }
    if (s.function() != null) {
      sql.append(" AND function = ?");
      args.add(s.function());
    }
    if (s.text() != null) {
      sql.append(" AND contains(lower(body), lower(?))");
      args.add(s.text());
    }
    if (!s.levels().isEmpty()) {
      sql.append(" AND (").append(LEVEL).append(") IN (").append(String.join(", ", s.levels().stream().map(l -> "?")
          .toList())).append(')');
      args.addAll(s.levels().stream().sorted().toList());
    }
  }

  /**
   * Reads up to {@code limit} lines into {@code out}, in {@code order}; true when more follow. The level is worked
   * out for the lines of the page only (a regular expression over every line of the window would cost more than
   * the search).
   */
  private static boolean read(DuckDbReader r, String where, String order, List<Object> args, int limit,
      List<LogPage.Line> out) throws SQLException {
    List<Object> all = new ArrayList<>(args);
    all.add(limit + 1);
    try (PreparedStatement p = r.prepare("SELECT time_ns, severity, body, service, function, request_id, trace_id, "
        + "span_id, attributes, coalesce(seq, -1), " + LEVEL + " FROM (SELECT * FROM logs WHERE " + where
        + " ORDER BY " + order + " LIMIT ?) ORDER BY " + order)) {
      DuckDbTraceSearch.bind(p, all);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          if (out.size() == limit) {
            return true;
          }
          out.add(new LogPage.Line(new LogRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getBytes(8), rs.getString(9)), rs.getString(11),
              rs.getLong(10)));
        }
      }
    }
    return false;
  }
}
