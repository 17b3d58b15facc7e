package dev.farol.server.store;

import java.util.List;
import java.util.Optional;

/**
 * Storage SPI: what the server needs of an engine. DuckDB (embedded, the default) implements it;
 * ClickHouse comes next and must pass the same contract tests ({@code StoreContract}).
 *
 * <p>Writes are durable when {@link #write} returns, and idempotent: a span written twice (a retried
 * export) is stored once.
 */
public interface Store extends AutoCloseable {

  void write(Batch batch) throws StoreException;

  /** Every span of a trace, by start time; empty when the trace is unknown. Never scans all spans. */
  List<SpanRow> trace(byte[] traceId) throws StoreException;

  /**
   * Every span of a trace without its attributes, events and links, in no particular order; empty when the trace
   * is unknown. Never scans all spans. The trace view reads a large trace's tree and times through this, and the
   * payloads of the spans it shows through {@link #traceSpans}.
   *
   * <p>A default because it came after the first engine, with the trace view: it reads whole spans; an engine
   * should read only the columns an outline has.
   */
  default List<SpanOutline> traceOutline(byte[] traceId) throws StoreException {
    return trace(traceId).stream().map(SpanOutline::of).toList();
  }

  /**
   * The spans of a trace that have the given ids (8 bytes each), each once, in no particular order; an id the trace
   * does not have is left out. Never scans all spans. A default for the reason given at {@link #traceOutline}: it
   * reads the whole trace; an engine should read only the spans asked for.
   */
  default List<SpanRow> traceSpans(byte[] traceId, List<byte[]> spanIds) throws StoreException {
    java.util.Set<java.nio.ByteBuffer> wanted = new java.util.HashSet<>();
    spanIds.forEach(id -> wanted.add(java.nio.ByteBuffer.wrap(id)));
    return trace(traceId).stream().filter(s -> wanted.contains(java.nio.ByteBuffer.wrap(s.spanId()))).toList();
  }

  List<TraceSummary> searchTraces(TraceQuery query) throws StoreException;

  List<LogRow> logs(LogQuery query) throws StoreException;

  /**
   * A page of a trace search with its total, newest first: filters on the traces' own rows read no spans, filters
   * that spans meet read only the spans of the traces the others leave ({@link TraceSearch}). With
   * {@code scatterPoints} &ge; 0 the page carries every match as a point when at most that many match, else counts
   * per bin ({@link TracePage.Scatter}); below 0, no scatter.
   *
   * <p>A default because it came after the first engines, with the web UI's trace search: an engine without it
   * answers that it cannot (the query API then says so) and keeps {@link #searchTraces}.
   */
  default TracePage findTraces(TraceSearch search, int scatterPoints) throws StoreException {
    throw new StoreException(getClass().getSimpleName() + " cannot search traces by their spans", null);
  }

  /**
   * A page of a log search, or a live tail's next lines ({@link LogSearch}). A default for the reason given at
   * {@link #findTraces}: an engine without it keeps {@link #logs}.
   */
  default LogPage findLogs(LogSearch search) throws StoreException {
    throw new StoreException(getClass().getSimpleName() + " cannot page or tail logs", null);
  }

  /**
   * Every function with invocations in the window from the minute holding {@code sinceNanos} to the end of the
   * minute holding {@code untilNanos}, by name; from the aggregates kept at ingest, never a scan of invocations.
   */
  List<FunctionSummary> functions(long sinceNanos, long untilNanos) throws StoreException;

  /** {@link #functions(long, long)} with no end. */
  default List<FunctionSummary> functions(long sinceNanos) throws StoreException {
    return functions(sinceNanos, Long.MAX_VALUE);
  }

  /**
   * The functions' invocations, errors and cold starts per bucket of {@code stepNanos} (a multiple of a minute;
   * buckets start at multiples of it since the epoch) over the window of {@link #functions(long, long)}, by
   * function then time; a bucket without invocations is left out. The window's first and last buckets count
   * only what lies inside it.
   */
  List<FunctionBucket> functionSeries(long sinceNanos, long untilNanos, long stepNanos) throws StoreException;

