package dev.farol.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.runtime.api.InvokeApiServer;
import dev.farol.runtime.config.ConfigOrigin;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.LayerRef;
import dev.farol.runtime.env.JavaOptions;
import dev.farol.runtime.env.LambdaService;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side harness for the local Lambda (bench/run):
 *
 * <ul>
 *   <li>{@code warm}: round trip of a warm invocation minus the time the handler itself reports, in
 *       process ({@link LambdaService#invoke}) and through the Invoke API over loopback HTTP;
 *   <li>{@code cold}: a cold invocation of a handler (first invoke on a new environment, until the
 *       answer) against a bare {@code java -cp … BareStart} of the same handler until it prints its
 *       result, both with the JVM options Lambda uses for the memory size.
 * </ul>
 */
public final class RuntimeBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RuntimeBench() {}

  public static void main(String[] args) throws Exception {
    String what = args.length > 0 ? args[0] : "all";
    Path home = Path.of(System.getProperty("farol.home", ".")).toAbsolutePath().normalize();
    String isolation = System.getProperty("farol.isolation", "auto");
    System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " cpus, "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", java "
        + System.getProperty("java.version"));
    if (what.equals("warm") || what.equals("all")) {
      warm(home, isolation, Integer.getInteger("bench.warm.n", 20_000));
    }
    if (what.equals("cold") || what.equals("all")) {
      cold(home, isolation, Integer.getInteger("bench.cold.n", 15),
          Path.of(System.getProperty("bench.cold.code", home.resolve("examples/clean-math/target/clean-math.jar")
              .toString())),
          System.getProperty("bench.cold.handler", "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest"));
    }
  }

  private static FunctionConfig function(String name, Path code, String handler, int memory) {
    return new FunctionConfig(name, handler, "java17", code, memory, 30, Map.of(), List.<LayerRef>of(), -1,
        "x86_64", List.<HttpRoute>of(), new ConfigOrigin(null, 0));
  }

  private static LambdaService.Options options(Path home, String isolation, Path work) {
    return LambdaService.Options.defaults(work, home.resolve("farol-runtime/target/java-runtime"))
        .withIsolation(isolation)
        .withFreeze(!Boolean.getBoolean("bench.nofreeze"));
  }

  static void warm(Path home, String isolation, int n) throws Exception {
    Path code = Path.of(NoopHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path work = Files.createTempDirectory("farol-bench-");
    FunctionConfig fn = function("noop", code, NoopHandler.class.getName() + "::handleRequest", 512);
    String toolOptions = System.getProperty("bench.function.java-tool-options");
    if (toolOptions != null) {
      fn = fn.withEnvironment(Map.of("JAVA_TOOL_OPTIONS", toolOptions));
    }
    try (LambdaService lambda = LambdaService.start(options(home, isolation, work), List.of(fn));
        InvokeApiServer api = new InvokeApiServer(lambda, "127.0.0.1", 0).start()) {
      System.out.println("# warm invoke overhead (handler time excluded), " + lambda.isolationDescription());
      byte[] payload = "{}".getBytes(StandardCharsets.UTF_8);
      long[] inProcess = new long[n];
      for (int i = -n / 4; i < n; i++) {
        long t0 = System.nanoTime();
        InvokeResult r = lambda.invoke(InvokeRequest.of("noop", payload));
        long total = System.nanoTime() - t0;
        if (i >= 0) {
          inProcess[i] = total - JSON.readTree(r.payload()).get("handlerNanos").asLong();
        }
      }
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
          + "/2015-03-31/functions/noop/invocations")).POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build();
      long[] overHttp = new long[n];
      for (int i = -n / 4; i < n; i++) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        long total = System.nanoTime() - t0;
        if (i >= 0) {
          JsonNode body = JSON.readTree(r.body());
          overHttp[i] = total - body.get("handlerNanos").asLong();
        }
      }
      long[] overSocket = new long[n];
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", api.port())) {
        s.setTcpNoDelay(true);
        java.io.InputStream in = new java.io.BufferedInputStream(s.getInputStream());
        java.io.OutputStream out = s.getOutputStream();
        byte[] request = ("POST /2015-03-31/functions/noop/invocations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n{}")
            .getBytes(StandardCharsets.US_ASCII);
        for (int i = -n / 4; i < n; i++) {
          long t0 = System.nanoTime();
          out.write(request);
          out.flush();
          byte[] body = StubRuntimeApi.readResponse(in);
          long total = System.nanoTime() - t0;
          if (i >= 0) {
            overSocket[i] = total - JSON.readTree(body).get("handlerNanos").asLong();
          }
        }
      }
      System.out.println("| path | invocations | p50 | p90 | p99 | max |");
      System.out.println("|---|---|---|---|---|---|");
      row("in process (LambdaService.invoke)", inProcess);
      row("Invoke API, keep-alive socket client", overSocket);
      row("Invoke API, JDK HttpClient", overHttp);
    }
    Backend.cleanUp(work);
  }

  static void cold(Path home, String isolation, int n, Path code, String handler) throws Exception {
    if (!Files.exists(code)) {
      throw new IllegalStateException(code + " is missing: build the examples first (mvn -DskipTests package)");
    }
    int memory = 512;
    long[] farol = new long[n];
    long[] init = new long[n];
    String description = null;
    for (int i = -2; i < n; i++) {
      Path work = Files.createTempDirectory("farol-bench-");
      try (LambdaService lambda = LambdaService.start(options(home, isolation, work),
          List.of(function("cold", code, handler, memory)))) {
        description = lambda.isolationDescription();
        long t0 = System.nanoTime();
        InvokeResult r = lambda.invoke(new InvokeRequest("cold", "{}".getBytes(StandardCharsets.UTF_8), null, null,
            null, true));
        long total = System.nanoTime() - t0;
        if (r.failed()) {
          throw new IllegalStateException("cold invoke failed: " + new String(r.payload(), StandardCharsets.UTF_8));
        }
        if (i >= 0) {
          farol[i] = total;
          String tail = new String(java.util.Base64.getDecoder().decode(r.logTail()), StandardCharsets.UTF_8);
          java.util.regex.Matcher m = java.util.regex.Pattern.compile("Init Duration: ([0-9.]+) ms").matcher(tail);
          init[i] = m.find() ? Math.round(Double.parseDouble(m.group(1)) * 1e6) : -1;
        }
      }
      Backend.cleanUp(work);
    }
    Path lib = home.resolve("bench/target/lib");
    String benchClasses = Path.of(BareStart.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    long[] bare = new long[n];
    for (int i = -2; i < n; i++) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(JavaOptions.forMemory(memory));
      cmd.add("-cp");
      cmd.add(code + java.io.File.pathSeparator + benchClasses + java.io.File.pathSeparator + lib + "/*");
      cmd.add(BareStart.class.getName());
      cmd.add(handler);
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      long total = -1;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("RESULT ") && total < 0) {
            total = System.nanoTime() - t0;
          }
        }
      }
      if (p.waitFor() != 0 || total < 0) {
        throw new IllegalStateException("bare start failed: " + cmd);
      }
      if (i >= 0) {
        bare[i] = total;
      }
    }
    long[] bareRic = bareRuntimeClient(home, code, handler, memory, n);
    System.out.println("# cold start of " + handler + " (" + memory + " MB), " + description);
    System.out.println("| path | runs | p50 | p90 | p99 | max |");
    System.out.println("|---|---|---|---|---|---|");
    row("farol: cold invoke until the answer", farol);
    row("farol: Init Duration (REPORT)", init);
    row("bare java -cp ric:code AWSLambda, stub Runtime API, until the answer", bareRic);
    row("bare java -cp code BareStart (no runtime client) until the result", bare);
    System.out.printf(Locale.ROOT, "%nmedian difference, farol - bare runtime client: %.1f ms%n",
        (median(farol) - median(bareRic)) / 1e6);
    System.out.printf(Locale.ROOT, "median difference, farol - bare handler without runtime client: %.1f ms%n",
        (median(farol) - median(bare)) / 1e6);
  }

  private static long median(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /**
   * The same handler started the way Lambda starts it, with nothing of Farol around: {@code java -cp
   * <runtime client jars>:<code> AWSLambda handler} against a minimal Runtime API (the JDK's HTTP
   * server) that hands out one event; timed from the process start until the answer arrives.
   */
  static long[] bareRuntimeClient(Path home, Path code, String handler, int memory, int n) throws Exception {
    Path taskRoot = Files.createTempDirectory("farol-bench-task-");
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(code))) {
      for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        Path target = taskRoot.resolve(e.getName()).normalize();
        if (!target.startsWith(taskRoot)) {
          continue;
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
        }
      }
    }
    long[] out = new long[n];
    for (int i = -2; i < n; i++) {
      java.util.concurrent.CompletableFuture<Long> answered = new java.util.concurrent.CompletableFuture<>();
      StubRuntimeApi stub = StubRuntimeApi.start(answered);
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(JavaOptions.forMemory(memory));
      cmd.add("-cp");
      cmd.add(home.resolve("farol-runtime/target/java-runtime") + "/*");
      cmd.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
      cmd.add(handler);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File(System.getProperty("java.io.tmpdir"), "farol-bench-bare.log")));
      pb.directory(taskRoot.toFile());
      Map<String, String> env = pb.environment();
      env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + stub.port());
      env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      env.put("_HANDLER", handler);
      env.put("AWS_LAMBDA_FUNCTION_NAME", "bare");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
      env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      long t0 = System.nanoTime();
      Process p = pb.start();
      long done;
      try {
        done = answered.get(60, java.util.concurrent.TimeUnit.SECONDS);
      } finally {
        p.destroyForcibly().waitFor();
        stub.close();
      }
      if (i >= 0) {
        out[i] = done - t0;
      }
    }
    Backend.cleanUp(taskRoot);
    return out;
  }

  private static void row(String name, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", name, s.length, ms(pct(s, 0.50)),
        ms(pct(s, 0.90)), ms(pct(s, 0.99)), ms(s[s.length - 1]));
  }

  private static long pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String ms(long nanos) {
    return nanos >= 10_000_000 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
        : String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
