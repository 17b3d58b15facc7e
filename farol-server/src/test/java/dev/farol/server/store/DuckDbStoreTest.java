package dev.farol.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract against DuckDB on disk, and what is particular to DuckDB's write path. */
class DuckDbStoreTest extends StoreContract {
  @TempDir
  Path dir;

  @Override
  protected Store open() throws Exception {
    return DuckDbStore.open(dir);
  }

  private static SpanRow span(String trace, String id, String parent, long start) {
    return new SpanRow(hex(trace), hex(id), parent == null ? null : hex(parent), "op", "svc", "SERVER", start,
        start + 1_000_000, 0, "", "{}", "[]", "[]", null, null);
  }

  /** One instant per test: a batch built twice is the same batch (as a retried export is). */
  private final long t0 = System.currentTimeMillis() * 1_000_000L;

  private Batch twoSpans(String trace) {
    long now = t0;
    return Batch.ofSpans(List.of(span(trace, "eee19b7ec3c1b174", null, now),
        span(trace, "eee19b7ec3c1b175", "eee19b7ec3c1b174", now + 1)));
  }

  private static List<String> spanIds(List<SpanRow> spans) {
    return spans.stream().map(s -> HexFormat.of().formatHex(s.spanId())).toList();
  }

  @Test
  void aGroupThatFailsAfterItsSpans_isRolledBackWhole_andStoredOnceOnRetry() throws Exception {
    DuckDbWriter writer = ((DuckDbStore) store).writer();
    String trace = "5b8efff798038103d269b633813fc60c";
    AtomicInteger failures = new AtomicInteger();
    writer.afterSpans = () -> {
      if (failures.incrementAndGet() <= 2) {
        throw new SQLException("injected failure after the spans were appended");
      }
    };

    store.write(batch(trace)); // durable in the journal; stored by the third try

    assertThat(spanIds(store.trace(hex(trace)))).containsExactly("eee19b7ec3c1b174", "eee19b7ec3c1b175");
    assertThat(failures.get()).isEqualTo(3);
    assertThat(store.searchTraces(new TraceQuery(null, null, null, null, 0, 10))).singleElement()
        .extracting(TraceSummary::spanCount).isEqualTo(2);
    assertThat(writer.setAside()).isZero();
  }

  private Batch batch(String trace) {
    return twoSpans(trace);
  }

  @Test
  void aBatchThatCannotBeStored_isSetAsideWholeAndCounted_andTheStoreKeepsServing() throws Exception {
    DuckDbWriter writer = ((DuckDbStore) store).writer();
    String bad = "5b8efff798038103d269b633813fc60c";
    String good = "6c9f0008a9149214e37ac744924fd71d";
    writer.afterSpans = () -> {
      throw new SQLException("injected failure: this batch cannot be stored");
    };
    store.write(batch(bad));
    store.trace(hex(bad)); // waits until the store thread has dealt with it
    writer.afterSpans = () -> {};

    assertThat(store.trace(hex(bad))).isEmpty();
    assertThat(writer.setAside()).isEqualTo(1);
    Path setAside = dir.resolve("journal/set-aside");
    try (var files = Files.list(setAside)) {
      List<Path> kept = files.toList();
      assertThat(kept).hasSize(1);
      // what is kept is the whole batch, readable again
      assertThat(BatchCodec.decode(Files.readAllBytes(kept.get(0))).spans()).hasSize(2);
    }

    store.write(batch(good));
    assertThat(store.trace(hex(good))).hasSize(2);
  }

