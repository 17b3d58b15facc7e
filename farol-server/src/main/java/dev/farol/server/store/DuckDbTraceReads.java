package dev.farol.server.store;

import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads of one trace in DuckDB: all its spans, the outline of every span (the columns of the tree and its times
 * only), and the whole rows of the spans asked for. Each reads the trace's row in {@code traces} through the key's
 * index first ({@link #range}), then only the spans in the write-order range that row gives (DuckDB skips the
 * other row groups by their min/max {@code seq}); never all spans.
 */
final class DuckDbTraceReads {
  /** The columns of a {@link SpanRow}, in the order {@link #row} reads them. */
  private static final String SPAN_COLUMNS = "trace_id, span_id, parent_span_id, name, service, kind, start_ns, "
      + "end_ns, status_code, status_message, attributes, events, links, function, request_id";

  /** A trace's spans by start time, then span id. */
  private static final Comparator<SpanRow> SPAN_ORDER = Comparator.comparingLong(SpanRow::startNanos)
      .thenComparing(SpanRow::spanId, Arrays::compareUnsigned);

  /** The IN lists' sizes: a list is padded to the next of these, so that few statements are prepared. */
  private static final int[] ID_LIST_SIZES = {16, 128, 1024};

  /**
   * Where a trace's spans are: its {@code traces} row. The spans' write order ({@code seq}) is what DuckDB skips
   * row groups by best (a trace's spans were written together, or within a short stretch); stores from before
   * {@code seq} existed are read by time.
   */
  record Range(long start, long end, long seqMin, long seqMax, boolean bySeq) {
    /** The column the trace's spans are found by. */
    String column() {
      return bySeq ? "seq" : "start_ns";
    }

    /** Binds the trace id and the range of {@link #column()} as a statement's first three parameters. */
    void bind(PreparedStatement p, byte[] traceId) throws SQLException {
      p.setBytes(1, traceId);
      p.setLong(2, bySeq ? seqMin : start);
      p.setLong(3, bySeq ? seqMax : end);
    }
  }

  private DuckDbTraceReads() {}

  /** The trace's range, {@code null} when the trace is unknown. */
  static Range range(DuckDbReader r, byte[] traceId) throws SQLException {
    try (PreparedStatement p = r.prepare("SELECT start_ns, end_ns, seq_min, seq_max FROM traces WHERE trace_id = ?")) {
      p.setBytes(1, traceId);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        long start = rs.getLong(1);
        long end = rs.getLong(2);
        long seqMin = rs.getLong(3);
        boolean bySeq = !rs.wasNull();
        long seqMax = rs.getLong(4);
        bySeq &= !rs.wasNull();
        return new Range(start, end, seqMin, seqMax, bySeq);
      }
    }
  }

  /** Every span of the trace, by start time then span id. */
  static List<SpanRow> all(DuckDbReader r, byte[] traceId, Range range) throws SQLException {
    try (PreparedStatement p = r.prepare("SELECT " + SPAN_COLUMNS + " FROM spans WHERE trace_id = ? AND "
        + range.column() + " BETWEEN ? AND ?")) {
      range.bind(p, traceId);
      List<SpanRow> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
      // ordered here rather than in SQL: a sort operator costs DuckDB more to plan and run than these few rows
      out.sort(SPAN_ORDER);
      return out;
    }
  }

  /** {@link Store#traceOutline}: empty when the trace is unknown. */
  static List<SpanOutline> outline(DuckDbReader r, byte[] traceId) throws SQLException {
    Range range = range(r, traceId);
    if (range == null) {
      return List.of();
    }
    try (PreparedStatement p = r.prepare("SELECT span_id, parent_span_id, name, service, start_ns, end_ns, "
        + "status_code FROM spans WHERE trace_id = ? AND " + range.column() + " BETWEEN ? AND ?")) {
      range.bind(p, traceId);
      List<SpanOutline> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new SpanOutline(rs.getBytes(1), rs.getBytes(2), rs.getString(3), rs.getString(4), rs.getLong(5),
              rs.getLong(6), rs.getInt(7)));
        }
      }
      return out;
    }
  }

  /** {@link Store#traceSpans}: up to 1,024 ids in one statement. */
  static List<SpanRow> spans(DuckDbReader r, byte[] traceId, List<byte[]> asked) throws SQLException {
    Range range = asked.isEmpty() ? null : range(r, traceId);
    if (range == null) {
      return List.of();
    }
    // an id asked twice could fall in two statements
    Set<ByteBuffer> once = new LinkedHashSet<>();
    asked.forEach(id -> once.add(ByteBuffer.wrap(id)));
    List<byte[]> spanIds = once.stream().map(ByteBuffer::array).toList();
    int most = ID_LIST_SIZES[ID_LIST_SIZES.length - 1];
    List<SpanRow> out = new ArrayList<>(spanIds.size());
    for (int from = 0; from < spanIds.size(); from += most) {
      List<byte[]> ids = spanIds.subList(from, Math.min(spanIds.size(), from + most));
      int size = Arrays.stream(ID_LIST_SIZES).filter(s -> s >= ids.size()).findFirst().orElse(most);
      try (PreparedStatement p = r.prepare("SELECT " + SPAN_COLUMNS + " FROM spans WHERE trace_id = ? AND "
          + range.column() + " BETWEEN ? AND ? AND span_id IN (" + "?, ".repeat(size - 1) + "?)")) {
        range.bind(p, traceId);
        for (int i = 0; i < size; i++) {
          // padded with the last id: the same answer, from a statement prepared once per size
          p.setBytes(4 + i, ids.get(Math.min(i, ids.size() - 1)));
        }
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(row(rs));
          }
        }
      }
    }
    return out;
  }

  private static SpanRow row(ResultSet rs) throws SQLException {
    return new SpanRow(rs.getBytes(1), rs.getBytes(2), rs.getBytes(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getInt(9), rs.getString(10), rs.getString(11),
        rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15));
  }
}
