package dev.farol.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Query latency at scale, side by side: {@code bench.spans} (default 10,000,000) realistic spans
 * ({@link SpanGenerator}, 1 M traces of 10) loaded into Farol's server (DuckDB on disk, OTLP protobuf)
 * and into Zipkin's server (in memory, Zipkin v2 JSON), one after the other, each alone on the machine.
 * Then, through each HTTP API, one client at a time: trace by id (2,000 random ids that exist, after 200
 * warm-up reads of others) and a search by service and minimum duration, limit 20 (200 searches after
 * 20 warm-up), as p50/p99/max.
 *
 * <p>Properties: {@code bench.spans}, {@code bench.senders} (4), {@code bench.zipkin.heap} (18g: Zipkin
 * keeps every span on its heap), {@code bench.only} ({@code farol} or {@code zipkin}).
 */
public final class TraceQueryBench {
  private static final int BY_ID = 2_000;
  private static final int SEARCHES = 200;
  /** minDuration of the search: about a fifth of the traces are at least this long. */
  private static final long MIN_DURATION_MS = 400;

  private TraceQueryBench() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("farol.home", ".")).toAbsolutePath().normalize();
    int spans = Integer.getInteger("bench.spans", 10_000_000);
    int senders = Integer.getInteger("bench.senders", 4);
    String only = System.getProperty("bench.only", "");
    long now = System.currentTimeMillis() * 1_000_000L;
    int batches = spans / 100;
    long traces = batches * 10L;
    // the traces' start times end about now (100 µs apart), all within the last two hours
    SpanGenerator gen = new SpanGenerator(7, now - traces * 100_000L - 60_000_000_000L);
    Path work = Files.createTempDirectory("farol-bench-query-");
    System.out.printf(Locale.ROOT, "# query latency: %,d spans (%,d traces of 10), loaded by %d senders%n", spans,
        traces, senders);
    System.out.println("| backend | load spans/s | query | n | p50 | p99 | max |");
    System.out.println("|---|---|---|---|---|---|---|");
    if (only.isEmpty() || only.equals("farol")) {
      try (Backend farol = Backend.farol(work.resolve("farol"), System.getProperty("bench.farol.heap", "2g"),
          work.resolve("farol-server.log"))) {
        Sender.Result load = Sender.send("http://127.0.0.1:" + farol.ingestPort + "/v1/traces",
            "application/x-protobuf", batches, b -> SpanGenerator.otlp(gen.batch(b * 10L, 10)), senders);
        double rate = spans / (load.nanos() / 1e9);
        String q = "http://127.0.0.1:" + farol.queryPort;
        measure("Farol, DuckDB on disk", rate, traces, gen,
            id -> q + "/api/v1/traces/" + id,
            svc -> q + "/api/v1/traces?service=" + svc + "&minDurationMs=" + MIN_DURATION_MS + "&since=3h&limit=20");
        System.out.printf(Locale.ROOT, "  (Farol load: %d retried requests, %d failed; data %s MB)%n", load.retries(),
            load.failures(), Files.size(work.resolve("farol/farol.duckdb")) / (1024 * 1024));
      }
    }
    if (only.isEmpty() || only.equals("zipkin")) {
      String heap = System.getProperty("bench.zipkin.heap", "18g");
      try (Backend zipkin = Backend.zipkin(home, heap, spans + 1000L, work.resolve("zipkin.log"))) {
        Sender.Result load = Sender.send("http://127.0.0.1:" + zipkin.ingestPort + "/api/v2/spans",
            "application/json", batches, b -> SpanGenerator.zipkinJson(gen.batch(b * 10L, 10)), senders);
        double rate = spans / (load.nanos() / 1e9);
        String q = "http://127.0.0.1:" + zipkin.queryPort;
        long endTs = System.currentTimeMillis();
        measure("Zipkin 3.5.1, in memory (-Xmx" + heap + ")", rate, traces, gen,
            id -> q + "/api/v2/trace/" + id,
            svc -> q + "/api/v2/traces?serviceName=" + svc + "&minDuration=" + MIN_DURATION_MS * 1000
                + "&endTs=" + endTs + "&lookback=10800000&limit=20");
        System.out.printf(Locale.ROOT, "  (Zipkin load: %d retried requests, %d failed)%n", load.retries(),
            load.failures());
      }
    }
    Backend.cleanUp(work);
  }

  private static void measure(String backend, double loadRate, long traces, SpanGenerator gen,
      java.util.function.Function<String, String> byId, java.util.function.Function<String, String> search)
      throws IOException {
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 200; i++) {
      get(byId.apply(HexFormat.of().formatHex(gen.traceId(r.nextLong(traces)))));
    }
    long[] ids = new long[BY_ID];
    int incomplete = 0;
    for (int i = 0; i < BY_ID; i++) {
      String id = HexFormat.of().formatHex(gen.traceId(r.nextLong(traces)));
      long t0 = System.nanoTime();
      String body = get(byId.apply(id));
      ids[i] = System.nanoTime() - t0;
      if (body == null || body.split("\"name\"", -1).length - 1 < SpanGenerator.SPANS_PER_TRACE) {
        incomplete++;
      }
    }
    row(backend, loadRate, "trace by id", ids);
    for (int i = 0; i < 20; i++) {
      get(search.apply(SpanGenerator.service(r.nextInt(SpanGenerator.SERVICES))));
    }
    long[] searches = new long[SEARCHES];
    int short20 = 0;
    for (int i = 0; i < SEARCHES; i++) {
      String url = search.apply(SpanGenerator.service(r.nextInt(SpanGenerator.SERVICES)));
      long t0 = System.nanoTime();
      String body = get(url);
      searches[i] = System.nanoTime() - t0;
      if (body == null) {
        short20++;
      }
    }
    row(backend, loadRate, "search: service + minDuration " + MIN_DURATION_MS + " ms, limit 20", searches);
    if (incomplete > 0 || short20 > 0) {
      System.out.printf(Locale.ROOT, "  (!) %d of %d traces incomplete or missing; %d searches failed%n", incomplete,
          BY_ID, short20);
    }
  }

  private static void row(String backend, double loadRate, String query, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "| %s | %,.0f | %s | %d | %s | %s | %s |%n", backend, loadRate, query, s.length,
        ms(s[s.length / 2]), ms(s[(int) Math.ceil(0.99 * s.length) - 1]), ms(s[s.length - 1]));
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  /** One kept-alive connection per backend (the query port), so the client's own cost stays small. */
  private static final java.util.Map<Integer, LeanHttp> CLIENTS = new java.util.HashMap<>();

  private static String get(String url) throws IOException {
    int port = URI.create(url).getPort();
    LeanHttp client = CLIENTS.computeIfAbsent(port, p -> new LeanHttp("127.0.0.1", p));
    LeanHttp.Response r = client.get(url);
    return r.status() == 200 ? new String(r.body(), java.nio.charset.StandardCharsets.UTF_8) : null;
  }
}
