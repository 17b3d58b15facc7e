package dev.farol.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Spans into DuckDB, in the store thread's transaction: {@code spans} through DuckDB's appender, without a
 * primary key (an index over every span costs more than the insert), and the {@code traces} row of each trace,
 * appended for a new trace and merged for a known one.
 *
 * <p>Duplicates are found through {@code traces} instead: a span of a trace not yet known cannot be a duplicate
 * (a Bloom filter of the stored trace ids, {@link TraceIdFilter}, answers that for most traces without asking the
 * database); for traces already known, the spans stored in the incoming spans' time range are read (DuckDB skips
 * row groups by their min/max start time) and what is already there is left out. The store thread is the only
 * writer, so nothing can slip in between the check and the insert. Each span gets its write order
 * ({@code seq}), which trace-by-id reads by.
 */
final class DuckDbSpans {
  /** A span's identity, for dedupe. */
  private record SpanKey(long traceHi, long traceLo, long span) {}

  /** A trace id as a map key. */
  private record TraceKey(long hi, long lo) {}

  /**
   * What a group adds to a trace. The root is the span without a parent; until one is seen (the caller
   * of a Lambda may not report its spans), the earliest server span stands in for it.
   */
  private static final class TraceDelta {
    final byte[] id;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    String rootName;
    String service;
    int rootRank = -1;
    long rootStart;
    int count;
    boolean error;
    long seqMin = Long.MAX_VALUE;
    long seqMax = Long.MIN_VALUE;

    TraceDelta(byte[] id) {
      this.id = id;
    }

    void add(SpanRow s, long seq) {
      seqMin = Math.min(seqMin, seq);
      seqMax = Math.max(seqMax, seq);
      int rank = rootRank(s);
      if (rank > rootRank || rank == rootRank && s.startNanos() < rootStart) {
        rootRank = rank;
        rootStart = s.startNanos();
        rootName = s.name();
        service = s.service();
      }
      start = Math.min(start, s.startNanos());
      end = Math.max(end, s.endNanos());
      count++;
      error |= s.statusCode() == 2;
    }
  }

  private final DuckDBConnection db;
  private TraceIdFilter known;
  /** The write order of the next span (a column DuckDB keeps min/max of per row group). */
  private long nextSeq;

