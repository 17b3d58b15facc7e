package dev.farol.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * The embedded default store: one DuckDB database file on disk.
 *
 * <p>Schema, for the queries the API asks: {@code spans}, ids as bytes, appended without an index
 * (a retried export is recognised at ingest, see {@link DuckDbWriter}); {@code traces}, one row per
 * trace keyed by its id with its time range, root and counts, kept at ingest, so trace-by-id reads one
 * row through the key's index and then only the spans of that write-order range (DuckDB skips row groups
 * by their min/max {@code seq}) and trace search never scans spans; {@code invocations}, one row per
 * Lambda invocation span, and {@code function_minutes} with {@code function_minute_durations}, per-minute
 * aggregates for the function summary ({@link FunctionMinutes}), and the same per hour ({@code function_hours},
 * {@code function_hour_durations}; read by {@link DuckDbFunctions}); {@code logs} and {@code metrics};
 * {@code diagnostics}, the extension's records by invocation ({@link DuckDbDiagnostics}).
 * Writes go through the ingest journal and are stored in large groups on a connection and thread of
 * their own ({@link DuckDbWriter}): a request's batch is stored whole or not at all. Reads take one of
 * {@value #READERS} reading connections and see everything acknowledged before they began.
 */
public final class DuckDbStore implements Store {
  /** Lambda's price per GB-second (x86_64, us-east-1, first tier) and per request. */
  static final double PRICE_GB_SECOND_X86 = 0.0000166667;
  static final double PRICE_GB_SECOND_ARM = 0.0000133334;
  static final double PRICE_REQUEST = 0.0000002;

  /** Reading connections at most: {@value}. Reads run concurrently, one per connection. */
  static final int READERS = 3;

  /** Reading connections, each with its prepared statements; writes have their own ({@link DuckDbWriter}). */
  private final java.util.concurrent.BlockingQueue<DuckDbReader> readers;
  private final List<DuckDbReader> allReaders;
  private final DuckDbWriter writer;

  private DuckDbStore(List<DuckDbReader> readers, DuckDbWriter writer) {
    this.allReaders = readers;
    this.readers = new java.util.concurrent.LinkedBlockingQueue<>(readers);
    this.writer = writer;
  }

  /** The write path, for tests in this package. */
  DuckDbWriter writer() {
    return writer;
  }

  /** A reading connection, waiting for one when all are busy; reads first wait for what was acknowledged. */
  private DuckDbReader lease() throws StoreException {
    writer.awaitVisible();
    try {
      return readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a reading connection", e);
    }
  }

  private void release(DuckDbReader r) {
    readers.add(r);
  }

  /** Opens (or creates) the database {@code farol.duckdb} in {@code dataDir}. */
  public static DuckDbStore open(Path dataDir) throws StoreException {
    try {
      Files.createDirectories(dataDir);
      Connection c = DriverManager.getConnection("jdbc:duckdb:");
      use(c, dataDir.resolve("farol.duckdb").toAbsolutePath().toString(), true);
      DuckDbSchema.create(c);
      Connection writer = ((DuckDBConnection) c).duplicate();
      use(writer, null, false);
      List<DuckDbReader> readers = new ArrayList<>(List.of(new DuckDbReader(c)));
      for (int i = 1; i < READERS; i++) {
        Connection r = ((DuckDBConnection) c).duplicate();
        use(r, null, false);
        readers.add(new DuckDbReader(r));
      }
      return new DuckDbStore(readers, new DuckDbWriter((DuckDBConnection) writer,
          Journal.open(dataDir.resolve("journal"))));
    } catch (IOException | SQLException e) {
      throw new StoreException("cannot open the DuckDB store in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Row groups of {@value #ROW_GROUP_SIZE} rows rather than DuckDB's 122,880: a trace's spans are found
   * through the time range its {@code traces} row gives, and DuckDB skips row groups by their min/max
   * {@code start_ns}; smaller groups mean fewer rows compared for one trace.
   */
  static final int ROW_GROUP_SIZE = Integer.getInteger("farol.duckdb.rowGroupSize", 16_384);

  private static void use(Connection c, String file, boolean attach) throws SQLException {
    try (Statement s = c.createStatement()) {
      if (attach) {
        s.execute("ATTACH '" + file.replace("'", "''") + "' AS farol (ROW_GROUP_SIZE " + ROW_GROUP_SIZE + ")");
      }
      s.execute("USE farol");
      String threads = System.getProperty("farol.duckdb.threads");
      if (attach && threads != null) {
        s.execute("SET threads = " + Integer.parseInt(threads));
      }
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void write(Batch batch) throws StoreException {
    writer.write(batch);
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<SpanRow> trace(byte[] traceId) throws StoreException {
    DuckDbReader r = lease();
    try {
      DuckDbTraceReads.Range range = DuckDbTraceReads.range(r, traceId);
      return range == null ? List.of() : DuckDbTraceReads.all(r, traceId, range);
    } catch (SQLException e) {
      throw new StoreException("reading the trace failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public List<SpanOutline> traceOutline(byte[] traceId) throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbTraceReads.outline(r, traceId);
    } catch (SQLException e) {
      throw new StoreException("reading the trace's outline failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public List<SpanRow> traceSpans(byte[] traceId, List<byte[]> spanIds) throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbTraceReads.spans(r, traceId, spanIds);
    } catch (SQLException e) {
      throw new StoreException("reading the trace's spans failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  /** Runs a trace's log lookup beside its spans read. */
  private final java.util.concurrent.ExecutorService sideReads = java.util.concurrent.Executors.newFixedThreadPool(
      READERS, task -> {
        Thread t = new Thread(task, "farol-duckdb-read");
        t.setDaemon(true);
        return t;
      });

  /**
   * The spans on one reading connection and, when another is free, the logs on it at the same time (else
   * after the spans, on the same connection): the two reads cost about as much as the longer one.
   */
  @Override
  public TraceWithLogs traceWithLogs(byte[] traceId, int logLimit) throws StoreException {
    DuckDbReader r = lease();
    try {
      DuckDbTraceReads.Range range = DuckDbTraceReads.range(r, traceId);
      if (range == null) {
        return new TraceWithLogs(List.of(), List.of());
      }
      LogQuery logQuery = new LogQuery(traceId, null, null, null, Store.logsSince(range.start()), logLimit);
      DuckDbReader other = readers.poll();
      java.util.concurrent.Future<List<LogRow>> logs = null;
      if (other != null) {
        logs = sideReads.submit(() -> {
          try {
            return logs(other, logQuery);
          } finally {
            release(other);
          }
        });
      }
      List<SpanRow> spans = DuckDbTraceReads.all(r, traceId, range);
      if (logs == null) {
        return new TraceWithLogs(spans, logs(r, logQuery));
      }
      try {
        return new TraceWithLogs(spans, logs.get());
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof SQLException se ? se : new SQLException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while reading the trace's logs", e);
      }
    } catch (SQLException e) {
      throw new StoreException("reading the trace failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public List<TraceSummary> searchTraces(TraceQuery q) throws StoreException {
    DuckDbReader r = lease();
    try {
      StringBuilder sql = new StringBuilder("SELECT trace_id, root_name, service, start_ns, end_ns - start_ns, "
          + "span_count, error FROM traces WHERE start_ns >= ?");
      List<Object> args = new ArrayList<>(List.of(q.sinceNanos()));
      if (q.service() != null) {
        sql.append(" AND service = ?");
        args.add(q.service());
      }
      if (q.name() != null) {
        sql.append(" AND root_name = ?");
        args.add(q.name());
      }
      if (q.error() != null) {
        sql.append(" AND error = ?");
        args.add(q.error());
      }
      if (q.minDurationNanos() != null) {
        sql.append(" AND end_ns - start_ns >= ?");
        args.add(q.minDurationNanos());
      }
      sql.append(" ORDER BY start_ns DESC LIMIT ?");
      args.add(q.limit());
      try (PreparedStatement p = r.prepare(sql.toString())) {
        bind(p, args);
        List<TraceSummary> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(new TraceSummary(rs.getBytes(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getInt(6), rs.getBoolean(7)));
          }
        }
        return out;
      } catch (SQLException e) {
        throw new StoreException("searching traces failed: " + e.getMessage(), e);
      }
    } finally {
      release(r);
    }
  }

  @Override
  public List<LogRow> logs(LogQuery q) throws StoreException {
    DuckDbReader r = lease();
    try {
      return logs(r, q);
    } catch (SQLException e) {
      throw new StoreException("searching logs failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  private static List<LogRow> logs(DuckDbReader r, LogQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT time_ns, severity, body, service, function, request_id, trace_id, "
        + "span_id, attributes FROM logs WHERE time_ns >= ?");
    List<Object> args = new ArrayList<>(List.of(q.sinceNanos()));
    if (q.traceId() != null) {
      sql.append(" AND trace_id = ?");
      args.add(q.traceId());
    }
    if (q.requestId() != null) {
      sql.append(" AND request_id = ?");
      args.add(q.requestId());
    }
    if (q.function() != null) {
      sql.append(" AND function = ?");
      args.add(q.function());
    }
    if (q.text() != null) {
      sql.append(" AND contains(lower(body), lower(?))");
      args.add(q.text());
    }
    sql.append(" ORDER BY time_ns LIMIT ?");
    args.add(q.limit());
    try (PreparedStatement p = r.prepare(sql.toString())) {
      bind(p, args);
      List<LogRow> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new LogRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getString(6), rs.getBytes(7), rs.getBytes(8), rs.getString(9)));
        }
      }
      return out;
    }
  }

  @Override
  public TracePage findTraces(TraceSearch search, int scatterPoints) throws StoreException {
    return read("searching traces", r -> DuckDbTraceSearch.find(r, search, scatterPoints));
  }

  @Override
  public LogPage findLogs(LogSearch search) throws StoreException {
    return read("searching logs", r -> DuckDbLogSearch.find(r, search));
  }

  /** A read on a leased connection; {@code what} starts the message of its failure. */
  private <T> T read(String what, Read<T> read) throws StoreException {
    DuckDbReader r = lease();
    try {
      return read.on(r);
    } catch (SQLException e) {
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  private interface Read<T> {
    T on(DuckDbReader r) throws SQLException;
  }

  @Override
  public List<FunctionSummary> functions(long sinceNanos, long untilNanos) throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbFunctions.summaries(r, sinceNanos, untilNanos);
    } catch (SQLException e) {
      throw new StoreException("summarising functions failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public List<FunctionBucket> functionSeries(long sinceNanos, long untilNanos, long stepNanos) throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbFunctions.series(r, sinceNanos, untilNanos, stepNanos);
    } catch (SQLException e) {
      throw new StoreException("reading the functions' series failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public List<FunctionPoint> functionSeries(String function, long sinceNanos, long untilNanos, long stepNanos)
      throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbFunctions.points(r, function, sinceNanos, untilNanos, stepNanos);
    } catch (SQLException e) {
      throw new StoreException("reading the function's series failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public List<InvocationRow> invocations(InvocationQuery query) throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbInvocationReads.page(r, query);
    } catch (SQLException e) {
      throw new StoreException("listing invocations failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public java.util.Optional<InvocationRow> invocation(String requestId) throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbInvocationReads.one(r, requestId);
    } catch (SQLException e) {
      throw new StoreException("reading the invocation failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public long logCount(String requestId) throws StoreException {
    DuckDbReader r = lease();
    try {
      try (PreparedStatement p = r.prepare("SELECT count(*) FROM logs WHERE request_id = ?")) {
        p.setString(1, requestId);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        throw new StoreException("counting logs failed: " + e.getMessage(), e);
      }
    } finally {
      release(r);
    }
  }

  @Override
  public List<MetricPoint> metricSeries(String name, String function, long sinceNanos, long stepNanos)
      throws StoreException {
    DuckDbReader r = lease();
    try {
      String sql = "SELECT (time_ns // ?) * ? AS bucket, sum(value), count(*), min(value), max(value) FROM metrics "
          + "WHERE name = ? AND time_ns >= ?" + (function == null ? "" : " AND function = ?")
          + " GROUP BY bucket ORDER BY bucket";
      List<Object> args = new ArrayList<>(List.of(stepNanos, stepNanos, name, sinceNanos));
      if (function != null) {
        args.add(function);
      }
      try (PreparedStatement p = r.prepare(sql)) {
        bind(p, args);
        List<MetricPoint> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(new MetricPoint(rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getDouble(4), rs.getDouble(5)));
          }
        }
        return out;
      } catch (SQLException e) {
        throw new StoreException("reading the metric failed: " + e.getMessage(), e);
      }
    } finally {
      release(r);
    }
  }

  @Override
  public List<DiagnosticRow> diagnostics(String requestId) throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbDiagnostics.of(r, requestId);
    } catch (SQLException e) {
      throw new StoreException("reading the invocation's diagnostics failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  @Override
  public List<FunctionFinding> findings(String function, long sinceNanos) throws StoreException {
    DuckDbReader r = lease();
    try {
      return DuckDbDiagnostics.findings(r, function, sinceNanos);
    } catch (SQLException e) {
      throw new StoreException("reading the function's findings failed: " + e.getMessage(), e);
    } finally {
      release(r);
    }
  }

  private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof byte[] b) {
        p.setBytes(i + 1, b);
      } else {
        p.setObject(i + 1, a);
      }
    }
  }

  static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    sideReads.shutdownNow();
    writer.close();
    for (DuckDbReader r : allReaders) {
      r.close();
    }
  }
}
