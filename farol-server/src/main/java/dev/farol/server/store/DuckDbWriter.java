package dev.farol.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
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
 * <p>Within a group's transaction: spans and their traces' rows ({@link DuckDbSpans}, which also recognises a
 * retried export or a batch stored again after a crash), the invocations and per-minute aggregates derived from
 * them ({@link DuckDbInvocations}), log records, metric points and diagnostics records ({@link DuckDbRows}).
 */
final class DuckDbWriter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DuckDbWriter.class.getName());
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
  private final DuckDbSpans spans;
  private final DuckDbInvocations invocations;
  /** The write order of the next log record (the live tail reads by it). */
  private long nextLogSeq;

  DuckDbWriter(DuckDBConnection db, Journal journal) throws SQLException, IOException {
    this.db = db;
    this.journal = journal;
    this.setAsideDir = journal.dir().resolve("set-aside");
    this.spans = new DuckDbSpans(db);
    this.invocations = new DuckDbInvocations(db);
    try (Statement s = db.createStatement(); java.sql.ResultSet rs = s.executeQuery(
        "SELECT coalesce(max(seq), -1) + 1 FROM logs")) {
      rs.next();
      nextLogSeq = rs.getLong(1);
    }
    db.setAutoCommit(false);
    new DuckDbBackfill(db, invocations).run();
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
    return b.items();
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
      List<SpanRow> groupSpans = new ArrayList<>();
      List<LogRow> logs = new ArrayList<>();
      List<MetricRow> metrics = new ArrayList<>();
      List<DiagnosticRow> diagnostics = new ArrayList<>();
      for (Batch b : group) {
        groupSpans.addAll(b.spans());
        logs.addAll(b.logs());
        metrics.addAll(b.metrics());
        diagnostics.addAll(b.diagnostics());
      }
      invocations.write(spans.write(groupSpans));
      afterSpans.run();
      nextLogSeq = DuckDbRows.logs(db, logs, nextLogSeq);
      DuckDbRows.metrics(db, metrics);
      invocations.reports(metrics);
      DuckDbRows.diagnostics(db, diagnostics);
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
