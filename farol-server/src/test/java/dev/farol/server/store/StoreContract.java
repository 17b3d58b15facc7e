package dev.farol.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every storage engine must do, whatever it is: DuckDB today ({@code DuckDbStoreTest}),
 * ClickHouse next. Engines run this suite against a real instance.
 */
public abstract class StoreContract {
  protected Store store;
  private final long now = System.currentTimeMillis() * 1_000_000L;

  /** A fresh, empty store. */
  protected abstract Store open() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    store = open();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  /** The function page's reads ({@link FunctionPageContract}), on this engine's store. */
  @Nested
  class FunctionPage extends FunctionPageContract {
    FunctionPage() {
      super(() -> store);
    }
  }

  private SpanRow span(String trace, String id, String parent, String name, String kind, long startOffsetMs,
      long durationMs, int status, String attributes, String function, String requestId) {
    return new SpanRow(hex(trace), hex(id), parent == null ? null : hex(parent), name, "svc", kind,
        now + startOffsetMs * 1_000_000L, now + (startOffsetMs + durationMs) * 1_000_000L, status, "",
        attributes, "[]", "[]", function, requestId);
  }

  private static final String T1 = "0af7651916cd43dd8448eb211c80319c";
  private static final String T2 = "4bf92f3577b34da6a3ce929d0e0e4736";

  private void twoTraces() throws StoreException {
    store.write(Batch.ofSpans(List.of(
        span(T1, "b7ad6b7169203331", null, "aws.lambda", "SERVER", 0, 20, 0,
            "{\"faas.coldstart\":true,\"faas.max_memory\":536870912,\"aws.lambda.billed_duration_ms\":20}",
            "clean-math", "r-1"),
        span(T1, "b7ad6b7169203332", "b7ad6b7169203331", "select", "CLIENT", 5, 10, 2, "{}", "clean-math", null),
        span(T2, "00f067aa0ba902b7", null, "aws.lambda", "SERVER", 100, 300, 0, "{\"faas.coldstart\":false}",
            "clean-math", "r-2"))));
  }

  @Test
  void traceById_returnsItsSpansInStartOrder() throws Exception {
    twoTraces();
    List<SpanRow> t = store.trace(hex(T1));
    assertThat(t).extracting(SpanRow::name).containsExactly("aws.lambda", "select");
    assertThat(t.get(1).parentSpanId()).isEqualTo(hex("b7ad6b7169203331"));
    assertThat(store.trace(hex("ffffffffffffffffffffffffffffffff"))).isEmpty();
  }

  @Test
  void traceOutline_isEverySpanOfTheTrace_withoutItsPayload() throws Exception {
    twoTraces();

    List<SpanOutline> outline = new java.util.ArrayList<>(store.traceOutline(hex(T1)));
    outline.sort(java.util.Comparator.comparingLong(SpanOutline::startNanos));

    assertThat(outline).extracting(o -> HexFormat.of().formatHex(o.spanId()),
        o -> o.parentSpanId() == null ? null : HexFormat.of().formatHex(o.parentSpanId()), SpanOutline::name,
        SpanOutline::service, SpanOutline::startNanos, SpanOutline::endNanos, SpanOutline::statusCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("b7ad6b7169203331", null, "aws.lambda", "svc", now, now + 20_000_000L,
                0),
            org.assertj.core.groups.Tuple.tuple("b7ad6b7169203332", "b7ad6b7169203331", "select", "svc",
                now + 5_000_000L, now + 15_000_000L, 2));
    assertThat(store.traceOutline(hex("ffffffffffffffffffffffffffffffff"))).isEmpty();
  }

