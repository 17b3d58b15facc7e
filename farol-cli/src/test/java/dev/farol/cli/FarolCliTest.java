package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The farol command as users run it. */
class FarolCliTest {
  private static final Path HOME = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize();

  record Run(int code, String out, String err) {}

  static Run farol(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Farol.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_listsTheCommands() {
    Run r = farol("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("up ", "runtime ", "invoke ");
  }

  @Test
  void badTemplate_isReportedWithFileAndLine_andNoStackTrace(@TempDir Path dir) throws Exception {
    Path t = dir.resolve("farol.yaml");
    Files.writeString(t, "functions:\n  a:\n    handler: x::y\n    code: nowhere.jar\n");
    Run r = farol("invoke", "a", "--local", "--template", t.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("farol.yaml:4: code nowhere.jar does not exist").doesNotContain("\tat ");
    Run missing = farol("invoke", "a", "--local", "--template", dir.resolve("none.yaml").toString());
    assertThat(missing.err()).contains("--template").contains("no such file");
  }

  @Test
  void bindingBeyondLoopback_withoutAnApiKey_isRefused() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("FAROL_API_KEY") == null);
    Run r = farol("up", "--host", "0.0.0.0", "--template", HOME.resolve("examples/template.yaml").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("binding 0.0.0.0 exposes the functions", "FAROL_API_KEY");
  }

  @Test
  void invoke_unknownFunction_namesTheOnesThereAre() {
    Run r = farol("invoke", "nope", "--local", "--template", HOME.resolve("examples/template.yaml").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no function named 'nope'").contains("clean-math");
  }

  @Test
  void invoke_local_printsTheResultAndTheLogTail(@TempDir Path dir) {
    Run r = farol("invoke", "clean-math", "--local", "--payload", "{\"n\":20}", "--data", dir.toString(),
        "--template", HOME.resolve("examples/template.yaml").toString());
    assertThat(r.code()).isZero();
    assertThat(r.out().trim()).isEqualTo("6765");
    assertThat(r.err()).contains("START RequestId:").containsPattern("REPORT RequestId: \\S+\tDuration: ");
  }

  /**
   * The acceptance path: {@code farol up} on the bundled examples (started as its own process, from a
   * directory without a template), the API Gateway front reaching the Spring Boot app, {@code farol
   * invoke clean-math} answering 610 through the running Invoke API, and SIGTERM ending every process.
   */
  @Test
  void up_servesTheExamples_andSigtermLeavesNoProcessBehind(@TempDir Path dir) throws Exception {
    Up started = startUp(dir);
    Process up = started.process();
    StringBuilder all = started.output();
    List<ProcessHandle> seen = new ArrayList<>();
    try {
      int invokePort = started.invokePort();
      int httpPort = started.httpPort();
      int queryPort = started.queryPort();
      assertThat(invokePort).as("banner:\n%s", all).isPositive();
      assertThat(httpPort).as("banner:\n%s", all).isPositive();
      assertThat(all.toString()).contains("examples/template.yaml");
      assertThat(all.toString()).contains("farol: web UI        http://127.0.0.1:" + queryPort + "/\n");

      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      // the web UI is in the jars farol runs: any screen's path answers its index.html
      HttpResponse<String> ui = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
          + "/functions/clean-math")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ui.statusCode()).isEqualTo(200);
      assertThat(ui.body()).contains("<div id=\"app\"></div>").containsPattern("/assets/main-[A-Z0-9]+\\.js");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
          + "/installments/1")).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(all.toString()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElse("")).contains("application/json");
      assertThat(r.body()).contains("\"id\"");

      Run fib = farol("invoke", "clean-math", "--invoke-port", Integer.toString(invokePort));
      assertThat(fib.code()).as(fib.err()).isZero();
      assertThat(fib.out().trim()).isEqualTo("610");
      assertThat(fib.err()).contains("REPORT RequestId:");

      // clean-math is wrapped by Farol's tracer in the bundled template: the tracer's invocation span, the
      // extension's init span for the cold start in that trace, and the function's log lines
      Matcher rid = Pattern.compile("REPORT RequestId: (\\S+)").matcher(fib.err());
      assertThat(rid.find()).isTrue();
      String requestId = rid.group(1);
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.JsonNode logs = null;
      long logsUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < logsUntil) {
        logs = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
            + "/api/v1/logs?requestId=" + requestId)).build(), HttpResponse.BodyHandlers.ofString()).body());
        if (logs.get("logs").size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(logs.get("logs")).as(all.toString()).isNotEmpty();
      assertThat(logs.at("/logs/0/body").asText()).contains("fibonacci(15) = 610");
      String traceId = logs.at("/logs/0/traceId").asText();
      com.fasterxml.jackson.databind.JsonNode trace = json.readTree(http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + queryPort + "/api/v1/traces/" + traceId)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      List<String> names = new ArrayList<>();
      trace.get("spans").forEach(sp -> names.add(sp.get("name").asText()));
      assertThat(names).containsExactlyInAnyOrder("aws.lambda", "aws.lambda.init");
      com.fasterxml.jackson.databind.JsonNode invocationSpan = null;
      for (com.fasterxml.jackson.databind.JsonNode sp : trace.get("spans")) {
        if (sp.get("name").asText().equals("aws.lambda")) {
          invocationSpan = sp;
        }
      }
      assertThat(invocationSpan.at("/attributes/faas.invocation_id").asText()).isEqualTo(requestId);
      assertThat(invocationSpan.at("/attributes/faas.coldstart").asBoolean()).isTrue();
      com.fasterxml.jackson.databind.JsonNode functions = json.readTree(http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + queryPort + "/api/v1/functions?since=15m")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      com.fasterxml.jackson.databind.JsonNode cleanMath = null;
      for (com.fasterxml.jackson.databind.JsonNode f : functions.get("functions")) {
        if (f.get("name").asText().equals("clean-math")) {
          cleanMath = f;
        }
      }
      assertThat(cleanMath).as(functions.toString()).isNotNull();
      assertThat(cleanMath.get("invocations").asInt()).isEqualTo(1);
      assertThat(cleanMath.get("coldStarts").asInt()).isEqualTo(1);
      assertThat(cleanMath.get("p50Ms").asDouble()).isGreaterThan(0);

      up.descendants().forEach(seen::add);
      assertThat(seen).as("execution environment processes").isNotEmpty();
    } finally {
      // SIGTERM through the handle: Process.destroy() would also close our end of its output
      up.toHandle().destroy();
      boolean ended = up.waitFor(30, TimeUnit.SECONDS);
      if (!ended) {
        up.descendants().forEach(ProcessHandle::destroyForcibly);
        up.destroyForcibly();
      }
      assertThat(ended).as("farol up ended on SIGTERM").isTrue();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (seen.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(seen).noneMatch(ProcessHandle::isAlive);
    started.pump().join(5000);
    synchronized (all) {
      assertThat(all.toString()).contains("shutting every execution environment down");
    }
  }

  /** Starts {@code farol up} as its own process and returns it with its query and invoke ports. */
  record Up(Process process, int invokePort, int httpPort, int queryPort, StringBuilder output,
      Thread pump) {}

  static Up startUp(Path dir, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dfarol.home=" + HOME, "-cp", System.getProperty("java.class.path"), Farol.class.getName(),
        "up", "--data", dir.resolve("data").toString()));
    for (String port : List.of("--invoke-port", "--http-port", "--ingest-port", "--query-port")) {
      if (!List.of(extra).contains(port)) {
        cmd.addAll(List.of(port, "0"));
      }
    }
    cmd.addAll(List.of(extra));
    Process up = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    StringBuilder all = new StringBuilder();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          synchronized (all) {
            all.append(l).append('\n');
          }
          lines.add(l);
        }
      } catch (java.io.IOException e) {
        // ended
      }
    });
    pump.setDaemon(true);
    pump.start();
    int invokePort = -1;
    int httpPort = -1;
    int queryPort = -1;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until) {
      String l = lines.poll(1, TimeUnit.SECONDS);
      if (l == null) {
        assertThat(up.isAlive()).as("farol up ended early:\n%s", all).isTrue();
        continue;
      }
      Matcher m = Pattern.compile("Invoke API +http://127\\.0\\.0\\.1:(\\d+)/").matcher(l);
      if (m.find()) {
        invokePort = Integer.parseInt(m.group(1));
      }
      m = Pattern.compile("query API http://127\\.0\\.0\\.1:(\\d+)/api/v1").matcher(l);
      if (m.find()) {
        queryPort = Integer.parseInt(m.group(1));
      }
      m = Pattern.compile("API Gateway +http://127\\.0\\.0\\.1:(\\d+)$").matcher(l);
      if (m.find()) {
        httpPort = Integer.parseInt(m.group(1));
      }
      if (l.contains("ready;")) {
        break;
      }
    }
    return new Up(up, invokePort, httpPort, queryPort, all, pump);
  }

  static void stop(Up up) throws Exception {
    up.process().toHandle().descendants().forEach(ProcessHandle::destroy);
    up.process().toHandle().destroy();
    if (!up.process().waitFor(30, TimeUnit.SECONDS)) {
      up.process().destroyForcibly();
    }
  }

  /**
   * A tracer in the function sends OTLP to the default endpoint; the extension takes it in (in an
   * isolated sandbox on 127.0.0.1:4318 itself, in plain mode on a port Farol chose and gave in
   * OTEL_EXPORTER_OTLP_ENDPOINT) and passes it on: the span lands in the invocation's trace.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"isolated", "plain"})
  void tracerSpans_reachTheServerThroughTheExtension(String isolation, @TempDir Path dir) throws Exception {
    if (isolation.equals("isolated")) {
      org.junit.jupiter.api.Assumptions.assumeTrue(dev.farol.runtime.env.LambdaService.wouldIsolate("auto"),
          "isolated environments are not possible here");
    }
    Path template = dir.resolve("farol.yaml");
    java.nio.file.Files.writeString(template, "functions:\n  otel-fn:\n"
        + "    handler: dev.farol.cli.fixtures.OtlpSender::send\n"
        + "    code: " + Path.of("target/test-classes").toAbsolutePath() + "\n"
        + "    memory: 256\n    timeout: 20\n    routes: [\"POST /otel\"]\n");
    Up up = startUp(dir, "--template", template.toString(), "--isolation", isolation);
    try {
      assertThat(up.queryPort()).as(up.output().toString()).isPositive();
      Run r = farol("invoke", "otel-fn", "--invoke-port", Integer.toString(up.invokePort()), "--payload", "{}");
      assertThat(r.code()).as(r.err()).isZero();
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.JsonNode result = json.readTree(r.out());
      assertThat(result.get("exportStatus").asInt()).as(r.out()).isEqualTo(200);
      String traceId = result.get("traceId").asText();
      List<String> names = new ArrayList<>();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < until && !(names.contains("aws.lambda") && names.contains("handler work"))) {
        HttpResponse<String> t = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + up.queryPort()
            + "/api/v1/traces/" + traceId)).build(), HttpResponse.BodyHandlers.ofString());
        names.clear();
        if (t.statusCode() == 200) {
          json.readTree(t.body()).get("spans").forEach(sp -> names.add(sp.get("name").asText()));
        }
        Thread.sleep(100);
      }
      assertThat(names).as(up.output().toString()).contains("aws.lambda", "handler work");
      // the DogStatsD metric it sent, through the extension
      com.fasterxml.jackson.databind.JsonNode orders = null;
      long metricsUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < metricsUntil) {
        orders = json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + up.queryPort() + "/api/v1/metrics?name=farol.test.orders&since=15m&step=1h")).build(),
            HttpResponse.BodyHandlers.ofString()).body());
        if (orders.path("points").size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(orders.at("/points/0/sum").asDouble()).as(up.output().toString()).isEqualTo(3.0);

      // through the API Gateway front with a W3C traceparent: the Runtime API proxy sees the event, so the
      // invocation continues the caller's trace under an inferred API Gateway span
      String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
      HttpResponse<String> viaGateway = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + up.httpPort() + "/otel")).header("traceparent", "00-" + callerTrace
          + "-00f067aa0ba902b7-01").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(viaGateway.statusCode()).as(viaGateway.body()).isEqualTo(200);
      com.fasterxml.jackson.databind.JsonNode continued = null;
      long traceUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < traceUntil) {
        HttpResponse<String> t = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + up.queryPort() + "/api/v1/traces/" + callerTrace)).build(), HttpResponse.BodyHandlers.ofString());
        if (t.statusCode() == 200) {
          continued = json.readTree(t.body());
          break;
        }
        Thread.sleep(100);
      }
      assertThat(continued).as(up.output().toString()).isNotNull();
      com.fasterxml.jackson.databind.JsonNode inferred = null;
      com.fasterxml.jackson.databind.JsonNode lambdaSpan = null;
      for (com.fasterxml.jackson.databind.JsonNode sp : continued.get("spans")) {
        if (sp.get("name").asText().startsWith("aws.apigateway")) {
          inferred = sp;
        } else if (sp.get("name").asText().equals("aws.lambda")) {
          lambdaSpan = sp;
        }
      }
      assertThat(inferred).as(continued.toString()).isNotNull();
      assertThat(inferred.get("name").asText()).isEqualTo("aws.apigateway POST /otel");
      assertThat(inferred.get("parentSpanId").asText()).isEqualTo("00f067aa0ba902b7");
      assertThat(inferred.at("/attributes/http.response.status_code").asInt()).isEqualTo(200);
      assertThat(lambdaSpan.get("parentSpanId").asText()).isEqualTo(inferred.get("spanId").asText());
    } finally {
      stop(up);
    }
  }
}
