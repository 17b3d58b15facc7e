package dev.farol.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

/**
 * The part of the storage contract the function page reads: one function's series in full (counts, duration
 * percentiles, init phases and memory per bucket) and its invocations paged by cursor and filtered. Run by
 * {@link StoreContract} for every engine, on the store it opened.
 */
abstract class FunctionPageContract {
  private static final long MINUTE = 60_000_000_000L;
  private static final long HOUR = 60 * MINUTE;
  /** A whole hour three hours ago: every minute used here is in the past and fixed. */
  private final long base = Math.floorDiv(System.currentTimeMillis() * 1_000_000L, HOUR) * HOUR - 3 * HOUR;
  private final Supplier<Store> store;

  FunctionPageContract(Supplier<Store> store) {
    this.store = store;
  }

  private Store store() {
    return store.get();
  }

  private static byte[] id(String prefix, String requestId, int hexDigits) {
    return StoreContract.hex(String.format("%0" + hexDigits + "x", Math.abs((long) (prefix + requestId).hashCode())
        + 1));
  }

  /** An invocation span as the extension sends it. */
  private static SpanRow invocation(String function, String requestId, long startNanos, double durationMs,
      boolean coldStart, boolean error, String trigger) {
    return new SpanRow(id("t", requestId, 32), id("s", requestId, 16), null, "aws.lambda", function, "SERVER",
        startNanos, startNanos + Math.round(durationMs * 1_000_000), error ? 2 : 0, "",
        "{\"faas.coldstart\":" + coldStart + ",\"faas.max_memory\":536870912"
            + (trigger == null ? "" : ",\"faas.trigger\":\"" + trigger + "\"") + "}", "[]", "[]", function, requestId);
  }

  /** The init span of a cold start, under its invocation span, ending at {@code endNanos}. */
  private static SpanRow init(String function, String requestId, long endNanos, long durationMs) {
    return new SpanRow(id("t", requestId, 32), id("i", requestId, 16), id("s", requestId, 16), "aws.lambda.init",
        function, "INTERNAL", endNanos - durationMs * 1_000_000, endNanos, 0, "",
        "{\"faas.name\":\"" + function + "\",\"faas.coldstart\":true}", "[]", "[]", function, null);
  }

  private static MetricRow report(String function, String requestId, long timeNanos, long maxMemoryUsedMb) {
    return new MetricRow("aws.lambda.enhanced.max_memory_used", function, function, timeNanos, maxMemoryUsedMb, 1,
        "{\"faas.invocation_id\":\"" + requestId + "\"}");
  }

  /**
   * Minute {@code base + 10m}: 100 invocations of 1..100 ms, every tenth an error, two cold starts with init phases
   * of 300 and 500 ms; minute {@code base + 12m}: ten of 500 ms; another function in the first minute.
   */
  private List<SpanRow> twoMinutes() {
    List<SpanRow> spans = new ArrayList<>();
    long a = base + 10 * MINUTE;
    for (int i = 1; i <= 100; i++) {
      spans.add(invocation("billing", "a-" + i, a + i * 100_000_000L, i, i <= 2, i % 10 == 0, "http"));
    }
    spans.add(init("billing", "a-1", a + 100_000_000L, 300));
    spans.add(init("billing", "a-2", a + 200_000_000L, 500));
    for (int i = 1; i <= 10; i++) {
      spans.add(invocation("billing", "b-" + i, base + 12 * MINUTE + i * 1_000_000_000L, 500, false, false, "http"));
    }
    spans.add(invocation("other", "o-1", a, 7000, true, true, null));
    spans.add(init("other", "o-1", a, 900));
    return spans;
  }

