package dev.farol.server.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Times trace and log searches on a DuckDB store of {@code traces} payment-like traces (five spans each: the
 * inferred API Gateway span, the invocation, the request span with {@code http.route}, a client call, a query) and
 * three log lines per trace, spread over an hour; one route in ten, one trace in twenty failing. Not a test: run by
 * hand (bench/RESULTS.md says how) with the number of traces as the argument; prints each search's p50 and max over
 * 30 runs after 5 discarded.
 */
public final class SearchMeasure {
  private SearchMeasure() {}

  public static void main(String[] args) throws Exception {
    int traces = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    Path dir = Files.createTempDirectory("farol-search-measure-");
    long hour = 3_600_000_000_000L;
    long t0 = System.currentTimeMillis() * 1_000_000L - hour;
    long ms = 1_000_000L;
    String[] routes = {"/installments/{id}/payments", "/installments/{id}", "/bookkeeping/entries", "/loans",
        "/loans/{id}", "/clients/{id}", "/clients", "/rates", "/health", "/ledger/{id}"};
    try (DuckDbStore store = DuckDbStore.open(dir)) {
      long loadStart = System.nanoTime();
      List<SpanRow> spans = new ArrayList<>();
      List<LogRow> logs = new ArrayList<>();
      for (int i = 0; i < traces; i++) {
        byte[] trace = id(16, 0x5000_0000L + i);
        long start = t0 + (long) i * hour / traces;
        String route = routes[i % routes.length];
        String method = i % 3 == 0 ? "POST" : "GET";
        long d = (5 + (i * 7919L) % 400) * ms;
        boolean error = i % 20 == 0;
        String fn = "fn-" + (i % 4);
        String http = "{\"http.route\":\"" + route + "\",\"http.request.method\":\"" + method + "\","
            + "\"http.response.status_code\":" + (error ? 500 : 200) + "}";
        spans.add(row(trace, 1, 0, "aws.apigateway " + method + " " + route, start, start + d + 4 * ms, 0, http,
            null));
        spans.add(row(trace, 2, 1, "aws.lambda", start + ms, start + d + 3 * ms, 0, "{\"faas.trigger\":\"http\","
            + "\"cold_start\":" + (i % 50 == 0) + ",\"request_id\":\"r-" + i + "\"}", fn));
        spans.add(row(trace, 3, 2, method + " " + route, start + 2 * ms, start + d + 2 * ms, error ? 2 : 0, http,
            fn));
        spans.add(row(trace, 4, 3, "ledger.post", start + 3 * ms, start + d, error ? 2 : 0,
            "{\"peer.service\":\"ledger\",\"customer.tier\":\"" + (i % 7 == 0 ? "gold" : "basic") + "\"}", fn));
        spans.add(row(trace, 5, 3, "db.query", start + d, start + d + ms, 0, "{\"db.system\":\"postgresql\"}", fn));
        for (int l = 0; l < 3; l++) {
          logs.add(new LogRow(start + l * ms, l == 2 && error ? "ERROR" : null, l == 0 ? "START RequestId: r-" + i
              : l == 1 ? "payment " + i + " accepted" : error ? "payment failed: ledger timeout" : "END RequestId: r-"
              + i, fn, fn, "r-" + i, trace, id(8, 3), "{}"));
        }
        if (spans.size() >= 25_000) {
          store.write(new Batch(spans, logs, List.of()));
          spans.clear();
          logs.clear();
        }
      }
      store.write(new Batch(spans, logs, List.of()));
      store.trace(id(16, 0x5000_0000L)); // waits for everything to be stored
      System.out.printf("stored %,d traces, %,d spans, %,d log lines in %.1f s%n", traces, traces * 5L, traces * 3L,
          (System.nanoTime() - loadStart) / 1e9);

      long since = t0;
      long until = t0 + hour;
      TraceSearch all = new TraceSearch(null, null, null, null, null, null, null, null, List.of(), since, until, null,
          50);
      time("traces, no filter, with scatter (bins)", () -> store.findTraces(all, 1000));
      time("traces, no filter, page only", () -> store.findTraces(all, -1));
      time("traces, error + min duration (rows only), scatter", () -> store.findTraces(new TraceSearch(null, null,
          null, null, null, true, 200 * ms, null, List.of(), since, until, null, 50), 1000));
      time("traces, route POST /installments/{id}/payments, scatter", () -> store.findTraces(new TraceSearch(null,
          null, null, null, new TraceSearch.Route("POST", routes[0]), null, null, null, List.of(), since, until, null,
          50), 1000));
      time("traces, route, last 5 minutes", () -> store.findTraces(new TraceSearch(null, null, null, null,
          new TraceSearch.Route("POST", routes[0]), null, null, null, List.of(), until - 300_000_000_000L, until, null,
          50), 1000));
      time("traces, attr customer.tier=gold + function, scatter", () -> store.findTraces(new TraceSearch(null, null,
          "fn-1", null, null, null, null, null, List.of(new TraceSearch.AttributeFilter("customer.tier", "gold")),
          since, until, null, 50), 1000));
      time("traces, span name contains 'ledger' + error", () -> store.findTraces(new TraceSearch(null, null, null,
          "ledger", null, true, null, null, List.of(), since, until, null, 50), 1000));
      TracePage first = store.findTraces(all, -1);
      TraceSummary last = first.traces().get(first.traces().size() - 1);
      time("traces, second page by cursor", () -> store.findTraces(all.from(new TraceSearch.Position(
          last.startNanos(), last.traceId())), -1));
      LogSearch logsAll = new LogSearch(null, null, null, null, Set.of(), since, until, true, null, null, null, 200);
      time("logs, newest 200", () -> store.findLogs(logsAll));
      time("logs, text 'timeout' + level error", () -> store.findLogs(new LogSearch(null, null, null, "timeout",
          Set.of("ERROR"), since, until, true, null, null, null, 200)));
      long tail = store.findLogs(logsAll).tail();
      time("logs, a tail step (nothing new)", () -> store.findLogs(new LogSearch(null, null, null, null, Set.of(),
          0, Long.MAX_VALUE, true, null, null, tail, 200)));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private interface Search {
    Object run() throws Exception;
  }

  private static void time(String what, Search search) throws Exception {
    for (int i = 0; i < 5; i++) {
      search.run();
    }
    long[] t = new long[30];
    for (int i = 0; i < t.length; i++) {
      long s = System.nanoTime();
      search.run();
      t[i] = System.nanoTime() - s;
    }
    Arrays.sort(t);
    System.out.printf("| %s | %.1f ms | %.1f ms |%n", what, t[t.length / 2] / 1e6, t[t.length - 1] / 1e6);
  }

  private static SpanRow row(byte[] trace, int span, int parent, String name, long start, long end, int status,
      String attributes, String function) {
    return new SpanRow(trace, id(8, span), parent == 0 ? null : id(8, parent), name, "installments",
        span == 4 || span == 5 ? "CLIENT" : "SERVER", start, end, status, "", attributes, "[]", "[]", function,
        null);
  }

  private static byte[] id(int length, long value) {
    byte[] b = new byte[length];
    for (int i = 0; i < 8; i++) {
      b[length - 1 - i] = (byte) (value >>> (8 * i));
    }
    if (length == 16) {
      b[0] = 0x42;
    }
    return b;
  }
}
