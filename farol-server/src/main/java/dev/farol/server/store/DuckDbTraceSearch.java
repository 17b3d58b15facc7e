package dev.farol.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Store#findTraces} on DuckDB, in one read transaction (total, page and scatter agree).
 *
 * <p>Filters on a trace's own row read {@code traces} alone. Filters any span may meet read the spans once: only
 * those in the write-order range ({@code seq}) of the traces that pass the row filters (DuckDB skips the row groups
 * outside it by their min/max {@code seq}; a store from before {@code seq} is read by start time instead), grouped
 * by trace into a temporary table of the traces that meet every such filter, which the total, the page and the
 * scatter then join.
 */
final class DuckDbTraceSearch {
  /** Columns of the time axis of a binned scatter: {@value}. */
  static final int TIME_BINS = 60;
  /** Rows of the duration axis of a binned scatter: {@value}. */
  static final int DURATION_BINS = 30;

  private DuckDbTraceSearch() {}

  /** A search's SQL condition on {@code traces t} and its arguments, in order. */
  private record Where(String sql, List<Object> args) {}

  /**
   * Runs the search; {@code scatterPoints} &lt; 0 asks for no scatter, else points when at most that many
   * traces match, bins beyond.
   */
  static TracePage find(DuckDbReader r, TraceSearch s, int scatterPoints) throws SQLException {
    boolean autoCommit = r.db.getAutoCommit();
    r.db.setAutoCommit(false);
    try {
      TracePage page = findInTransaction(r, s, scatterPoints);
      r.db.commit();
      return page;
    } catch (SQLException | RuntimeException e) {
      r.db.rollback();
      throw e;
    } finally {
      r.db.setAutoCommit(autoCommit);
    }
  }

