package dev.farol.bench;

import dev.farol.runtime.config.ConfigOrigin;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.LayerRef;
import dev.farol.runtime.env.LambdaService;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Side by side, in one run, on the same local Lambda: a function with no tracer, wrapped by Farol's
 * tracer, under the OpenTelemetry Java agent, and under dd-java-agent — cold start (first invocation on a
 * new environment, until the answer) and warm latency (round trip of a warm invocation). Each tracer
 * exports to a receiver in the harness that answers at once, so what is measured is the tracer in the
 * function, not a backend. Isolated environments where bubblewrap is there (the agents come as a layer,
 * as on AWS; the receiver's port is bridged in), plain ones otherwise.
 *
 * <p>{@code BENCH_MAIN=TracerBench bench/run [clean-math|installments|all]}; system properties
 * {@code bench.cold.n}, {@code bench.warm.n}, {@code bench.variants} (names' beginnings, comma-separated).
 */
public final class TracerBench {
  private TracerBench() {}

  record Variant(String name, String handler, List<LayerRef> layers, Map<String, String> env) {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    Path home = Path.of(System.getProperty("farol.home", ".")).toAbsolutePath().normalize();
    int coldN = Integer.getInteger("bench.cold.n", 8);
    int warmN = Integer.getInteger("bench.warm.n", 2_000);
    // answers at once on kept-alive connections, as the extension does with an export
    LeanReceiver receiver = new LeanReceiver();
    AtomicLong received = receiver.requests;
    receiverPort = receiver.port();
    String endpoint = "http://127.0.0.1:" + receiver.port();
    System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " cpus, "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", java "
        + System.getProperty("java.version") + "; environments " + (ISOLATED ? "isolated" : "plain"));
    try {
      if (what.equals("clean-math") || what.equals("all")) {
        run(home, "clean-math", home.resolve("examples/clean-math/target/clean-math.jar"),
            "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest", "{\"n\":15}", 512, endpoint, coldN, warmN);
      }
      if (what.equals("installments") || what.equals("all")) {
        String event = new String(Files.readAllBytes(home.resolve(
            "examples/installments/src/test/resources/events/rest-api-get-installment.json")), StandardCharsets.UTF_8);
        run(home, "installments", home.resolve("examples/installments/target/installments.zip"),
            "dev.farol.examples.installments.PaymentTransfersHandler::handleRequest", event, 1024, endpoint,
            Math.max(3, coldN / 2), warmN);
      }
    } finally {
      receiver.close();
    }
    System.out.println("# the receiver took " + received.get() + " exports");
  }

  /**
   * The variants. {@code apiLayer}: the function calls Farol's API (installments does), so its classes
   * come from the tracer layer in every variant; without the wrapper they only pass calls through.
   */
  static List<Variant> variants(Path home, String handler, String endpoint, boolean apiLayer) {
    // the agents as a layer: /opt/opentelemetry-javaagent.jar, /opt/dd-java-agent.jar
    Path agentLayer = home.resolve("bench/target/agents");
    String agents = ISOLATED ? "/opt" : agentLayer.toString();
    List<LayerRef> base = apiLayer ? List.of(new LayerRef("farol:tracer", null)) : List.of();
    List<LayerRef> withAgents = new ArrayList<>(base);
    withAgents.add(new LayerRef("agents", agentLayer));
    List<Variant> v = new ArrayList<>();
    v.add(new Variant("no tracer", handler, base, Map.of()));
    v.add(new Variant("Farol tracer (TracingHandler)", "dev.farol.lambda.TracingHandler::handleRequest",
        List.of(new LayerRef("farol:tracer", null)), Map.of("FAROL_LAMBDA_HANDLER", handler,
            "FAROL_TRACER_ENDPOINT", endpoint + "/v1/traces")));
    v.add(new Variant("Farol wrapper, tracing off", "dev.farol.lambda.TracingHandler::handleRequest",
        List.of(new LayerRef("farol:tracer", null)), Map.of("FAROL_LAMBDA_HANDLER", handler,
            "FAROL_TRACE_ENABLED", "false")));
    Map<String, String> otel = new LinkedHashMap<>();
    otel.put("JAVA_TOOL_OPTIONS", "-javaagent:" + agents + "/opentelemetry-javaagent.jar");
    otel.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
    otel.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
    otel.put("OTEL_METRICS_EXPORTER", "none");
    otel.put("OTEL_LOGS_EXPORTER", "none");
    otel.put("OTEL_SERVICE_NAME", "bench");
    v.add(new Variant("OpenTelemetry Java agent 2.21.0", handler, withAgents, otel));
    Map<String, String> dd = new LinkedHashMap<>();
    dd.put("JAVA_TOOL_OPTIONS", "-javaagent:" + agents + "/dd-java-agent.jar");
    dd.put("DD_TRACE_AGENT_URL", endpoint);
    dd.put("DD_SERVICE", "bench");
    dd.put("DD_JMXFETCH_ENABLED", "false");
    dd.put("DD_RUNTIME_METRICS_ENABLED", "false");
    dd.put("DD_REMOTE_CONFIG_ENABLED", "false");
    dd.put("DD_INSTRUMENTATION_TELEMETRY_ENABLED", "false");
    dd.put("DD_TRACE_STATS_COMPUTATION_ENABLED", "false");
    v.add(new Variant("dd-java-agent 1.68.1", handler, withAgents, dd));
    return v;
  }

  static void run(Path home, String name, Path code, String handler, String event, int memory, String endpoint,
      int coldN, int warmN) throws Exception {
    if (!Files.exists(code)) {
      throw new IllegalStateException(code + " is missing: build first (mvn -DskipTests package)");
    }
    byte[] payload = event.getBytes(StandardCharsets.UTF_8);
    System.out.println();
    System.out.println("# " + name + " (" + memory + " MB): cold start (" + coldN + " runs after 1 discarded) and "
        + "warm round trip (" + warmN + " invocations after " + warmN / 4 + " warm-up)");
    System.out.println("| variant | cold p50 | cold max | added cold (p50) | warm p50 | warm p99 | added warm (p50) |");
    System.out.println("|---|---|---|---|---|---|---|");
    long baseCold = -1;
    long baseWarm = -1;
    String only = System.getProperty("bench.variants", "");
    for (Variant v : variants(home, handler, endpoint, name.equals("installments"))) {
      if (!only.isEmpty() && java.util.Arrays.stream(only.split(",")).noneMatch(o -> v.name().startsWith(o.trim()))) {
        continue;
      }
      FunctionConfig fn = new FunctionConfig(name, v.handler(), "java17", code, memory, 60, v.env(), v.layers(), -1,
          "x86_64", List.<HttpRoute>of(), new ConfigOrigin(null, 0));
      long[] cold = new long[coldN];
      long[] warm = new long[warmN];
      for (int i = -1; i < coldN; i++) {
        Path work = Files.createTempDirectory("farol-tracer-bench-");
        try (LambdaService lambda = LambdaService.start(options(home, work), List.of(fn))) {
          long t0 = System.nanoTime();
          InvokeResult r = lambda.invoke(new InvokeRequest(name, payload, null, null, null, false));
          long total = System.nanoTime() - t0;
          if (r.failed()) {
            throw new IllegalStateException(v.name() + ": " + new String(r.payload(), StandardCharsets.UTF_8));
          }
          if (i >= 0) {
            cold[i] = total;
          }
          if (i == coldN - 1) {
            for (int k = -warmN / 4; k < warmN; k++) {
              long w0 = System.nanoTime();
              InvokeResult wr = lambda.invoke(InvokeRequest.of(name, payload));
              long wt = System.nanoTime() - w0;
              if (wr.failed()) {
                throw new IllegalStateException(v.name() + " warm: " + new String(wr.payload(),
                    StandardCharsets.UTF_8));
              }
              if (k >= 0) {
                warm[k] = wt;
              }
            }
          }
        } finally {
          deleteTree(work);
        }
      }
      Arrays.sort(cold);
      Arrays.sort(warm);
      long c50 = cold[cold.length / 2];
      long w50 = warm[warm.length / 2];
      if (baseCold < 0) {
        baseCold = c50;
        baseWarm = w50;
      }
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", v.name(), ms(c50), ms(cold[cold.length - 1]),
          v.name().equals("no tracer") ? "—" : signedMs(c50 - baseCold), us(w50),
          us(warm[(int) Math.min(warm.length - 1, Math.ceil(warm.length * 0.99) - 1)]),
          v.name().equals("no tracer") ? "—" : signedUs(w50 - baseWarm));
    }
  }

  static final boolean ISOLATED = LambdaService.wouldIsolate(System.getProperty("farol.isolation", "auto"));
  static int receiverPort;

  private static LambdaService.Options options(Path home, Path work) {
    return LambdaService.Options.defaults(work, home.resolve("farol-runtime/target/java-runtime"))
        .withIsolation(ISOLATED ? "isolated" : "plain")
        .withHostPorts(List.of(receiverPort))
        .withBuiltInLayers(ref -> ref.ref().equals("farol:tracer") ? home.resolve("farol-lambda/target/layer") : null);
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | RuntimeException e) {
      // a temporary directory left behind
    }
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
  }

  private static String signedMs(long nanos) {
    return String.format(Locale.ROOT, "%+.0f ms", nanos / 1e6);
  }

  private static String us(long nanos) {
    return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
  }

  private static String signedUs(long nanos) {
    return String.format(Locale.ROOT, "%+.0f µs", nanos / 1e3);
  }
}