  DuckDbSpans(DuckDBConnection db) throws SQLException {
    this.db = db;
    known = filterOfStoredTraces(0);
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS trace_delta (trace_id BLOB, start_ns BIGINT, end_ns BIGINT, "
          + "root_name VARCHAR, service VARCHAR, span_count INTEGER, error BOOLEAN, root_rank INTEGER, "
          + "seq_min BIGINT, seq_max BIGINT)");
      try (ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), -1) + 1 FROM spans")) {
        rs.next();
        nextSeq = rs.getLong(1);
      }
      s.execute("CREATE TEMP TABLE IF NOT EXISTS known_trace (trace_id BLOB)");
    }
  }

  /**
   * Appends the spans not stored yet and merges what they add into their traces' rows; returns the
   * invocation spans and init spans among them ({@link DuckDbInvocations#isInvocationSpan}, {@link
   * DuckDbInvocations#isInitSpan}), for the invocations table and the function aggregates.
   */
  List<SpanRow> write(List<SpanRow> incoming) throws SQLException {
    if (incoming.isEmpty()) {
      return List.of();
    }
    // a span twice in the group is one span
    Set<SpanKey> seen = new HashSet<>(incoming.size() * 2);
    List<SpanRow> spans = new ArrayList<>(incoming.size());
    Map<TraceKey, byte[]> traceIds = new HashMap<>();
    for (SpanRow s : incoming) {
      if (seen.add(spanKey(s.traceId(), s.spanId()))) {
        spans.add(s);
        traceIds.putIfAbsent(traceKey(s.traceId()), s.traceId());
      }
    }
    // only traces the filter may know can have spans stored already
    Map<TraceKey, byte[]> maybeKnown = new HashMap<>();
    for (Map.Entry<TraceKey, byte[]> e : traceIds.entrySet()) {
      if (known.mayContain(e.getKey().hi(), e.getKey().lo())) {
        maybeKnown.put(e.getKey(), e.getValue());
      }
    }
    Set<TraceKey> existing = new HashSet<>();
    Set<SpanKey> stored = maybeKnown.isEmpty() ? Set.of() : storedAlready(spans, maybeKnown, existing);
    Map<TraceKey, TraceDelta> deltas = new HashMap<>();
    List<SpanRow> invocations = new ArrayList<>();
    // a trace's spans of this group are written next to each other
    spans.sort(BY_TRACE);
    try (DuckDBAppender a = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "spans")) {
      for (SpanRow s : spans) {
        if (!stored.isEmpty() && stored.contains(spanKey(s.traceId(), s.spanId()))) {
          continue; // a retried export: already stored
        }
        a.beginRow();
        a.append(s.traceId());
        a.append(s.spanId());
        DuckDbRows.appendBytesOrNull(a, s.parentSpanId());
        DuckDbRows.appendOrNull(a, s.name());
        DuckDbRows.appendOrNull(a, s.service());
        DuckDbRows.appendOrNull(a, s.kind());
        a.append(s.startNanos());
        a.append(s.endNanos());
        a.append(s.statusCode());
        DuckDbRows.appendOrNull(a, s.statusMessage());
        DuckDbRows.appendOrNull(a, s.attributes());
        DuckDbRows.appendOrNull(a, s.events());
        DuckDbRows.appendOrNull(a, s.links());
        DuckDbRows.appendOrNull(a, s.function());
        DuckDbRows.appendOrNull(a, s.requestId());
        long seq = nextSeq++;
        a.append(seq);
        a.endRow();
        deltas.computeIfAbsent(traceKey(s.traceId()), k -> new TraceDelta(s.traceId())).add(s, seq);
        if (s.function() != null && (s.requestId() != null && DuckDbInvocations.isInvocationSpan(s)
            || DuckDbInvocations.isInitSpan(s))) {
          invocations.add(s);
        }
      }
      a.flush();
    }
    if (deltas.isEmpty()) {
      return invocations;
    }
    // new traces are appended; traces already stored are merged with what this group adds
    boolean merge = false;
    try (DuckDBAppender fresh = db.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "traces");
        DuckDBAppender merged = db.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "trace_delta")) {
      for (Map.Entry<TraceKey, TraceDelta> e : deltas.entrySet()) {
        TraceDelta d = e.getValue();
        boolean old = existing.contains(e.getKey());
        merge |= old;
        DuckDBAppender a = old ? merged : fresh;
        a.beginRow();
        a.append(d.id);
        a.append(d.start);
        a.append(d.end);
        DuckDbRows.appendOrNull(a, d.rootName);
        DuckDbRows.appendOrNull(a, d.service);
        a.append(d.count);
        a.append(d.error);
        a.append(d.rootRank);
        a.append(d.seqMin);
        a.append(d.seqMax);
        a.endRow();
      }
      fresh.flush();
      merged.flush();
    }
    for (TraceKey k : deltas.keySet()) {
      known.add(k.hi(), k.lo());
    }
    if (known.count() > known.capacity()) {
      known = filterOfStoredTraces(2 * known.count());
    }
    if (merge) {
      String takes = "(excluded.root_rank > traces.root_rank OR excluded.root_rank = traces.root_rank "
          + "AND excluded.start_ns < traces.start_ns)";
      try (Statement s = db.createStatement()) {
        s.execute("INSERT INTO traces SELECT * FROM temp.trace_delta "
            + "ON CONFLICT (trace_id) DO UPDATE SET "
            + "root_name = CASE WHEN " + takes + " THEN excluded.root_name ELSE traces.root_name END, "
            + "service = CASE WHEN " + takes + " THEN excluded.service ELSE traces.service END, "
            + "root_rank = greatest(traces.root_rank, excluded.root_rank), "
            + "start_ns = least(traces.start_ns, excluded.start_ns), "
            + "end_ns = greatest(traces.end_ns, excluded.end_ns), "
            + "span_count = traces.span_count + excluded.span_count, error = traces.error OR excluded.error, "
            + "seq_min = least(traces.seq_min, excluded.seq_min), seq_max = greatest(traces.seq_max, excluded.seq_max)");
        s.execute("DELETE FROM temp.trace_delta");
      }
    }
    return invocations;
  }

  /**
   * The spans of this group already stored: only traces already known can have any, and only in the
   * time range of the incoming spans of those traces.
   */
  private Set<SpanKey> storedAlready(List<SpanRow> spans, Map<TraceKey, byte[]> traceIds, Set<TraceKey> existing)
      throws SQLException {
    try (DuckDBAppender a = db.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "known_trace")) {
      for (byte[] id : traceIds.values()) {
        a.beginRow();
        a.append(id);
        a.endRow();
      }
      a.flush();
    }
    try (Statement s = db.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT t.trace_id FROM traces t SEMI JOIN temp.known_trace k "
          + "ON t.trace_id = k.trace_id")) {
        while (rs.next()) {
          existing.add(traceKey(rs.getBytes(1)));
        }
      }
      s.execute("DELETE FROM temp.known_trace");
    }
    if (existing.isEmpty()) {
      return Set.of();
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (SpanRow s : spans) {
      if (existing.contains(traceKey(s.traceId()))) {
        min = Math.min(min, s.startNanos());
        max = Math.max(max, s.startNanos());
      }
    }
    try (DuckDBAppender a = db.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "known_trace")) {
      for (TraceKey k : existing) {
        a.beginRow();
        a.append(traceIds.get(k));
        a.endRow();
      }
      a.flush();
    }
    Set<SpanKey> stored = new HashSet<>();
    try (PreparedStatement p = db.prepareStatement("SELECT s.trace_id, s.span_id FROM spans s "
        + "SEMI JOIN temp.known_trace k ON s.trace_id = k.trace_id WHERE s.start_ns BETWEEN ? AND ?")) {
      p.setLong(1, min);
      p.setLong(2, max);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          stored.add(spanKey(rs.getBytes(1), rs.getBytes(2)));
        }
      }
    }
    try (Statement s = db.createStatement()) {
      s.execute("DELETE FROM temp.known_trace");
    }
    return stored;
  }

  /** A filter of every trace id stored, sized for at least {@code atLeast} of them. */
  private TraceIdFilter filterOfStoredTraces(long atLeast) throws SQLException {
    try (Statement s = db.createStatement()) {
      long n;
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM traces")) {
        rs.next();
        n = rs.getLong(1);
      }
      TraceIdFilter f = new TraceIdFilter(Math.max(atLeast, 2 * n));
      try (ResultSet rs = s.executeQuery("SELECT trace_id FROM traces")) {
        while (rs.next()) {
          TraceKey k = traceKey(rs.getBytes(1));
          f.add(k.hi(), k.lo());
        }
      }
      return f;
    }
  }

  private static int rootRank(SpanRow s) {
    return s.parentSpanId() == null ? 2 : "SERVER".equals(s.kind()) || "CONSUMER".equals(s.kind()) ? 1 : 0;
  }

  /** The halves of a 16-byte trace id, read in place (the sort below compares millions of times a group). */
  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      long[].class, java.nio.ByteOrder.BIG_ENDIAN);

  private static long hi(byte[] id) {
    return (long) LONGS.get(id, 0);
  }

  private static long lo(byte[] id) {
    return (long) LONGS.get(id, 8);
  }

  /** Spans by trace id, so that a trace's spans of a group are written next to each other. */
  private static final java.util.Comparator<SpanRow> BY_TRACE = java.util.Comparator
      .comparingLong((SpanRow s) -> hi(s.traceId())).thenComparingLong(s -> lo(s.traceId()));

  private static TraceKey traceKey(byte[] id) {
    return new TraceKey(hi(id), lo(id));
  }

  private static SpanKey spanKey(byte[] trace, byte[] span) {
    return new SpanKey(hi(trace), lo(trace), (long) LONGS.get(span, 0));
  }
}