  @Test
  void batchesLeftInTheJournal_areStoredAtStart_onceEach_andATornLastRecordIsCutOff() throws Exception {
    String stored = "5b8efff798038103d269b633813fc60c";
    String onlyJournaled = "6c9f0008a9149214e37ac744924fd71d";
    store.write(batch(stored));
    assertThat(store.trace(hex(stored))).hasSize(2);
    store.close();

    // as after a crash: the journal still holds a stored batch and one never stored, then half a record
    try (Journal j = Journal.open(dir.resolve("journal"))) {
      j.recover();
      j.append(List.of(BatchCodec.encode(batch(stored)), BatchCodec.encode(batch(onlyJournaled))));
    }
    Path last;
    try (var files = Files.list(dir.resolve("journal"))) {
      last = files.filter(f -> f.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
    }
    Files.write(last, new byte[] {0, 0, 1, 0, 7, 7}, StandardOpenOption.APPEND);

    store = DuckDbStore.open(dir);

    assertThat(spanIds(store.trace(hex(stored)))).containsExactly("eee19b7ec3c1b174", "eee19b7ec3c1b175");
    assertThat(spanIds(store.trace(hex(onlyJournaled)))).containsExactly("eee19b7ec3c1b174", "eee19b7ec3c1b175");
    assertThat(store.searchTraces(new TraceQuery(null, null, null, null, 0, 10)))
        .extracting(TraceSummary::spanCount).containsExactly(2, 2);
    // the journal file is gone once its records are stored, torn tail and all
    assertThat(last).doesNotExist();
  }

  @Test
  void aStoreFromBeforeThePerMinuteAggregates_getsThemFromItsInvocationsAtOpen() throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    store.write(Batch.ofSpans(List.of(new SpanRow(hex("0af7651916cd43dd8448eb211c80319c"), hex("b7ad6b7169203331"),
        null, "aws.lambda", "svc", "SERVER", now, now + 40_000_000, 0, "",
        "{\"faas.coldstart\":true,\"faas.max_memory\":536870912}", "[]", "[]", "clean-math", "r-1"))));
    assertThat(store.functions(0)).singleElement().extracting(FunctionSummary::invocations).isEqualTo(1L);
    store.close();
    // as an older store was: invocations, and no aggregates
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("farol.duckdb"));
        java.sql.Statement s = c.createStatement()) {
      s.execute("DELETE FROM function_minutes");
      s.execute("DELETE FROM function_minute_durations");
    }

    store = DuckDbStore.open(dir);

    FunctionSummary f = store.functions(0).get(0);
    assertThat(f.invocations()).isEqualTo(1);
    assertThat(f.coldStarts()).isEqualTo(1);
    assertThat(f.p50Ms()).isEqualTo(40.0);
    assertThat(f.memorySizeMb()).isEqualTo(512);
  }

  @Test
  void aStoreFromBeforeTheHourlyAggregates_getsThemFromItsMinutesAtOpen() throws Exception {
    long hour = 3_600_000_000_000L;
    long twoHoursAgo = Math.floorDiv(System.currentTimeMillis() * 1_000_000L, hour) * hour - 2 * hour;
    store.write(Batch.ofSpans(List.of(
        new SpanRow(hex("0af7651916cd43dd8448eb211c80319c"), hex("b7ad6b7169203331"), null, "aws.lambda", "svc",
            "SERVER", twoHoursAgo + 60_000_000_000L, twoHoursAgo + 60_040_000_000L, 2, "",
            "{\"faas.coldstart\":true,\"faas.max_memory\":536870912}", "[]", "[]", "clean-math", "r-1"),
        new SpanRow(hex("0af7651916cd43dd8448eb211c80319d"), hex("b7ad6b7169203332"), null, "aws.lambda", "svc",
            "SERVER", twoHoursAgo + 120_000_000_000L, twoHoursAgo + 120_020_000_000L, 0, "",
            "{\"faas.max_memory\":536870912}", "[]", "[]", "clean-math", "r-2"))));
    store.close();
    // as a store made before the hourly aggregates was: minutes, and no hours
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("farol.duckdb"));
        java.sql.Statement s = c.createStatement()) {
      s.execute("DELETE FROM function_hours");
      s.execute("DELETE FROM function_hour_durations");
    }

    store = DuckDbStore.open(dir);

    // a whole hour: read from the hourly rows alone
    FunctionSummary f = store.functions(twoHoursAgo, twoHoursAgo + hour - 1).get(0);
    assertThat(f.invocations()).isEqualTo(2);
    assertThat(f.errors()).isEqualTo(1);
    assertThat(f.coldStarts()).isEqualTo(1);
    assertThat(f.p99Ms()).isEqualTo(40.0);
    assertThat(store.functionSeries(twoHoursAgo, twoHoursAgo + hour - 1, hour)).containsExactly(
        new FunctionBucket("clean-math", twoHoursAgo, 2, 1, 1));
  }

  @Test
  void aStoreFromBeforeTheAggregatesKeptInitPhases_countsItsInitSpansAtOpen_andItsInvocationsHaveNoTrigger()
      throws Exception {
    long hour = 3_600_000_000_000L;
    long minute = Math.floorDiv(System.currentTimeMillis() * 1_000_000L, hour) * hour - 2 * hour + 60_000_000_000L;
    byte[] trace = hex("0af7651916cd43dd8448eb211c80319c");
    store.write(Batch.ofSpans(List.of(
        new SpanRow(trace, hex("b7ad6b7169203331"), null, "aws.lambda", "svc", "SERVER", minute + 1_000_000_000L,
            minute + 1_040_000_000L, 0, "", "{\"faas.coldstart\":true,\"faas.trigger\":\"http\"}", "[]", "[]",
            "clean-math", "r-1"),
        new SpanRow(trace, hex("b7ad6b7169203332"), hex("b7ad6b7169203331"), "aws.lambda.init", "svc", "INTERNAL",
            minute + 100_000_000L, minute + 400_000_000L, 0, "", "{}", "[]", "[]", "clean-math", null))));
    store.close();
    // as an older store was: no init columns in the aggregates, no trigger in the invocations
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("farol.duckdb"));
        java.sql.Statement s = c.createStatement()) {
      for (String t : List.of("function_minutes", "function_hours")) {
        for (String column : List.of("init_count", "init_ms", "init_max_ms")) {
          s.execute("ALTER TABLE " + t + " DROP COLUMN " + column);
        }
      }
      s.execute("ALTER TABLE invocations DROP COLUMN faas_trigger");
    }

    store = DuckDbStore.open(dir);

    assertThat(store.functionSeries("clean-math", minute, minute, 60_000_000_000L)).singleElement()
        .extracting(FunctionPoint::invocations, FunctionPoint::inits, FunctionPoint::initMeanMs)
        .containsExactly(1L, 1L, 300.0);
    assertThat(store.functionSeries("clean-math", minute - hour, minute + hour, hour)).singleElement()
        .extracting(FunctionPoint::inits, FunctionPoint::initMaxMs).containsExactly(1L, 300.0);
    assertThat(store.invocation("r-1")).get().extracting(InvocationRow::trigger).isNull();
    // opened again: counted once
    store.close();
    store = DuckDbStore.open(dir);
    assertThat(store.functionSeries("clean-math", minute, minute, 60_000_000_000L)).singleElement()
        .extracting(FunctionPoint::inits).isEqualTo(1L);
  }

  @Test
  void closing_storesEverythingAcknowledged_andLeavesNoJournalBehind() throws Exception {
    String trace = "5b8efff798038103d269b633813fc60c";
    store.write(batch(trace));
    store.close();
    try (var files = Files.list(dir.resolve("journal"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".log"))).isEmpty();
    }
    store = DuckDbStore.open(dir);
    assertThat(store.trace(hex(trace))).hasSize(2);
  }
}
