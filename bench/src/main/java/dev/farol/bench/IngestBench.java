package dev.farol.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.stream.IntStream;

/**
 * Ingest throughput, side by side: the same realistic spans ({@link SpanGenerator}: 100-span batches of
 * ten 10-span traces, ~10 attributes a span) posted by N concurrent senders to (a) Farol's server in a
 * JVM of its own writing DuckDB on disk, fed OTLP protobuf on {@code /v1/traces} and, separately, Zipkin
 * v2 JSON on {@code /api/v2/spans} (the very bytes Zipkin gets), and (b) Zipkin's own server jar with
 * in-memory storage fed Zipkin v2 JSON. Bodies are encoded before the clock starts; each backend first
 * takes a warm-up of other traces.
 *
 * <p>Persisted means queryable after the run, not sent: for Farol, the rows in the DuckDB file once the
 * server has stopped, and a sample of traces read back through its API before that; for Zipkin, every
 * trace read back through {@code /api/v2/traceMany}. Rate = persisted spans of the timed run / time from
 * the first request to the last answer.
 *
 * <p>Properties: {@code bench.spans} (default 1,000,000), {@code bench.senders} (4), {@code bench.warmup}
 * (100,000 spans), {@code bench.only} ({@code farol-otlp}, {@code farol-zipkin} or {@code zipkin}).
 */