  @Test
  void functionSeries_ofOneFunction_givesPercentilesInitsAndMemoryPerBucket() throws Exception {
    store().write(Batch.ofSpans(twoMinutes()));
    store().write(new Batch(List.of(), List.of(), List.of(report("billing", "a-7", base + 11 * MINUTE, 200),
        report("billing", "b-3", base + 13 * MINUTE, 120))));

    List<FunctionPoint> points = store().functionSeries("billing", base, base + HOUR - 1, MINUTE);

    assertThat(points).extracting(FunctionPoint::startNanos, FunctionPoint::invocations, FunctionPoint::errors,
        FunctionPoint::coldStarts, FunctionPoint::inits, FunctionPoint::initMeanMs, FunctionPoint::initMaxMs,
        FunctionPoint::maxMemoryUsedMb, FunctionPoint::memorySizeMb).containsExactly(
            tuple(base + 10 * MINUTE, 100L, 10L, 2L, 2L, 400.0, 500.0, 200L, 512L),
            tuple(base + 12 * MINUTE, 10L, 0L, 0L, 0L, 0.0, 0.0, 120L, 512L));
    FunctionPoint first = points.get(0);
    assertThat(first.p50Ms()).isCloseTo(50.0, Percentage.withPercentage(2));
    assertThat(first.p95Ms()).isCloseTo(95.0, Percentage.withPercentage(2));
    assertThat(first.p99Ms()).isCloseTo(99.0, Percentage.withPercentage(2)).isLessThanOrEqualTo(100.0);
    // all ten alike: the percentiles are clamped to the bucket's exact shortest and longest
    assertThat(points.get(1)).extracting(FunctionPoint::p50Ms, FunctionPoint::p95Ms, FunctionPoint::p99Ms)
        .containsExactly(500.0, 500.0, 500.0);

    // five-minute buckets sum their minutes; a window that holds only part of them counts that part
    assertThat(store().functionSeries("billing", base, base + HOUR - 1, 5 * MINUTE))
        .extracting(FunctionPoint::startNanos, FunctionPoint::invocations, FunctionPoint::inits)
        .containsExactly(tuple(base + 10 * MINUTE, 110L, 2L));
    assertThat(store().functionSeries("billing", base + 12 * MINUTE, base + 12 * MINUTE, 5 * MINUTE))
        .extracting(FunctionPoint::startNanos, FunctionPoint::invocations).containsExactly(tuple(base + 10 * MINUTE,
            10L));
    assertThat(store().functionSeries("other", base, base + HOUR - 1, MINUTE)).singleElement()
        .extracting(FunctionPoint::invocations, FunctionPoint::inits, FunctionPoint::initMaxMs, FunctionPoint::p50Ms)
        .containsExactly(1L, 1L, 900.0, 7000.0);
    assertThat(store().functionSeries("nobody", base, base + HOUR - 1, MINUTE)).isEmpty();

    // a retried export adds nothing, to the minutes or the hours
    store().write(Batch.ofSpans(twoMinutes()));
    assertThat(store().functionSeries("billing", base - HOUR, base + 2 * HOUR, HOUR))
        .extracting(FunctionPoint::startNanos, FunctionPoint::invocations, FunctionPoint::coldStarts,
            FunctionPoint::inits, FunctionPoint::initMeanMs, FunctionPoint::maxMemoryUsedMb)
        .containsExactly(tuple(base, 110L, 2L, 2L, 400.0, 200L));
  }

  @Test
  void anInitPhase_countsInTheMinuteItEnded_andAloneMakesNoInvocation() throws Exception {
    // the init ends in the minute before its invocation begins
    long minute = base + 30 * MINUTE;
    store().write(Batch.ofSpans(List.of(init("billing", "c-1", minute - 1, 250),
        invocation("billing", "c-1", minute + 5_000_000, 20, true, false, "pubsub"))));
    // an init phase whose invocation never came (its init failed)
    store().write(Batch.ofSpans(List.of(init("failing", "f-1", minute, 10_000))));

    assertThat(store().functionSeries("billing", base, base + HOUR - 1, MINUTE))
        .extracting(FunctionPoint::startNanos, FunctionPoint::invocations, FunctionPoint::coldStarts,
            FunctionPoint::inits, FunctionPoint::initMeanMs, FunctionPoint::p50Ms)
        .containsExactly(tuple(minute - MINUTE, 0L, 0L, 1L, 250.0, 0.0), tuple(minute, 1L, 1L, 0L, 0.0, 20.0));
    assertThat(store().functionSeries("failing", base, base + HOUR - 1, MINUTE))
        .extracting(FunctionPoint::invocations, FunctionPoint::inits).containsExactly(tuple(0L, 1L));
    // the overview lists functions with invocations, and their buckets with invocations
    assertThat(store().functions(base, base + HOUR - 1)).extracting(FunctionSummary::name,
        FunctionSummary::invocations).containsExactly(tuple("billing", 1L));
    assertThat(store().functionSeries(base, base + HOUR - 1, MINUTE)).containsExactly(
        new FunctionBucket("billing", minute, 1, 0, 1));
    assertThat(store().functions(base, base + HOUR - 1).get(0).p50Ms()).isEqualTo(20.0);
  }

