package dev.farol.bench;

import dev.farol.runtime.config.ConfigOrigin;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.LayerRef;
import dev.farol.runtime.env.LambdaService;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Farol's extension costs a function, side by side with the same function without it:
 * Init Duration of cold starts (the extension's JVM starts beside the runtime), and the invoke phase
 * of warm invocations (REPORT Duration: the extension waits for the runtime's platform.runtimeDone,
 * then flushes to the server before asking for the next event). The server runs in this JVM, DuckDB
 * on disk.
 */
public final class ExtensionBench {
  private static final Pattern INIT = Pattern.compile("Init Duration: ([0-9.]+) ms");
  private static final Pattern DURATION = Pattern.compile("\\tDuration: ([0-9.]+) ms");

  private ExtensionBench() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("farol.home", ".")).toAbsolutePath().normalize();
    String isolation = System.getProperty("farol.isolation", "auto");
    int colds = Integer.getInteger("bench.cold.n", 10);
    int warms = Integer.getInteger("bench.warm.n", 300);
    Path work = Files.createTempDirectory("farol-bench-ext-");
    try (FarolServer server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0),
        DuckDbStore.open(work.resolve("data"))).start()) {
      System.out.println("# extension cost, clean-math (512 MB), " + isolation + " isolation, server in process");
      System.out.println("| measure | runs | without extension p50 | with p50 | without p99 | with p99 |");
      System.out.println("|---|---|---|---|---|---|");
      long[][] cold = new long[2][];
      long[][] warm = new long[2][];
      for (int with = 0; with < 2; with++) {
        boolean ext = with == 1;
        long[] inits = new long[colds];
        for (int i = -1; i < colds; i++) {
          try (LambdaService lambda = LambdaService.start(options(home, isolation, work, server, ext),
              List.of(function(home, server, ext, isolation)))) {
            InvokeResult r = lambda.invoke(new InvokeRequest("clean-math", "{}".getBytes(StandardCharsets.UTF_8),
                null, null, null, true));
            if (i >= 0) {
              inits[i] = parse(INIT, r);
            }
          }
        }
        cold[with] = inits;
        long[] phases = new long[warms];
        try (LambdaService lambda = LambdaService.start(options(home, isolation, work, server, ext),
            List.of(function(home, server, ext, isolation)))) {
          for (int i = -20; i < warms; i++) {
            InvokeResult r = lambda.invoke(new InvokeRequest("clean-math", "{}".getBytes(StandardCharsets.UTF_8),
                null, null, null, true));
            if (i >= 0) {
              phases[i] = parse(DURATION, r);
            }
          }
        }
        warm[with] = phases;
      }
      row("cold start: Init Duration", cold);
      row("warm: invoke phase (REPORT Duration)", warm);
      System.out.printf(Locale.ROOT, "%nspans stored by the server: %d%n", server.spansAccepted());
    }
    Backend.cleanUp(work);
  }

  private static LambdaService.Options options(Path home, String isolation, Path work, FarolServer server,
      boolean ext) throws Exception {
    Path layer = home.resolve("farol-extension/target/layer");
    boolean isolated = LambdaService.wouldIsolate(isolation);
    LambdaService.Options o = LambdaService.Options.defaults(Files.createTempDirectory(work, "env-"),
            home.resolve("farol-runtime/target/java-runtime"))
        .withIsolation(isolation)
        .withBuiltInLayers(ref -> ref.ref().equals("farol:extension") ? layer : null);
    if (Boolean.getBoolean("bench.extension.lines")) {
      // the extension's own lines (with -Dbench.extension.log=debug: its timing of each flush) on stderr
      o = o.withLogSink((function, source, line) -> {
        if (source.startsWith("extension:")) {
          System.err.println(line);
        }
      });
    }
    if (ext && isolated) {
      o = o.withPortAliases(Map.of(4319, server.ingestPort()));
    }
    return o;
  }

  private static FunctionConfig function(Path home, FarolServer server, boolean ext, String isolation) {
    boolean isolated = LambdaService.wouldIsolate(isolation);
    // as farol up runs it: the extension with its OTLP and DogStatsD intakes and the Runtime API proxy
    Map<String, String> env = ext ? Map.of("FAROL_LOG_LEVEL", System.getProperty("bench.extension.log", "info"),
        "FAROL_OTLP_ENDPOINT", "http://127.0.0.1:" + (isolated ? 4319 : server.ingestPort()),
        "FAROL_EXTENSION_OTLP_PORT", "auto", "DD_DOGSTATSD_PORT", "auto",
        "AWS_LAMBDA_EXEC_WRAPPER", "/opt/farol-wrapper", "FAROL_PROXY_PORT", "auto") : Map.of();
    return new FunctionConfig("clean-math", "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest", "java17",
        home.resolve("examples/clean-math/target/clean-math.jar"), 512, 10, env,
        ext ? List.of(new LayerRef("farol:extension", null)) : List.<LayerRef>of(), -1, "x86_64",
        List.<HttpRoute>of(), new ConfigOrigin(null, 0));
  }

  private static long parse(Pattern p, InvokeResult r) {
    String tail = new String(Base64.getDecoder().decode(r.logTail()), StandardCharsets.UTF_8);
    Matcher m = p.matcher(tail);
    if (!m.find()) {
      throw new IllegalStateException("no " + p + " in " + tail);
    }
    return Math.round(Double.parseDouble(m.group(1)) * 1000);
  }

  private static void row(String name, long[][] micros) {
    long[] a = micros[0].clone();
    long[] b = micros[1].clone();
    Arrays.sort(a);
    Arrays.sort(b);
    System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", name, a.length, ms(a, 0.5), ms(b, 0.5),
        ms(a, 0.99), ms(b, 0.99));
  }

  private static String ms(long[] sorted, double p) {
    long v = sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    return String.format(Locale.ROOT, "%.1f ms", v / 1000.0);
  }

}
