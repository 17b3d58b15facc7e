package dev.farol.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB's write path, in two stages with a thread each.
 *
 * <p><b>Journal.</b> Concurrent {@link #write} calls hand over their batch, encoded on the caller's thread;
 * the journal thread appends whatever is waiting to the {@link Journal} and forces it to disk (group
 * commit), then answers each caller: a batch is durable when {@code write} returns.
 *
 * <p><b>Store.</b> The store thread takes whatever the journal has accepted (up to {@link #GROUP_ITEMS}
 * items) and writes it to DuckDB in one transaction, then lets the journal drop what is stored. Groups of
 * several row groups are what DuckDB is fast at: it writes full row groups straight to the database file
 * instead of through its own write-ahead log. Should a group fail, each of its batches is tried alone (three times,
 * with backoff); a batch that still fails is set aside whole in {@code journal/set-aside/}, logged and
 * counted, never dropped silently. Accepted but not yet stored items are bounded ({@link
 * #MAX_WAITING_ITEMS}): beyond that the journal waits, callers wait, and ingest's admission control answers
 * 429. Reads wait (up to {@value #VISIBLE_WAIT_MS} ms) until everything acknowledged before they began is
 * stored, so a caller reads its own writes.
 *
 * <p>Spans go through DuckDB's appender, without a primary key on {@code spans} (an index over every
 * span costs more than the insert). Duplicates are found through {@code traces} instead: a span of a
 * trace not yet known cannot be a duplicate (a Bloom filter of the stored trace ids, {@link TraceIdFilter},
 * answers that for most traces without asking the database); for traces already known, the spans stored
 * in the incoming spans' time range are read (DuckDB skips row groups by their min/max start time) and
 * what is already there is left out. The store thread is the only writer, so nothing can slip in between
 * the check and the insert. A batch stored again after a crash (its journal record outlived the commit)
 * is recognised the same way.
 */
final class DuckDbWriter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DuckDbWriter.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Items (spans, log records, metric points) one transaction takes at most, 50,000 unless
   * {@code farol.journal.groupItems} says otherwise (a larger batch is still taken whole). Groups of 25,000
   * to 50,000 ingested 5 to 10% faster than groups of 100,000 or 200,000 (bench/RESULTS.md): the rows
   * waiting for a group are what the garbage collector copies.
   */
  static final int GROUP_ITEMS = Integer.getInteger("farol.journal.groupItems", 50_000);
  /**
   * Items accepted into the journal but not yet stored, at most: twice a group, or fewer on a small heap
   * (about a quarter of it, at 2 kB an item, since they wait decoded in memory); {@code
   * farol.journal.maxWaitingItems} sets it.
   */
  static final int MAX_WAITING_ITEMS = Integer.getInteger("farol.journal.maxWaitingItems", (int) Math.max(10_000,
      Math.min(2L * GROUP_ITEMS, Runtime.getRuntime().maxMemory() / 4 / 2048)));
  /** How long a read waits for what was acknowledged before it to be stored: {@value} ms. */
  static final long VISIBLE_WAIT_MS = 5_000;

  /** A batch handed over by a caller, with its journal record. */
  private record Pending(Batch batch, byte[] record, CompletableFuture<Void> done) {}

  /**
   * A journaled batch on its way to DuckDB. Its encoded record is kept only when it could not be decoded
   * (found at start): thousands of these wait at a time, and the record is rebuilt from the batch in the
   * rare case it has to be set aside, so the heap holds one copy of what waits rather than two.
   */
  private record Journaled(Batch batch, byte[] undecoded, long seq) {
    byte[] record() {
      return batch == null ? undecoded : BatchCodec.encode(batch);
    }
  }

  private static final Journaled END = new Journaled(null, null, -1);

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

  /** Something run inside a group's transaction. */
  interface Step {
    void run() throws SQLException;
  }

  /** Runs inside each group's transaction once its spans are appended: the tests' way to make a group fail there. */
  volatile Step afterSpans = () -> {};

  private final DuckDBConnection db;
  private final Journal journal;
  private final Path setAsideDir;
  private final BlockingQueue<Pending> accepted = new LinkedBlockingQueue<>();
  private final BlockingQueue<Journaled> journaled = new LinkedBlockingQueue<>();
  private final Thread journalThread;
  private final Thread storeThread;
  private volatile boolean closed;
  /** Guards the three counters below. */
  private final Object progress = new Object();
  private long waitingItems;
  private long acknowledged;
  private long storedUpTo;
  private final AtomicLong setAside = new AtomicLong();
  private TraceIdFilter known;
  /** The write order of the next span (a column DuckDB keeps min/max of per row group). */
  private long nextSeq;

  DuckDbWriter(DuckDBConnection db, Journal journal) throws SQLException, IOException {
    this.db = db;
    this.journal = journal;
    this.setAsideDir = journal.dir().resolve("set-aside");
    known = filterOfStoredTraces(0);
    try (Statement s = db.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS trace_delta (trace_id BLOB, start_ns BIGINT, end_ns BIGINT, "
          + "root_name VARCHAR, service VARCHAR, span_count INTEGER, error BOOLEAN, root_rank INTEGER, "
          + "seq_min BIGINT, seq_max BIGINT)");
      try (java.sql.ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), -1) + 1 FROM spans")) {
        rs.next();
        nextSeq = rs.getLong(1);
      }
      s.execute("CREATE TEMP TABLE IF NOT EXISTS known_trace (trace_id BLOB)");
    }
    db.setAutoCommit(false);
    backfillMinutes();
    recover();
    journalThread = new Thread(this::journalLoop, "farol-journal");
    journalThread.setDaemon(true);
    storeThread = new Thread(this::storeLoop, "farol-duckdb-writer");
    storeThread.setDaemon(true);
    journalThread.start();
    storeThread.start();
  }

  /** Stores what earlier runs journaled but may not have stored (storing twice is harmless). */
  private void recover() throws IOException {
    List<Journal.Entry> entries = journal.recover();
    if (entries.isEmpty()) {
      return;
    }
    LOG.info("storing " + entries.size() + " batches found in the journal");
    List<Journaled> group = new ArrayList<>();
    int items = 0;
    for (Journal.Entry e : entries) {
      Batch b;
      try {
        b = BatchCodec.decode(e.payload());
      } catch (IOException | RuntimeException unreadable) {
        setAside(new Journaled(null, e.payload(), e.seq()), unreadable);
        continue;
      }
      group.add(new Journaled(b, null, e.seq()));
      items += items(b);
      if (items >= GROUP_ITEMS) {
        storeGroup(group);
        group.clear();
        items = 0;
      }
    }
    storeGroup(group);
    long last = entries.get(entries.size() - 1).seq();
    synchronized (progress) {
      acknowledged = last;
      storedUpTo = last;
    }
    journal.stored(last);
  }

  private static int items(Batch b) {
    return b.spans().size() + b.logs().size() + b.metrics().size();
  }

  /** Stores the batch; returns once it is durable (in the journal), to be visible to reads soon after. */
  void write(Batch batch) throws StoreException {
    if (closed) {
      throw new StoreException("the store is closed", null);
    }
    Pending p = new Pending(batch, BatchCodec.encode(batch), new CompletableFuture<>());
    accepted.add(p);
    try {
      p.done().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StoreException se) {
        throw se;
      }
      throw new StoreException("the store refused the batch: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while the batch was being stored (it may be stored)", e);
    }
  }

  /** Waits until what was acknowledged before this call is stored (or {@value #VISIBLE_WAIT_MS} ms pass). */
  void awaitVisible() {
    synchronized (progress) {
      long target = acknowledged;
      long deadline = System.nanoTime() + VISIBLE_WAIT_MS * 1_000_000L;
      while (storedUpTo < target && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          progress.wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Batches set aside because they could not be stored. */
  long setAside() {
    return setAside.get();
  }

  /** Handed to the journal thread by {@link #close()}: what came before it is journaled, then the thread ends. */
  private static final Pending STOP = new Pending(null, null, null);

  private void journalLoop() {
    List<Pending> group = new ArrayList<>();
    boolean running = true;
    while (running) {
      try {
        group.add(accepted.take());
      } catch (InterruptedException e) {
        continue; // only STOP ends this thread: an interrupt would close the journal's file under a write
      }
      accepted.drainTo(group);
      int stop = group.indexOf(STOP);
      if (stop >= 0) {
        running = false;
        group.subList(stop, group.size()).clear();
        if (group.isEmpty()) {
          break;
        }
      }
      int items = 0;
      List<byte[]> records = new ArrayList<>(group.size());
      for (Pending p : group) {
        items += items(p.batch());
        records.add(p.record());
      }
      synchronized (progress) {
        while (!closed && waitingItems > 0 && waitingItems + items > MAX_WAITING_ITEMS) {
          try {
            progress.wait();
          } catch (InterruptedException e) {
            // waits on until the store thread makes room, or the store closes
          }
        }
      }
      long first;
      try {
        first = journal.append(records);
      } catch (IOException | RuntimeException e) {
        StoreException failure = new StoreException("cannot write the ingest journal: " + e.getMessage(), e);
        group.forEach(p -> p.done().completeExceptionally(failure));
        group.clear();
        continue;
      }
      synchronized (progress) {
        waitingItems += items;
        acknowledged = first + group.size() - 1;
      }
      for (int i = 0; i < group.size(); i++) {
        journaled.add(new Journaled(group.get(i).batch(), null, first + i));
      }
      group.forEach(p -> p.done().complete(null));
      group.clear();
    }
    for (Pending late = accepted.poll(); late != null; late = accepted.poll()) {
      if (late != STOP) {
        late.done().completeExceptionally(new StoreException("the store is closed", null));
      }
    }
    journaled.add(END);
  }

  private void storeLoop() {
    List<Journaled> group = new ArrayList<>();
    while (true) {
      Journaled first;
      try {
        first = journaled.take();
      } catch (InterruptedException e) {
        continue; // only the journal's END stops this thread, so that nothing accepted is left behind
      }
      if (first == END) {
        return;
      }
      group.add(first);
      int items = items(first.batch());
      for (Journaled next = journaled.peek(); next != null && next != END
          && items + items(next.batch()) <= GROUP_ITEMS; next = journaled.peek()) {
        group.add(journaled.poll());
        items += items(next.batch());
      }
      storeGroup(group);
      long upTo = group.get(group.size() - 1).seq();
      synchronized (progress) {
        storedUpTo = upTo;
        waitingItems -= items;
        progress.notifyAll();
      }
      try {
        journal.stored(upTo);
      } catch (IOException e) {
        LOG.warning("cannot remove stored journal files: " + e.getMessage());
      }
      group.clear();
    }
  }

  /** Stores the group in one transaction, or its batches one by one should that fail. */
  private void storeGroup(List<Journaled> group) {
    if (group.isEmpty()) {
      return;
    }
    try {
      store(group.stream().map(Journaled::batch).toList());
      return;
    } catch (SQLException | RuntimeException e) {
      if (group.size() == 1) {
        storeAlone(group.get(0), e);
        return;
      }
    }
    for (Journaled j : group) {
      storeAlone(j, null);
    }
  }

  private void storeAlone(Journaled j, Exception failedBefore) {
    Exception last = failedBefore;
    for (int attempt = failedBefore == null ? 0 : 1; attempt < 3; attempt++) {
      if (attempt > 0) {
        try {
          Thread.sleep(250L << attempt);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        store(List.of(j.batch()));
        return;
      } catch (SQLException | RuntimeException e) {
        last = e;
      }
    }
    setAside(j, last);
  }

  /** Keeps a batch that cannot be stored in {@code journal/set-aside/}, and says so. */
  private void setAside(Journaled j, Exception why) {
    setAside.incrementAndGet();
    Path file = setAsideDir.resolve(String.format("%016d.batch", j.seq()));
    String where;
    try {
      Files.createDirectories(setAsideDir);
      Files.write(file, j.record());
      where = "kept in " + file;
    } catch (IOException e) {
      where = "and could not be kept (" + e.getMessage() + ")";
    }
    LOG.severe("a batch of " + (j.batch() == null ? "unreadable content" : items(j.batch()) + " items")
        + " could not be stored (" + why.getMessage() + "); " + where + ". Batches set aside so far: "
        + setAside.get());
  }

  /** One transaction for the group. */
  private void store(List<Batch> group) throws SQLException {
    // The JDBC driver begins its transaction lazily, at the first statement it executes; DuckDB's
    // appender does not go through it, so without a statement first each appender flush would commit
    // on its own (a group's spans stored without its traces rows, and several commits a group).
    sql("SELECT 1");
    try {
      List<SpanRow> spans = new ArrayList<>();
      List<LogRow> logs = new ArrayList<>();
      List<MetricRow> metrics = new ArrayList<>();
      for (Batch b : group) {
        spans.addAll(b.spans());
        logs.addAll(b.logs());
        metrics.addAll(b.metrics());
      }
      writeSpans(spans);
      afterSpans.run();
      writeLogs(logs);
      writeMetrics(metrics);
      db.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      throw e;
    }
  }

  private void sql(String statement) throws SQLException {
    try (Statement s = db.createStatement()) {
      s.execute(statement);
    }
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

  private void writeSpans(List<SpanRow> incoming) throws SQLException {
    if (incoming.isEmpty()) {
      return;
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
        appendBytesOrNull(a, s.parentSpanId());
        appendOrNull(a, s.name());
        appendOrNull(a, s.service());
        appendOrNull(a, s.kind());
        a.append(s.startNanos());
        a.append(s.endNanos());
        a.append(s.statusCode());
        appendOrNull(a, s.statusMessage());
        appendOrNull(a, s.attributes());
        appendOrNull(a, s.events());
        appendOrNull(a, s.links());
        appendOrNull(a, s.function());
        appendOrNull(a, s.requestId());
        long seq = nextSeq++;
        a.append(seq);
        a.endRow();
        deltas.computeIfAbsent(traceKey(s.traceId()), k -> new TraceDelta(s.traceId())).add(s, seq);
        if (s.requestId() != null && s.function() != null && isInvocationSpan(s)) {
          invocations.add(s);
        }
      }
      a.flush();
    }
    if (deltas.isEmpty()) {
      return;
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
        appendOrNull(a, d.rootName);
        appendOrNull(a, d.service);
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
    Map<MinuteKey, FunctionMinutes.Delta> minutes = new HashMap<>();
    for (SpanRow s : invocations) {
      invocation(s, minutes);
    }
    writeMinutes(minutes);
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

  private static void appendOrNull(DuckDBAppender a, String v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }

  private static void appendBytesOrNull(DuckDBAppender a, byte[] v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }

  /** A function's minute. */
  private record MinuteKey(String function, long minuteNs) {}

  /**
   * An invocation span ({@code aws.lambda}, or one with {@code faas.trigger}) feeds the invocations table
   * and, when it is the first span of its invocation, the function's minute.
   */
  private void invocation(SpanRow s, Map<MinuteKey, FunctionMinutes.Delta> minutes) throws SQLException {
    JsonNode a;
    try {
      a = JSON.readTree(s.attributes() == null ? "{}" : s.attributes());
    } catch (IOException e) {
      a = JSON.createObjectNode();
    }
    double durationMs = (s.endNanos() - s.startNanos()) / 1e6;
    boolean coldStart = a.path("faas.coldstart").asBoolean(false);
    boolean error = s.statusCode() == 2;
    long memoryMb = a.path("faas.max_memory").asLong(0) / (1024 * 1024);
    long usedMb = a.path("aws.lambda.max_memory_used_mb").asLong(0);
    long billedMs = a.path("aws.lambda.billed_duration_ms").asLong(0);
    String arch = a.path("host.arch").asText("x86_64");
    int inserted;
    try (PreparedStatement p = db.prepareStatement("INSERT INTO invocations VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
        + "ON CONFLICT DO NOTHING")) {
      p.setString(1, s.requestId());
      p.setString(2, s.function());
      p.setBytes(3, s.traceId());
      p.setLong(4, s.startNanos());
      p.setDouble(5, durationMs);
      p.setBoolean(6, coldStart);
      p.setString(7, error ? "error" : "success");
      p.setString(8, a.hasNonNull("error.type") ? a.get("error.type").asText() : null);
      p.setLong(9, memoryMb);
      p.setLong(10, usedMb);
      p.setLong(11, billedMs);
      p.setString(12, arch);
      inserted = p.executeUpdate();
    }
    if (inserted == 1) {
      FunctionMinutes.Delta d = minutes.computeIfAbsent(new MinuteKey(s.function(),
          FunctionMinutes.minute(s.startNanos())), k -> new FunctionMinutes.Delta());
      d.add(durationMs, error, coldStart, memoryMb, usedMb, cost(billedMs, memoryMb, arch));
    }
  }

  /** What an invocation costs: its billed GB-seconds at the architecture's price, and the request. */
  static double cost(long billedMs, long memoryMb, String arch) {
    double price = "arm64".equals(arch) ? DuckDbStore.PRICE_GB_SECOND_ARM : DuckDbStore.PRICE_GB_SECOND_X86;
    return billedMs * memoryMb / 1024.0 / 1000.0 * price + DuckDbStore.PRICE_REQUEST;
  }

  private void writeMinutes(Map<MinuteKey, FunctionMinutes.Delta> minutes) throws SQLException {
    if (minutes.isEmpty()) {
      return;
    }
    try (PreparedStatement m = db.prepareStatement("INSERT INTO function_minutes VALUES (?,?,?,?,?,?,?,?,?,?) "
        + "ON CONFLICT (function, minute_ns) DO UPDATE SET "
        + "invocations = function_minutes.invocations + excluded.invocations, "
        + "errors = function_minutes.errors + excluded.errors, "
        + "cold_starts = function_minutes.cold_starts + excluded.cold_starts, "
        + "min_ms = least(function_minutes.min_ms, excluded.min_ms), "
        + "max_ms = greatest(function_minutes.max_ms, excluded.max_ms), "
        + "max_memory_used_mb = greatest(function_minutes.max_memory_used_mb, excluded.max_memory_used_mb), "
        + "memory_size_mb = greatest(function_minutes.memory_size_mb, excluded.memory_size_mb), "
        + "cost_usd = function_minutes.cost_usd + excluded.cost_usd");
        PreparedStatement b = db.prepareStatement("INSERT INTO function_minute_durations VALUES (?,?,?,?) "
            + "ON CONFLICT (function, minute_ns, bucket) DO UPDATE SET "
            + "count = function_minute_durations.count + excluded.count")) {
      for (Map.Entry<MinuteKey, FunctionMinutes.Delta> e : minutes.entrySet()) {
        FunctionMinutes.Delta d = e.getValue();
        m.setString(1, e.getKey().function());
        m.setLong(2, e.getKey().minuteNs());
        m.setLong(3, d.invocations);
        m.setLong(4, d.errors);
        m.setLong(5, d.coldStarts);
        m.setDouble(6, d.minMs);
        m.setDouble(7, d.maxMs);
        m.setLong(8, d.maxMemoryUsedMb);
        m.setLong(9, d.memorySizeMb);
        m.setDouble(10, d.costUsd);
        m.execute();
        for (Map.Entry<Integer, Long> bucket : d.buckets.entrySet()) {
          b.setString(1, e.getKey().function());
          b.setLong(2, e.getKey().minuteNs());
          b.setInt(3, bucket.getKey());
          b.setLong(4, bucket.getValue());
          b.execute();
        }
      }
    }
  }

  /** Stores made before the per-minute aggregates existed: computes them once from their invocations. */
  private void backfillMinutes() throws SQLException {
    try (Statement s = db.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM function_minutes), "
          + "(SELECT count(*) FROM invocations)")) {
        rs.next();
        if (rs.getLong(1) > 0 || rs.getLong(2) == 0) {
          return;
        }
      }
      Map<MinuteKey, FunctionMinutes.Delta> minutes = new HashMap<>();
      try (ResultSet rs = s.executeQuery("SELECT function, start_ns, duration_ms, status, cold_start, "
          + "memory_size_mb, max_memory_used_mb, billed_ms, arch FROM invocations")) {
        while (rs.next()) {
          minutes.computeIfAbsent(new MinuteKey(rs.getString(1), FunctionMinutes.minute(rs.getLong(2))),
              k -> new FunctionMinutes.Delta()).add(rs.getDouble(3), !"success".equals(rs.getString(4)),
              rs.getBoolean(5), rs.getLong(6), rs.getLong(7), cost(rs.getLong(8), rs.getLong(6), rs.getString(9)));
        }
      }
      LOG.info("computing per-minute function aggregates from " + minutes.size() + " function minutes of "
          + "stored invocations (once, for a store made before they existed)");
      s.execute("SELECT 1"); // begins the transaction
      writeMinutes(minutes);
      db.commit();
    }
  }

  private static boolean isInvocationSpan(SpanRow s) {
    return "aws.lambda".equals(s.name()) || s.attributes() != null && s.attributes().contains("\"faas.trigger\"");
  }

  private void writeLogs(List<LogRow> logs) throws SQLException {
    if (logs.isEmpty()) {
      return;
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
        a.endRow();
      }
      a.flush();
    }
  }

  private void writeMetrics(List<MetricRow> metrics) throws SQLException {
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
    // the report of an invocation (max memory used) comes after its span: complete its row
    try (PreparedStatement u = db.prepareStatement("UPDATE invocations SET max_memory_used_mb = ? "
        + "WHERE request_id = ?");
        PreparedStatement fm = db.prepareStatement("UPDATE function_minutes f SET max_memory_used_mb = "
            + "greatest(f.max_memory_used_mb, ?) FROM invocations i WHERE i.request_id = ? "
            + "AND f.function = i.function AND f.minute_ns = i.start_ns // " + FunctionMinutes.MINUTE_NS + " * "
            + FunctionMinutes.MINUTE_NS)) {
      for (MetricRow m : metrics) {
        if (!m.name().equals("aws.lambda.enhanced.max_memory_used")) {
          continue;
        }
        String requestId;
        try {
          requestId = JSON.readTree(m.attributes() == null ? "{}" : m.attributes()).path("faas.invocation_id")
              .asText(null);
        } catch (IOException e) {
          continue;
        }
        if (requestId != null) {
          u.setLong(1, Math.round(m.value()));
          u.setString(2, requestId);
          u.addBatch();
          fm.setLong(1, Math.round(m.value()));
          fm.setString(2, requestId);
          fm.addBatch();
        }
      }
      u.executeBatch();
      fm.executeBatch();
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (progress) {
      progress.notifyAll();
    }
    accepted.add(STOP);
    try {
      journalThread.join(60_000);
      storeThread.join(120_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean allStored;
    synchronized (progress) {
      allStored = !storeThread.isAlive() && storedUpTo >= acknowledged;
    }
    try {
      journal.close(allStored);
    } catch (IOException e) {
      // closing; what is in it is stored at the next start
    }
    try {
      db.close();
    } catch (SQLException e) {
      // closing
    }
  }
}