public final class IngestBench {
  private IngestBench() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("farol.home", ".")).toAbsolutePath().normalize();
    int spans = Integer.getInteger("bench.spans", 1_000_000);
    int senders = Integer.getInteger("bench.senders", 4);
    int warmupSpans = Integer.getInteger("bench.warmup", 100_000);
    String only = System.getProperty("bench.only", "");
    int batches = spans / 100;
    int warmups = warmupSpans / 100;
    long base = System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L;
    SpanGenerator timed = new SpanGenerator(1, base);
    SpanGenerator warm = new SpanGenerator(2, base);
    System.out.printf(Locale.ROOT, "# ingest: %,d spans in %,d batches of 100, %d senders, warm-up %,d spans%n",
        spans, batches, senders, warmupSpans);
    long t0 = System.nanoTime();
    byte[][] otlp = new byte[batches][];
    byte[][] zipkin = new byte[batches][];
    IntStream.range(0, batches).parallel().forEach(b -> {
      var batch = timed.batch(b * 10L, 10);
      otlp[b] = SpanGenerator.otlp(batch);
      zipkin[b] = SpanGenerator.zipkinJson(batch);
    });
    System.out.printf(Locale.ROOT, "encoded in %.1f s: OTLP protobuf %,d B a batch, Zipkin JSON %,d B a batch%n",
        (System.nanoTime() - t0) / 1e9, otlp[0].length, zipkin[0].length);
    Path work = Files.createTempDirectory("farol-bench-ingest-");
    System.out.println("| backend | body | spans sent | persisted | s until acknowledged | s until queryable "
        + "| persisted spans/s (queryable) | retries |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    double farolRate = 0;
    double zipkinRate = 0;
    if (only.isEmpty() || only.equals("farol-otlp")) {
      farolRate = farol(work.resolve("otlp"), "/v1/traces", "application/x-protobuf", otlp, warm, warmups, senders,
          timed, "OTLP protobuf");
    }
    if (only.isEmpty() || only.equals("farol-zipkin")) {
      farol(work.resolve("zipkin-json"), "/api/v2/spans", "application/json", zipkin, warm, warmups, senders, timed,
          "Zipkin v2 JSON");
    }
    if (only.isEmpty() || only.equals("zipkin")) {
      zipkinRate = zipkin(home, work, zipkin, warm, warmups, senders, timed);
    }
    Backend.cleanUp(work);
    if (farolRate > 0 && zipkinRate > 0) {
      System.out.printf(Locale.ROOT, "%nFarol (OTLP protobuf, DuckDB on disk) / Zipkin (JSON, in memory): %.2f%n",
          farolRate / zipkinRate);
    }
  }

  private static double farol(Path data, String path, String type, byte[][] bodies, SpanGenerator warm, int warmups,
      int senders, SpanGenerator timed, String label) throws Exception {
    Files.createDirectories(data);
    Sender.Result r;
    long queryable;
    int sampleOk = 0;
    try (Backend farol = Backend.farol(data, System.getProperty("bench.farol.heap", "2g"),
        data.resolveSibling(data.getFileName() + "-server.log"))) {
      String url = "http://127.0.0.1:" + farol.ingestPort + path;
      boolean proto = type.equals("application/x-protobuf");
      Sender.send(url, type, warmups, b -> {
        var batch = warm.batch(b * 10L, 10);
        return proto ? SpanGenerator.otlp(batch) : SpanGenerator.zipkinJson(batch);
      }, senders);
      long t0 = System.nanoTime();
      r = Sender.send(url, type, bodies.length, b -> bodies[b], senders);
      queryable = untilComplete("http://127.0.0.1:" + farol.queryPort + "/api/v1/traces/"
          + HexFormat.of().formatHex(timed.traceId(bodies.length * 10L - 1)), "\"spanId\"") - t0;
      // read a sample back through the API while it runs
      for (int i = 0; i < 100; i++) {
        long t = (long) i * (bodies.length * 10L / 100);
        String body = get("http://127.0.0.1:" + farol.queryPort + "/api/v1/traces/"
            + HexFormat.of().formatHex(timed.traceId(t)));
        if (body != null && body.split("\"spanId\"", -1).length - 1 == SpanGenerator.SPANS_PER_TRACE) {
          sampleOk++;
        }
      }
    }
    long persisted;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + data.resolve("farol.duckdb"));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM spans")) {
      rs.next();
      persisted = rs.getLong(1) - warmups * 100L;
    }
    double rate = persisted / (queryable / 1e9);
    System.out.printf(Locale.ROOT, "| Farol, DuckDB on disk | %s | %,d | %,d | %.2f | %.2f | %,.0f | %d |%n", label,
        bodies.length * 100L, persisted, r.nanos() / 1e9, queryable / 1e9, rate, r.retries());
    if (sampleOk != 100 || r.failures() > 0) {
      System.out.printf(Locale.ROOT, "  (!) %d of 100 sampled traces complete through the API, %d failed requests%n",
          sampleOk, r.failures());
    }
    return rate;
  }

  private static double zipkin(Path home, Path work, byte[][] bodies, SpanGenerator warm, int warmups, int senders,
      SpanGenerator timed) throws Exception {
    Sender.Result r;
    long queryable;
    long persisted = 0;
    try (Backend zipkin = Backend.zipkin(home, System.getProperty("bench.zipkin.heap", "6g"),
        (warmups + bodies.length) * 100L + 1000, work.resolve("zipkin.log"))) {
      String url = "http://127.0.0.1:" + zipkin.ingestPort + "/api/v2/spans";
      Sender.send(url, "application/json", warmups, b -> SpanGenerator.zipkinJson(warm.batch(b * 10L, 10)), senders);
      long t0 = System.nanoTime();
      r = Sender.send(url, "application/json", bodies.length, b -> bodies[b], senders);
      queryable = untilComplete("http://127.0.0.1:" + zipkin.queryPort + "/api/v2/trace/"
          + HexFormat.of().formatHex(timed.traceId(bodies.length * 10L - 1)), "\"id\":") - t0;
      long traces = bodies.length * 10L;
      for (long t = 0; t < traces; t += 100) {
        StringJoiner ids = new StringJoiner(",");
        for (long i = t; i < Math.min(traces, t + 100); i++) {
          ids.add(HexFormat.of().formatHex(timed.traceId(i)));
        }
        String body = get("http://127.0.0.1:" + zipkin.queryPort + "/api/v2/traceMany?traceIds=" + ids);
        if (body != null) {
          persisted += body.split("\"id\":", -1).length - 1;
        }
      }
    }
    double rate = persisted / (queryable / 1e9);
    System.out.printf(Locale.ROOT, "| Zipkin 3.5.1, in memory | Zipkin v2 JSON | %,d | %,d | %.2f | %.2f | %,.0f | %d |%n",
        bodies.length * 100L, persisted, r.nanos() / 1e9, queryable / 1e9, rate, r.retries());
    return rate;
  }

  /**
   * Polls the last trace sent until it reads back whole (every batch acknowledged before it is then
   * readable too); returns {@code System.nanoTime()} at that moment.
   */
  private static long untilComplete(String url, String perSpan) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      String body = get(url);
      if (body != null && body.split(perSpan, -1).length - 1 >= SpanGenerator.SPANS_PER_TRACE) {
        return System.nanoTime();
      }
      Thread.sleep(5);
    }
    throw new IOException("the last trace did not read back whole within 120 s: " + url);
  }

  static String get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      String body = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return status == 200 ? body : null;
    }
  }
}