  /**
   * One function's series in full, for its page: per bucket of {@code stepNanos} (as {@link #functionSeries(long,
   * long, long)}) its counts, duration percentiles from the bucket's duration histogram, init phases and memory,
   * oldest first; a bucket with neither invocations nor init phases is left out. From the aggregates kept at
   * ingest, never a scan of invocations.
   */
  List<FunctionPoint> functionSeries(String function, long sinceNanos, long untilNanos, long stepNanos)
      throws StoreException;

  /** The newest invocations since {@code sinceNanos}, newest first; {@code function} {@code null} for all. */
  default List<InvocationRow> invocations(String function, long sinceNanos, int limit) throws StoreException {
    return invocations(InvocationQuery.newest(function, sinceNanos, limit));
  }

  /**
   * The invocations {@code query} asks for, at most its limit, newest first: by start time, then request id, both
   * descending. With a cursor toward older invocations, those that come after the cursor's place in that order;
   * toward newer ones, the {@code limit} that come just before it (still newest first). The invocation at the
   * cursor itself is never in the page, so paging on from a page's last row (or back from its first) neither
   * repeats nor skips a row, whatever arrived in between.
   */
  List<InvocationRow> invocations(InvocationQuery query) throws StoreException;

  /** One invocation by request id. */
  Optional<InvocationRow> invocation(String requestId) throws StoreException;

  /**
   * A metric as a time series: one point per {@code stepNanos} bucket since {@code sinceNanos}, with
   * the bucket's sum, count, min, max and average of the recorded values.
   */
  List<MetricPoint> metricSeries(String name, String function, long sinceNanos, long stepNanos) throws StoreException;

  /** One bucket of a metric series. */
  record MetricPoint(long timeNanos, double sum, long count, double min, double max) {
    public double avg() {
      return count == 0 ? 0 : sum / count;
    }
  }

  /** How many log records carry this request id. */
  long logCount(String requestId) throws StoreException;

  /** A trace's spans, and the log records tied to it (at most {@code logLimit}, oldest first). */
  record TraceWithLogs(List<SpanRow> spans, List<LogRow> logs) {}

  /**
   * How far before a trace's first span its log records are looked for: {@value} minutes (an init
   * phase's lines come before the invocation's spans). The bound lets an engine skip older logs.
   */
  long LOGS_BEFORE_TRACE_MINUTES = 15;

  /**
   * A trace with its logs; no spans when the trace is unknown. Engines may fetch both at once; this
   * default reads one after the other.
   */
  default TraceWithLogs traceWithLogs(byte[] traceId, int logLimit) throws StoreException {
    List<SpanRow> spans = trace(traceId);
    if (spans.isEmpty()) {
      return new TraceWithLogs(spans, List.of());
    }
    long first = spans.stream().mapToLong(SpanRow::startNanos).min().orElse(0);
    return new TraceWithLogs(spans, logs(new LogQuery(traceId, null, null, null, logsSince(first), logLimit)));
  }

  /** Where a trace's log lookup starts, for a trace whose first span starts at {@code firstSpanNanos}. */
  static long logsSince(long firstSpanNanos) {
    return Math.max(0, firstSpanNanos - java.util.concurrent.TimeUnit.MINUTES.toNanos(LOGS_BEFORE_TRACE_MINUTES));
  }

  /**
   * The diagnostics Farol's extension sent for one invocation (its hops record and its findings), oldest first;
   * empty when none came.
   *
   * <p>A default because it came after the first engines, with the live check ({@code farol doctor --live}): an
   * engine that does not keep diagnostics yet answers none (the query API then says there are none), and its
   * {@link #write} may leave {@link Batch#diagnostics} out without losing anything else.
   */
  default List<DiagnosticRow> diagnostics(String requestId) throws StoreException {
    return List.of();
  }

  /**
   * A function's findings since {@code sinceNanos}: per code, the latest, with the invocation it was last found
   * in and how many invocations had it; the most recently seen first. A default for the reason given at
   * {@link #diagnostics}.
   */
  default List<FunctionFinding> findings(String function, long sinceNanos) throws StoreException {
    return List.of();
  }

  @Override
  void close();
}