  /** 25 invocations of billing a minute apart, the last two starting at the same nanosecond; one of other. */
  private List<SpanRow> twentyFive() {
    List<SpanRow> spans = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      long start = base + Math.min(i, 24) * MINUTE;
      spans.add(invocation("billing", String.format("p-%02d", i), start, 10 * i, i % 5 == 1, i % 4 == 0,
          i % 2 == 0 ? "http" : null));
    }
    spans.add(invocation("other", "q-1", base + 3 * MINUTE, 10, false, false, "timer"));
    return spans;
  }

  private static List<String> ids(List<InvocationRow> rows) {
    return rows.stream().map(InvocationRow::requestId).toList();
  }

  private static InvocationQuery billing(long since, int limit) {
    return new InvocationQuery("billing", since, Long.MAX_VALUE, null, null, null, null, limit);
  }

  @Test
  void invocations_pageByCursor_newestFirst_tiesByRequestId_withoutDuplicatesOrGaps_asNewOnesArrive()
      throws Exception {
    store().write(Batch.ofSpans(twentyFive()));
    InvocationQuery q = billing(base, 10);

    List<InvocationRow> first = store().invocations(q);
    assertThat(ids(first)).containsExactly("p-25", "p-24", "p-23", "p-22", "p-21", "p-20", "p-19", "p-18", "p-17",
        "p-16");
    // newer invocations arrive between the pages
    store().write(Batch.ofSpans(List.of(invocation("billing", "n-1", base + 40 * MINUTE, 5, false, false, null),
        invocation("billing", "n-2", base + 41 * MINUTE, 5, false, false, null))));
    List<InvocationRow> second = store().invocations(q.at(InvocationCursor.after(first.get(9)), 10));
    List<InvocationRow> third = store().invocations(q.at(InvocationCursor.after(second.get(9)), 10));
    assertThat(ids(second)).containsExactly("p-15", "p-14", "p-13", "p-12", "p-11", "p-10", "p-09", "p-08", "p-07",
        "p-06");
    assertThat(ids(third)).containsExactly("p-05", "p-04", "p-03", "p-02", "p-01");
    assertThat(store().invocations(q.at(InvocationCursor.after(third.get(4)), 10))).isEmpty();

    // and back: each page before a page's first row is the page that came before it, then the new ones
    assertThat(ids(store().invocations(q.at(InvocationCursor.before(third.get(0)), 10)))).isEqualTo(ids(second));
    assertThat(ids(store().invocations(q.at(InvocationCursor.before(second.get(0)), 10)))).isEqualTo(ids(first));
    assertThat(ids(store().invocations(q.at(InvocationCursor.before(first.get(0)), 10)))).containsExactly("n-2",
        "n-1");
    assertThat(store().invocations(q.at(InvocationCursor.before(first.get(0)), 1))).extracting(
        InvocationRow::requestId).containsExactly("n-1");

    // a cursor between the two that start together
    assertThat(ids(store().invocations(q.at(InvocationCursor.after(first.get(0)), 2)))).containsExactly("p-24",
        "p-23");
    assertThat(ids(store().invocations(q.at(InvocationCursor.before(first.get(1)), 5)))).containsExactly("n-2",
        "n-1", "p-25");

    Set<String> all = new HashSet<>();
    for (List<InvocationRow> page : List.of(first, second, third)) {
      for (InvocationRow r : page) {
        assertThat(all.add(r.requestId())).as("seen twice: %s", r.requestId()).isTrue();
      }
    }
    assertThat(all).hasSize(25);
  }

  @Test
  void invocations_filterByColdStartErrorDurationAndWindow_andKeepTheirTrigger() throws Exception {
    store().write(Batch.ofSpans(twentyFive()));
    InvocationQuery all = billing(base, 100);

    assertThat(ids(store().invocations(new InvocationQuery("billing", base, Long.MAX_VALUE, true, null, null, null,
        100)))).containsExactly("p-21", "p-16", "p-11", "p-06", "p-01");
    assertThat(store().invocations(new InvocationQuery("billing", base, Long.MAX_VALUE, false, null, null, null,
        100))).hasSize(20).noneMatch(InvocationRow::coldStart);
    assertThat(ids(store().invocations(new InvocationQuery("billing", base, Long.MAX_VALUE, null, true, null, null,
        100)))).containsExactly("p-24", "p-20", "p-16", "p-12", "p-08", "p-04");
    assertThat(store().invocations(new InvocationQuery("billing", base, Long.MAX_VALUE, null, false, null, null,
        100))).hasSize(19).allMatch(r -> r.status().equals("success"));
    assertThat(ids(store().invocations(new InvocationQuery("billing", base, Long.MAX_VALUE, true, true, 150.0, null,
        100)))).containsExactly("p-16");
    assertThat(ids(store().invocations(new InvocationQuery("billing", base, Long.MAX_VALUE, null, null, 230.0, null,
        100)))).containsExactly("p-25", "p-24", "p-23");
    // the window: starting at or after since, before until
    assertThat(ids(store().invocations(new InvocationQuery("billing", base + 3 * MINUTE, base + 6 * MINUTE, null, null,
        null, null, 100)))).containsExactly("p-05", "p-04", "p-03");
    assertThat(ids(store().invocations(new InvocationQuery(null, base + 3 * MINUTE, base + 4 * MINUTE, null, null,
        null, null, 100)))).containsExactly("q-1", "p-03");
    // a filtered list pages like any other
    InvocationQuery cold = new InvocationQuery("billing", base, Long.MAX_VALUE, true, null, null, null, 2);
    List<InvocationRow> page = store().invocations(cold);
    assertThat(ids(store().invocations(cold.at(InvocationCursor.after(page.get(1)), 2)))).containsExactly("p-11",
        "p-06");

    assertThat(store().invocations(all)).filteredOn(r -> r.requestId().equals("p-02")).singleElement()
        .extracting(InvocationRow::trigger, InvocationRow::durationMs, InvocationRow::coldStart)
        .containsExactly("http", 20.0, false);
    assertThat(store().invocation("p-01")).get().extracting(InvocationRow::trigger).isNull();
    assertThat(store().invocation("q-1")).get().extracting(InvocationRow::trigger).isEqualTo("timer");
    // the list as it always was: newest first, since a moment
    assertThat(ids(store().invocations("billing", base + 22 * MINUTE, 10))).containsExactly("p-25", "p-24", "p-23",
        "p-22");
  }
}
