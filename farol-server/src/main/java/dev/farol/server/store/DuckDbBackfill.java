package dev.farol.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.duckdb.DuckDBConnection;

/**
 * What a store made by an earlier version lacks of the aggregates kept at ingest, made once when it is opened
 * (before any write), each in one transaction:
 *
 * <ul>
 *   <li>made before the per-minute aggregates: they (and the hours) are computed from the stored invocations and
 *       init spans;
 *   <li>made before the hourly ones: the minutes are summed into hours;
 *   <li>made before the aggregates kept init phases (their rows have {@code NULL} init columns): the stored
 *       {@code aws.lambda.init} spans are counted into the minutes and hours they ended in.
 * </ul>
 */
final class DuckDbBackfill {
  private static final Logger LOG = Logger.getLogger(DuckDbBackfill.class.getName());
  private static final String INIT_SPANS = "SELECT function, start_ns, end_ns FROM spans "
      + "WHERE name = 'aws.lambda.init' AND function IS NOT NULL";

  private final DuckDBConnection db;
  private final DuckDbInvocations invocations;

  DuckDbBackfill(DuckDBConnection db, DuckDbInvocations invocations) {
    this.db = db;
    this.invocations = invocations;
  }

  void run() throws SQLException {
    try (Statement s = db.createStatement()) {
      long minuteRows;
      long hourRows;
      long invocationRows;
      long withoutInits;
      try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM function_minutes), "
          + "(SELECT count(*) FROM function_hours), (SELECT count(*) FROM invocations), "
          + "(SELECT count(*) FROM function_minutes WHERE init_count IS NULL)")) {
        rs.next();
        minuteRows = rs.getLong(1);
        hourRows = rs.getLong(2);
        invocationRows = rs.getLong(3);
        withoutInits = rs.getLong(4);
      }
      if (minuteRows == 0 && invocationRows > 0) {
        minutesFromInvocations(s);
        return;
      }
      if (minuteRows > 0 && hourRows == 0) {
        hoursFromMinutes(s);
      }
      if (withoutInits > 0) {
        initsFromSpans(s);
      }
    }
  }

  private void minutesFromInvocations(Statement s) throws SQLException {
    Map<DuckDbInvocations.MinuteKey, FunctionMinutes.Delta> minutes = new HashMap<>();
    try (ResultSet rs = s.executeQuery("SELECT function, start_ns, duration_ms, status, cold_start, "
        + "memory_size_mb, max_memory_used_mb, billed_ms, arch FROM invocations")) {
      while (rs.next()) {
        minutes.computeIfAbsent(new DuckDbInvocations.MinuteKey(rs.getString(1), FunctionMinutes.minute(rs.getLong(2))),
            k -> new FunctionMinutes.Delta()).add(rs.getDouble(3), !"success".equals(rs.getString(4)),
            rs.getBoolean(5), rs.getLong(6), rs.getLong(7),
            DuckDbInvocations.cost(rs.getLong(8), rs.getLong(6), rs.getString(9)));
      }
    }
    readInits(s, minutes);
    LOG.info("computing per-minute function aggregates from " + minutes.size() + " function minutes of "
        + "stored invocations (once, for a store made before they existed)");
    s.execute("SELECT 1"); // begins the transaction
    // the hours are sums of the minutes: made again with them
    s.execute("DELETE FROM function_hours");
    s.execute("DELETE FROM function_hour_durations");
    invocations.writeMinutes(minutes);
    db.commit();
  }

  private void hoursFromMinutes(Statement s) throws SQLException {
    LOG.info("computing hourly function aggregates from the per-minute ones (once, for a store made before they "
        + "existed)");
    String hour = "minute_ns // " + FunctionMinutes.HOUR_NS + " * " + FunctionMinutes.HOUR_NS;
    s.execute("SELECT 1"); // begins the transaction
    s.execute("INSERT INTO function_hours (function, hour_ns, invocations, errors, cold_starts, min_ms, max_ms, "
        + "max_memory_used_mb, memory_size_mb, cost_usd, init_count, init_ms, init_max_ms) SELECT function, " + hour
        + ", sum(invocations), sum(errors), sum(cold_starts), min(min_ms), max(max_ms), max(max_memory_used_mb), "
        + "max(memory_size_mb), sum(cost_usd), sum(init_count), sum(init_ms), max(init_max_ms) "
        + "FROM function_minutes GROUP BY ALL");
    s.execute("INSERT INTO function_hour_durations SELECT function, " + hour + ", bucket, sum(count) "
        + "FROM function_minute_durations GROUP BY ALL");
    db.commit();
  }

  private void initsFromSpans(Statement s) throws SQLException {
    Map<DuckDbInvocations.MinuteKey, FunctionMinutes.Delta> minutes = new HashMap<>();
    readInits(s, minutes);
    LOG.info("counting " + minutes.values().stream().mapToLong(d -> d.inits).sum() + " stored init spans into the "
        + "function aggregates (once, for a store made before they kept init phases)");
    s.execute("SELECT 1"); // begins the transaction
    for (String t : new String[] {"function_minutes", "function_hours"}) {
      s.execute("UPDATE " + t + " SET init_count = 0, init_ms = 0, init_max_ms = 0 WHERE init_count IS NULL");
    }
    invocations.writeMinutes(minutes);
    db.commit();
  }

  private static void readInits(Statement s, Map<DuckDbInvocations.MinuteKey, FunctionMinutes.Delta> minutes)
      throws SQLException {
    try (ResultSet rs = s.executeQuery(INIT_SPANS)) {
      while (rs.next()) {
        DuckDbInvocations.init(rs.getString(1), rs.getLong(2), rs.getLong(3), minutes);
      }
    }
  }
}