  private static TracePage findInTransaction(DuckDbReader r, TraceSearch s, int scatterPoints) throws SQLException {
    Where rows = rowFilters(s);
    Where where = rows;
    if (s.filtersSpans()) {
      if (!collectSpanMatches(r, s, rows)) {
        return new TracePage(List.of(), 0, false, scatterPoints < 0 ? null : new TracePage.Scatter(List.of(),
            List.of()));
      }
      where = new Where(rows.sql() + " AND t.trace_id IN (SELECT trace_id FROM temp.search_hits)", rows.args());
    }
    long total;
    long minStart;
    long maxStart;
    long minDuration;
    long maxDuration;
    try (PreparedStatement p = r.prepare("SELECT count(*), min(start_ns), max(start_ns), min(end_ns - start_ns), "
        + "max(end_ns - start_ns) FROM traces t WHERE " + where.sql())) {
      bind(p, where.args());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        total = rs.getLong(1);
        minStart = rs.getLong(2);
        maxStart = rs.getLong(3);
        minDuration = rs.getLong(4);
        maxDuration = rs.getLong(5);
      }
    }
    List<TraceSummary> traces = new ArrayList<>();
    boolean more = false;
    if (total > 0) {
      StringBuilder sql = new StringBuilder("SELECT trace_id, root_name, service, start_ns, end_ns - start_ns, "
          + "span_count, error FROM traces t WHERE ").append(where.sql());
      List<Object> args = new ArrayList<>(where.args());
      if (s.after() != null) {
        sql.append(" AND (t.start_ns < ? OR t.start_ns = ? AND t.trace_id < ?)");
        args.add(s.after().startNanos());
        args.add(s.after().startNanos());
        args.add(s.after().traceId());
      }
      sql.append(" ORDER BY t.start_ns DESC, t.trace_id DESC LIMIT ?");
      args.add(s.limit() + 1);
      try (PreparedStatement p = r.prepare(sql.toString())) {
        bind(p, args);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            if (traces.size() == s.limit()) {
              more = true;
              break;
            }
            traces.add(new TraceSummary(rs.getBytes(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getInt(6), rs.getBoolean(7)));
          }
        }
      }
    }
    TracePage.Scatter scatter = null;
    if (scatterPoints >= 0) {
      scatter = total == 0 ? new TracePage.Scatter(List.of(), List.of())
          : total <= scatterPoints ? new TracePage.Scatter(points(r, where), List.of())
          : new TracePage.Scatter(List.of(), bins(r, where, minStart, maxStart, minDuration, maxDuration));
    }
    if (s.filtersSpans()) {
      try (Statement st = r.db.createStatement()) {
        st.execute("DROP TABLE IF EXISTS temp.search_hits");
      }
    }
    return new TracePage(traces, total, more, scatter);
  }

  /** The conditions on the trace's own row. */
  private static Where rowFilters(TraceSearch s) {
    StringBuilder sql = new StringBuilder("t.start_ns BETWEEN ? AND ?");
    List<Object> args = new ArrayList<>(List.of(s.sinceNanos(), s.untilNanos()));
    if (s.service() != null) {
      sql.append(" AND t.service = ?");
      args.add(s.service());
    }
    if (s.rootName() != null) {
      sql.append(" AND t.root_name = ?");
      args.add(s.rootName());
    }
    if (s.error() != null) {
      sql.append(" AND t.error = ?");
      args.add(s.error());
    }
    if (s.minDurationNanos() != null) {
      sql.append(" AND t.end_ns - t.start_ns >= ?");
      args.add(s.minDurationNanos());
    }
    if (s.maxDurationNanos() != null) {
      sql.append(" AND t.end_ns - t.start_ns <= ?");
      args.add(s.maxDurationNanos());
    }
    return new Where(sql.toString(), args);
  }

  /**
   * Fills {@code temp.search_hits} with the traces having, for each span filter, a span that meets it; reads
   * only the spans of the write-order range of the traces passing {@code rows}. False when no trace passes them.
   */
  private static boolean collectSpanMatches(DuckDbReader r, TraceSearch s, Where rows) throws SQLException {
    long seqMin;
    long seqMax;
    boolean bySeq;
    long maxEnd;
    try (PreparedStatement p = r.prepare("SELECT count(*), count(seq_min), min(seq_min), max(seq_max), max(end_ns) "
        + "FROM traces t WHERE " + rows.sql())) {
      bind(p, rows.args());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        long n = rs.getLong(1);
        if (n == 0) {
          return false;
        }
        bySeq = rs.getLong(2) == n;
        seqMin = rs.getLong(3);
        seqMax = rs.getLong(4);
        maxEnd = rs.getLong(5);
      }
    }
    List<String> conditions = new ArrayList<>();
    List<List<Object>> conditionArgs = new ArrayList<>();
    if (s.function() != null) {
      conditions.add("function = ?");
      conditionArgs.add(List.of(s.function()));
    }
    if (s.spanName() != null) {
      conditions.add("contains(name, ?)");
      conditionArgs.add(List.of(s.spanName()));
    }
    if (s.route() != null) {
      TraceSearch.Route route = s.route();
      if (route.method() != null) {
        conditions.add("(name = ? OR name = ? OR " + attribute("http.route") + " = ? AND coalesce("
            + attribute("http.request.method") + ", " + attribute("http.method") + ") = ?)");
        conditionArgs.add(List.of(route.method() + " " + route.path(), "aws.apigateway " + route.method() + " "
            + route.path(), route.path(), route.method()));
      } else {
        conditions.add("(suffix(name, ?) OR " + attribute("http.route") + " = ?)");
        conditionArgs.add(List.of(" " + route.path(), route.path()));
      }
    }
    for (TraceSearch.AttributeFilter a : s.attributes()) {
      conditions.add(attribute(a.key()) + " = ?");
      conditionArgs.add(List.of(a.value()));
    }
    StringBuilder sql = new StringBuilder("CREATE OR REPLACE TEMP TABLE search_hits AS SELECT trace_id FROM spans "
        + "WHERE ").append(bySeq ? "seq" : "start_ns").append(" BETWEEN ? AND ?");
    List<Object> args = new ArrayList<>(bySeq ? List.of(seqMin, seqMax) : List.of(s.sinceNanos(), maxEnd));
    if (conditions.size() == 1) {
      sql.append(" AND ").append(conditions.get(0)).append(" GROUP BY trace_id");
      args.addAll(conditionArgs.get(0));
    } else {
      sql.append(" AND (").append(String.join(" OR ", conditions)).append(") GROUP BY trace_id HAVING ");
      conditionArgs.forEach(args::addAll);
      for (int i = 0; i < conditions.size(); i++) {
        sql.append(i == 0 ? "" : " AND ").append("bool_or(").append(conditions.get(i)).append(')');
        args.addAll(conditionArgs.get(i));
      }
    }
    try (PreparedStatement p = r.db.prepareStatement(sql.toString())) {
      bind(p, args);
      p.execute();
    }
    return true;
  }

  /**
   * A span attribute's value as text, by JSON pointer (keys hold dots, such as {@code http.route}); the key goes
   * into the SQL as a quoted literal.
   */
  static String attribute(String key) {
    String pointer = "/" + key.replace("~", "~0").replace("/", "~1");
    return "json_extract_string(attributes, '" + pointer.replace("'", "''") + "')";
  }

  private static List<TracePage.Point> points(DuckDbReader r, Where where) throws SQLException {
    List<TracePage.Point> out = new ArrayList<>();
    try (PreparedStatement p = r.prepare("SELECT trace_id, start_ns, end_ns - start_ns, error FROM traces t WHERE "
        + where.sql() + " ORDER BY t.start_ns, t.trace_id")) {
      bind(p, where.args());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new TracePage.Point(rs.getBytes(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)));
        }
      }
    }
    return out;
  }

  /**
   * Counts per cell of {@value #TIME_BINS} slices of the matches' start range by {@value #DURATION_BINS} slices
   * (of equal ratio) of their duration range.
   */
  private static List<TracePage.Bin> bins(DuckDbReader r, Where where, long minStart, long maxStart,
      long minDuration, long maxDuration) throws SQLException {
    double span = Math.max(1, maxStart - minStart);
    double low = Math.max(1, minDuration);
    double ratio = Math.log(Math.max(low, maxDuration) / low);
    String timeBin = "least(" + (TIME_BINS - 1) + ", floor((t.start_ns - ?) / ? * " + TIME_BINS + "))::INTEGER";
    String durationBin = ratio == 0 ? "0" : "least(" + (DURATION_BINS - 1) + ", greatest(0, floor(ln(greatest(t.end_ns "
        + "- t.start_ns, 1) / ?) / ? * " + DURATION_BINS + ")))::INTEGER";
    List<Object> args = new ArrayList<>(List.of(minStart, span));
    if (ratio != 0) {
      args.add(low);
      args.add(ratio);
    }
    args.addAll(where.args());
    List<TracePage.Bin> out = new ArrayList<>();
    try (PreparedStatement p = r.prepare("SELECT " + timeBin + " AS tb, " + durationBin + " AS db, count(*), "
        + "count_if(t.error) FROM traces t WHERE " + where.sql() + " GROUP BY tb, db ORDER BY tb, db")) {
      bind(p, args);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          int tb = rs.getInt(1);
          int db = rs.getInt(2);
          out.add(new TracePage.Bin(minStart + (long) (span * tb / TIME_BINS),
              tb == TIME_BINS - 1 ? maxStart : minStart + (long) (span * (tb + 1) / TIME_BINS),
              durationEdge(low, ratio, db, minDuration), db == DURATION_BINS - 1 || ratio == 0 ? maxDuration
                  : durationEdge(low, ratio, db + 1, minDuration), rs.getLong(3), rs.getLong(4)));
        }
      }
    }
    return out;
  }

  private static long durationEdge(double low, double ratio, int bin, long minDuration) {
    return bin == 0 ? minDuration : Math.round(low * Math.exp(ratio * bin / DURATION_BINS));
  }

  static void bind(PreparedStatement p, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof byte[] b) {
        p.setBytes(i + 1, b);
      } else {
        p.setObject(i + 1, a);
      }
    }
  }
}