  @Test
  void traceSpans_areTheSpansAskedFor_ofThatTraceOnly() throws Exception {
    twoTraces();
    List<SpanRow> many = new java.util.ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      many.add(span(T2, String.format("%016x", 0x1000 + i), "00f067aa0ba902b7", "op-" + i, "INTERNAL", 101 + i % 50, 1,
          0, "{\"i\":" + i + "}", null, null));
    }
    store.write(Batch.ofSpans(many));
    // 1,200 of them (more than one statement's worth), the first asked twice, one of another trace, one unknown
    List<byte[]> asked = new java.util.ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      asked.add(hex(String.format("%016x", 0x1000 + 1500 - 1 - i)));
    }
    asked.add(hex(String.format("%016x", 0x1000 + 1499)));
    asked.add(hex("b7ad6b7169203331"));
    asked.add(hex("0000000000000fff"));

    List<SpanRow> found = store.traceSpans(hex(T2), asked);

    assertThat(found).extracting(SpanRow::name).containsExactlyInAnyOrderElementsOf(
        java.util.stream.IntStream.range(300, 1500).mapToObj(i -> "op-" + i).toList());
    assertThat(found).filteredOn(s -> s.name().equals("op-700")).singleElement()
        .satisfies(s -> assertThat(s.attributes()).isEqualTo("{\"i\":700}"));
    assertThat(store.traceSpans(hex(T1), List.of(hex("b7ad6b7169203332")))).singleElement()
        .extracting(SpanRow::name).isEqualTo("select");
    assertThat(store.traceSpans(hex(T1), List.of())).isEmpty();
    assertThat(store.traceSpans(hex("ffffffffffffffffffffffffffffffff"), List.of(hex("b7ad6b7169203332")))).isEmpty();
  }

  @Test
  void writesAreIdempotent() throws Exception {
    twoTraces();
    twoTraces();
    assertThat(store.trace(hex(T1))).hasSize(2);
    assertThat(store.searchTraces(new TraceQuery(null, null, null, null, 0, 10)))
        .filteredOn(t -> HexFormat.of().formatHex(t.traceId()).equals(T1)).singleElement()
        .extracting(TraceSummary::spanCount).isEqualTo(2);
    assertThat(store.functions(0)).singleElement().extracting(FunctionSummary::invocations).isEqualTo(2L);
  }

  @Test
  void aRetryMixedWithNewSpans_storesOnlyTheNewOnes() throws Exception {
    store.write(Batch.ofSpans(List.of(span(T1, "b7ad6b7169203331", null, "aws.lambda", "SERVER", 0, 20, 0, "{}",
        null, null))));
    // the exporter retries the first span together with spans that came since, one in a new trace
    store.write(Batch.ofSpans(List.of(
        span(T1, "b7ad6b7169203331", null, "aws.lambda", "SERVER", 0, 20, 0, "{}", null, null),
        span(T1, "b7ad6b7169203332", "b7ad6b7169203331", "select", "CLIENT", 5, 10, 0, "{}", null, null),
        span(T1, "b7ad6b7169203332", "b7ad6b7169203331", "select", "CLIENT", 5, 10, 0, "{}", null, null),
        span(T2, "00f067aa0ba902b7", null, "aws.lambda", "SERVER", 100, 300, 0, "{}", null, null))));
    assertThat(store.trace(hex(T1))).extracting(SpanRow::name).containsExactly("aws.lambda", "select");
    assertThat(store.trace(hex(T2))).hasSize(1);
    assertThat(store.searchTraces(new TraceQuery(null, null, null, null, 0, 10)))
        .extracting(TraceSummary::spanCount).containsExactlyInAnyOrder(2, 1);
  }

  @Test
  void concurrentOverlappingWrites_storeEachSpanOnce() throws Exception {
    int writers = 8;
    Thread[] threads = new Thread[writers];
    java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
    for (int w = 0; w < writers; w++) {
      int first = w;
      threads[w] = new Thread(() -> {
        try {
          // every writer sends spans 0..39 of one trace, starting at a different span
          for (int round = 0; round < 5; round++) {
            List<SpanRow> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
              int n = (first * 5 + round * 8 + i) % 40;
              batch.add(span(T1, String.format("%016x", n + 1), null, "op-" + n, "INTERNAL", n, 1, 0, "{}", null,
                  null));
            }
            store.write(Batch.ofSpans(batch));
          }
        } catch (Exception e) {
          failed.set(e);
        }
      });
      threads[w].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failed.get()).isNull();
    assertThat(store.trace(hex(T1))).hasSize(40);
    assertThat(store.searchTraces(new TraceQuery(null, null, null, null, 0, 10))).singleElement()
        .extracting(TraceSummary::spanCount).isEqualTo(40);
  }

  @Test
  void traceSearch_filtersAndSummarises() throws Exception {
    twoTraces();
    List<TraceSummary> all = store.searchTraces(new TraceQuery("svc", null, null, null, 0, 10));
    assertThat(all).hasSize(2);
    assertThat(HexFormat.of().formatHex(all.get(0).traceId())).isEqualTo(T2); // newest first
    assertThat(store.searchTraces(new TraceQuery(null, null, true, null, 0, 10)))
        .singleElement().satisfies(t -> {
          assertThat(t.spanCount()).isEqualTo(2);
          assertThat(t.rootName()).isEqualTo("aws.lambda");
          assertThat(t.durationNanos()).isEqualTo(20_000_000L);
        });
    assertThat(store.searchTraces(new TraceQuery(null, null, null, 100_000_000L, 0, 10))).hasSize(1);
    assertThat(store.searchTraces(new TraceQuery("other", null, null, null, 0, 10))).isEmpty();
    assertThat(store.searchTraces(new TraceQuery(null, null, null, null, now + 1, 10))).hasSize(1);
  }

  @Test
  void traceWithLogs_givesTheSpansAndTheLinesOfThatTraceOnly_fromBeforeItsFirstSpan() throws Exception {
    twoTraces();
    store.write(new Batch(List.of(), List.of(
        new LogRow(now - 60_000_000_000L, "INFO", "init line, a minute before", "svc", "clean-math", null, hex(T1), null,
            "{}"),
        new LogRow(now + 1, "INFO", "payment recorded", "svc", "clean-math", "r-1", hex(T1), null, "{}"),
        new LogRow(now - 3_600_000_000_000L, "INFO", "an hour before: another time", "svc", "clean-math", null, hex(T1),
            null, "{}"),
        new LogRow(now + 2, "INFO", "other trace", "svc", "clean-math", "r-2", hex(T2), null, "{}")), List.of()));

    Store.TraceWithLogs t = store.traceWithLogs(hex(T1), 100);

    assertThat(t.spans()).extracting(SpanRow::name).containsExactly("aws.lambda", "select");
    assertThat(t.logs()).extracting(LogRow::body).containsExactly("init line, a minute before", "payment recorded");
    assertThat(store.traceWithLogs(hex(T1), 1).logs()).hasSize(1);
    assertThat(store.traceWithLogs(hex("ffffffffffffffffffffffffffffffff"), 100).spans()).isEmpty();
  }

  @Test
  void logs_byTraceRequestFunctionAndText() throws Exception {
    store.write(new Batch(List.of(), List.of(
        new LogRow(now, "INFO", "payment recorded", "svc", "clean-math", "r-1", hex(T1), hex("b7ad6b7169203331"), "{}"),
        new LogRow(now + 1, "ERROR", "Ledger unavailable", "svc", "clean-math", "r-2", hex(T2), null, "{}")),
        List.of()));
    assertThat(store.logs(new LogQuery(hex(T1), null, null, null, 0, 10))).extracting(LogRow::body)
        .containsExactly("payment recorded");
    assertThat(store.logs(new LogQuery(null, "r-2", null, null, 0, 10))).hasSize(1);
    assertThat(store.logs(new LogQuery(null, null, "clean-math", "ledger", 0, 10))).extracting(LogRow::body)
        .containsExactly("Ledger unavailable");
    assertThat(store.logCount("r-1")).isEqualTo(1);
  }

  @Test
  void functionsAndInvocations_fromInvocationSpans_completedByTheirReport() throws Exception {
    twoTraces();
    store.write(new Batch(List.of(), List.of(), List.of(new MetricRow("aws.lambda.enhanced.max_memory_used", "svc",
        "clean-math", now, 210, 1, "{\"faas.invocation_id\":\"r-1\"}"))));
    FunctionSummary f = store.functions(0).get(0);
    assertThat(f.name()).isEqualTo("clean-math");
    assertThat(f.invocations()).isEqualTo(2);
    assertThat(f.coldStarts()).isEqualTo(1);
    assertThat(f.maxMemoryUsedMb()).isEqualTo(210);
    assertThat(f.memorySizeMb()).isEqualTo(512);
    assertThat(f.p50Ms()).isBetween(20.0, 300.0);
    assertThat(store.invocations("clean-math", 0, 10)).extracting(InvocationRow::requestId)
        .containsExactly("r-2", "r-1");
    assertThat(store.invocation("r-1")).get().satisfies(i -> {
      assertThat(i.coldStart()).isTrue();
      assertThat(i.maxMemoryUsedMb()).isEqualTo(210);
      assertThat(i.traceId()).isEqualTo(hex(T1));
    });
    assertThat(store.invocation("nope")).isEmpty();
  }

  @Test
  void functionSummary_percentilesAndCountsOverTheWindow_fromPerMinuteAggregates() throws Exception {
    // 100 invocations of 1..100 ms in the current minute, 50 slow ones (1 s) ten minutes earlier
    List<SpanRow> spans = new java.util.ArrayList<>();
    for (int i = 1; i <= 150; i++) {
      boolean old = i > 100;
      long offsetMs = old ? -600_000 : 0;
      String trace = String.format("%032x", 0x1000 + i);
      spans.add(span(trace, String.format("%016x", 0x2000 + i), null, "aws.lambda", "SERVER", offsetMs,
          old ? 1000 : i, i % 10 == 0 ? 2 : 0,
          "{\"faas.coldstart\":" + (i == 1) + ",\"faas.max_memory\":1073741824,\"aws.lambda.billed_duration_ms\":"
              + (old ? 1000 : i) + "}", "mean", "m-" + i));
    }
    store.write(Batch.ofSpans(spans));

    FunctionSummary all = store.functions(now - 3_600_000_000_000L).get(0);
    assertThat(all.invocations()).isEqualTo(150);
    assertThat(all.errors()).isEqualTo(15);
    assertThat(all.coldStarts()).isEqualTo(1);
    assertThat(all.p99Ms()).isCloseTo(1000.0, org.assertj.core.data.Percentage.withPercentage(1)).isLessThanOrEqualTo(1000.0);
    assertThat(all.memorySizeMb()).isEqualTo(1024);

    FunctionSummary recent = store.functions(now - 60_000_000_000L).get(0);
    assertThat(recent.invocations()).isEqualTo(100);
    assertThat(recent.p50Ms()).isCloseTo(50.0, org.assertj.core.data.Percentage.withPercentage(2));
    assertThat(recent.p95Ms()).isCloseTo(95.0, org.assertj.core.data.Percentage.withPercentage(2));
    assertThat(recent.p99Ms()).isCloseTo(99.0, org.assertj.core.data.Percentage.withPercentage(2));
    // 1 GB for (1+…+100) ms billed, plus the requests
    assertThat(recent.estimatedCostUsd()).isCloseTo(5.050 * 0.0000166667 + 100 * 0.0000002,
        org.assertj.core.data.Percentage.withPercentage(0.1));

    // retried: counted once
    store.write(Batch.ofSpans(spans));
    assertThat(store.functions(now - 60_000_000_000L).get(0).invocations()).isEqualTo(100);
  }

  private static final long MINUTE = 60_000_000_000L;
  private static final long HOUR = 60 * MINUTE;

  private static SpanRow invocationAt(long startNanos, long durationMs, String requestId, boolean coldStart,
      boolean error) {
    return new SpanRow(hex(String.format("%032x", 0x5000L + requestId.hashCode())),
        hex(String.format("%016x", 0x6000L + requestId.hashCode())), null, "aws.lambda", "svc", "SERVER",
        startNanos, startNanos + durationMs * 1_000_000L, error ? 2 : 0, "",
        "{\"faas.coldstart\":" + coldStart + ",\"faas.max_memory\":268435456,\"aws.lambda.billed_duration_ms\":"
            + durationMs + "}", "[]", "[]", "weekly", requestId);
  }

  /**
   * Five invocations around whole hours: 10 minutes before the first whole hour, within it, in the next, at the
   * end of the fourth, and one in the current minute; {@code base} is a whole hour five hours ago.
   */
  private long hoursApart() throws StoreException {
    long base = Math.floorDiv(now, HOUR) * HOUR - 5 * HOUR;
    store.write(Batch.ofSpans(List.of(
        invocationAt(base - 10 * MINUTE, 10, "w-1", true, false),
        invocationAt(base + 30 * MINUTE, 20, "w-2", false, true),
        invocationAt(base + HOUR + 5 * MINUTE, 30, "w-3", false, false),
        invocationAt(base + 3 * HOUR + 59 * MINUTE, 40, "w-4", true, false),
        invocationAt(now, 50, "w-5", false, false))));
    return base;
  }

  @Test
  void functionSummary_overWholeHoursAndTheMinutesAroundThem_countsEachInvocationOnce() throws Exception {
    long base = hoursApart();
    hoursApart(); // a retried export adds nothing, to the minutes or the hours

    FunctionSummary all = store.functions(base - 15 * MINUTE, now).get(0);
    assertThat(all.invocations()).isEqualTo(5);
    assertThat(all.errors()).isEqualTo(1);
    assertThat(all.coldStarts()).isEqualTo(2);
    assertThat(all.p50Ms()).isCloseTo(30.0, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(all.p99Ms()).isCloseTo(50.0, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(all.memorySizeMb()).isEqualTo(256);
    // one hour exactly, and windows that start and end inside hours (minutes on both sides of whole hours)
    assertThat(store.functions(base + HOUR, base + 2 * HOUR - 1).get(0).invocations()).isEqualTo(1);
    assertThat(store.functions(base + 20 * MINUTE, base + HOUR + 10 * MINUTE).get(0).invocations()).isEqualTo(2);
    assertThat(store.functions(base - 10 * MINUTE, base - 10 * MINUTE).get(0).invocations()).isEqualTo(1);
    assertThat(store.functions(base + 3 * HOUR + 59 * MINUTE + 1, base + 4 * HOUR + 30 * MINUTE).get(0).p50Ms())
        .isEqualTo(40.0);
    assertThat(store.functions(base + 2 * HOUR, base + 3 * HOUR + 58 * MINUTE)).isEmpty();
    assertThat(store.functions(base - 15 * MINUTE)).singleElement().extracting(FunctionSummary::invocations)
        .isEqualTo(5L);

    // the report of an invocation in a whole hour reaches the hour's row too
    store.write(new Batch(List.of(), List.of(), List.of(new MetricRow("aws.lambda.enhanced.max_memory_used", "svc",
        "weekly", base + HOUR + 6 * MINUTE, 120, 1, "{\"faas.invocation_id\":\"w-3\"}"))));
    assertThat(store.functions(base - 15 * MINUTE, now).get(0).maxMemoryUsedMb()).isEqualTo(120);
    assertThat(store.functions(base + HOUR, base + 2 * HOUR - 1).get(0).maxMemoryUsedMb()).isEqualTo(120);
  }

  @Test
  void functionSeries_perStep_fromTheMinutesOrTheHours() throws Exception {
    long base = hoursApart();

    assertThat(store.functionSeries(base - 15 * MINUTE, now, HOUR)).containsExactly(
        new FunctionBucket("weekly", base - HOUR, 1, 0, 1),
        new FunctionBucket("weekly", base, 1, 1, 0),
        new FunctionBucket("weekly", base + HOUR, 1, 0, 0),
        new FunctionBucket("weekly", base + 3 * HOUR, 1, 0, 1),
        new FunctionBucket("weekly", Math.floorDiv(now, HOUR) * HOUR, 1, 0, 0));
    // three-hour buckets, from the hours and the minutes before the first whole hour and after the last
    java.util.Map<Long, Long> perThreeHours = new java.util.TreeMap<>();
    for (long t : new long[] {base - 10 * MINUTE, base + 30 * MINUTE, base + HOUR + 5 * MINUTE,
        base + 3 * HOUR + 59 * MINUTE, now}) {
      perThreeHours.merge(Math.floorDiv(t, 3 * HOUR) * 3 * HOUR, 1L, Long::sum);
    }
    assertThat(store.functionSeries(base - 15 * MINUTE, now, 3 * HOUR)).extracting(FunctionBucket::startNanos,
        FunctionBucket::invocations).containsExactlyElementsOf(perThreeHours.entrySet().stream()
            .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
    assertThat(store.functionSeries(base + 25 * MINUTE, base + 35 * MINUTE, 5 * MINUTE)).containsExactly(
        new FunctionBucket("weekly", base + 30 * MINUTE, 1, 1, 0));
    assertThat(store.functionSeries(base + 25 * MINUTE, base + 35 * MINUTE, MINUTE)).containsExactly(
        new FunctionBucket("weekly", base + 30 * MINUTE, 1, 1, 0));
    assertThat(store.functionSeries(base + 2 * HOUR, base + 3 * HOUR, MINUTE)).isEmpty();
  }

  @Test
  void metricSeries_bucketsByStep() throws Exception {
    long minute = 60_000_000_000L;
    long base = (now / minute) * minute;
    store.write(new Batch(List.of(), List.of(), List.of(
        new MetricRow("orders", "svc", "clean-math", base + 1, 3, 1, "{}"),
        new MetricRow("orders", "svc", "clean-math", base + 2, 5, 1, "{}"),
        new MetricRow("orders", "svc", "clean-math", base + minute, 1, 1, "{}"),
        new MetricRow("orders", "svc", "other", base + 3, 100, 1, "{}"))));
    List<Store.MetricPoint> points = store.metricSeries("orders", "clean-math", 0, minute);
    assertThat(points).hasSize(2);
    assertThat(points.get(0).timeNanos()).isEqualTo(base);
    assertThat(points.get(0).sum()).isEqualTo(8);
    assertThat(points.get(0).avg()).isEqualTo(4);
    assertThat(points.get(1).max()).isEqualTo(1);
    assertThat(store.metricSeries("orders", null, 0, minute).get(0).count()).isEqualTo(3);
  }

  private static final String HOPS_JSON = "{\"hops\":{\"handler-loaded\":\"passed\",\"wrapper-ran\":\"failed\"},"
      + "\"counts\":{\"spans\":2,\"tracerSpans\":0,\"logLines\":1},\"coldStart\":true}";

  private DiagnosticRow hops(String requestId, long offsetMs) {
    return new DiagnosticRow(now + offsetMs * 1_000_000L, "clean-math", requestId, hex(T1), DiagnosticRow.HOPS, "",
        HOPS_JSON);
  }

  private DiagnosticRow finding(String function, String requestId, String code, long offsetMs) {
    return new DiagnosticRow(now + offsetMs * 1_000_000L, function, requestId, hex(T1), DiagnosticRow.FINDING, code,
        "{\"code\":\"" + code + "\",\"message\":\"seen in " + requestId + "\"}");
  }

  @Test
  void diagnostics_areKeptByInvocation_storedOnce_andAreNoLogLines() throws Exception {
    store.write(new Batch(List.of(), List.of(new LogRow(now, "INFO", "fibonacci(15) = 610", "svc", "clean-math",
        "r-1", hex(T1), null, "{}")), List.of(), List.of(hops("r-1", 0), finding("clean-math", "r-1", "FAROL-H001", 0),
        hops("r-2", 10))));
    // a retried export of the diagnostics
    store.write(new Batch(List.of(), List.of(), List.of(), List.of(hops("r-1", 0),
        finding("clean-math", "r-1", "FAROL-H001", 0))));

    assertThat(store.diagnostics("r-1")).extracting(DiagnosticRow::event, DiagnosticRow::code, DiagnosticRow::json)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(DiagnosticRow.HOPS, "", HOPS_JSON),
            org.assertj.core.groups.Tuple.tuple(DiagnosticRow.FINDING, "FAROL-H001",
                "{\"code\":\"FAROL-H001\",\"message\":\"seen in r-1\"}"));
    assertThat(store.diagnostics("r-1").get(0)).satisfies(d -> {
      assertThat(d.function()).isEqualTo("clean-math");
      assertThat(d.traceId()).isEqualTo(hex(T1));
      assertThat(d.timeNanos()).isEqualTo(now);
    });
    assertThat(store.diagnostics("r-2")).hasSize(1);
    assertThat(store.diagnostics("nope")).isEmpty();
    assertThat(store.logs(new LogQuery(null, "r-1", null, null, 0, 10))).extracting(LogRow::body)
        .containsExactly("fibonacci(15) = 610");
    assertThat(store.logCount("r-1")).isEqualTo(1);
  }

  @Test
  void findings_ofAFunction_areTheLatestPerCode_withHowManyInvocationsHadThem() throws Exception {
    store.write(new Batch(List.of(), List.of(), List.of(), List.of(
        finding("clean-math", "r-1", "FAROL-H001", -600_000),
        finding("clean-math", "r-2", "FAROL-H001", 0),
        finding("clean-math", "r-2", "FAROL-V005", 5),
        finding("clean-math", "r-3", "FAROL-H001", 20),
        finding("other", "r-9", "FAROL-V003", 30))));

    assertThat(store.findings("clean-math", now - 3_600_000_000_000L)).containsExactly(
        new FunctionFinding("FAROL-H001", "{\"code\":\"FAROL-H001\",\"message\":\"seen in r-3\"}", "r-3",
            now + 20_000_000L, 3),
        new FunctionFinding("FAROL-V005", "{\"code\":\"FAROL-V005\",\"message\":\"seen in r-2\"}", "r-2",
            now + 5_000_000L, 1));
    // ten minutes ago is out of a five-minute window
    assertThat(store.findings("clean-math", now - 300_000_000_000L)).extracting(FunctionFinding::invocations)
        .containsExactly(2L, 1L);
    assertThat(store.findings("nobody", 0)).isEmpty();
  }
}
