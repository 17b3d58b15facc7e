package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real tracers in real functions under {@code farol up}: the unmodified dd-java-agent (through Datadog's
 * invocation protocol and trace intake) and the OpenTelemetry SDK (OTLP, continuing the invocation's
 * X-Ray header). Their spans join the invocation span; no placeholder is left detached.
 */
class TracersJoinTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path HOME = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize();

  private static JsonNode awaitTrace(int queryPort, String traceId, Predicate<Map<String, JsonNode>> complete)
      throws Exception {
    JsonNode last = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (System.nanoTime() < until) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + queryPort + "/api/v1/traces/" + traceId)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        last = JSON.readTree(r.body());
        if (complete.test(byName(last))) {
          return last;
        }
      }
      Thread.sleep(200);
    }
    return last;
  }

  private static Map<String, JsonNode> byName(JsonNode trace) {
    Map<String, JsonNode> out = new HashMap<>();
    trace.get("spans").forEach(s -> out.put(s.get("name").asText(), s));
    return out;
  }

  /** Every span's parent is in the trace, except the one whose parent is the caller's. */
  private static void assertConnected(JsonNode trace, String callersSpan) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    trace.get("spans").forEach(s -> ids.add(s.get("spanId").asText()));
    for (JsonNode s : trace.get("spans")) {
      String parent = s.path("parentSpanId").asText("");
      if (!parent.isEmpty() && !parent.equals(callersSpan)) {
        assertThat(ids).as("parent of %s in %s", s.get("name"), trace).contains(parent);
      }
    }
  }

  @Test
  void datadogJavaAgent_spansHangUnderTheInvocationSpan_andThePlaceholderIsGone(@TempDir Path dir) throws Exception {
    // dd-java-agent finds its extension by /opt/extensions/datadog-agent and calls 127.0.0.1:8124: both
    // need an environment of its own
    Assumptions.assumeTrue(dev.farol.runtime.env.LambdaService.wouldIsolate("auto"),
        "isolated environments are not possible here");
    Path template = dir.resolve("farol.yaml");
    Files.writeString(template, "functions:\n  dd-fn:\n"
        + "    handler: dev.farol.cli.fixtures.DatadogTracedHandler::handleRequest\n"
        + "    code: " + Path.of("target/test-classes").toAbsolutePath() + "\n"
        + "    memory: 1024\n    timeout: 60\n    routes: [\"GET /orders/{id}\"]\n"
        + "    layers: [" + Path.of("target/datadog-layer").toAbsolutePath() + "]\n"
        + "    environment:\n"
        + "      JAVA_TOOL_OPTIONS: -javaagent:/opt/java/lib/dd-java-agent.jar\n"
        + "      DD_SERVICE: dd-fn\n      DD_TRACE_ENABLED: 'true'\n      DD_JMXFETCH_ENABLED: 'false'\n"
        + "      DD_RUNTIME_METRICS_ENABLED: 'false'\n      DD_REMOTE_CONFIG_ENABLED: 'false'\n"
        + "      DD_INSTRUMENTATION_TELEMETRY_ENABLED: 'false'\n      DD_TRACE_STATS_COMPUTATION_ENABLED: 'false'\n");
    FarolCliTest.Up up = FarolCliTest.startUp(dir, "--template", template.toString());
    try {
      assertThat(up.httpPort()).as(up.output().toString()).isPositive();
      String callerTrace = "0af7651916cd43dd8448eb211c80319c";
      String callerSpan = "b7ad6b7169203331";
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + up.httpPort() + "/orders/7")).header("traceparent", "00-" + callerTrace + "-" + callerSpan + "-01")
          .timeout(java.time.Duration.ofSeconds(90)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body() + "\n" + up.output()).isEqualTo(200);
      assertThat(r.body()).contains("\"downstream\":404");

      JsonNode trace = awaitTrace(up.queryPort(), callerTrace, spans -> spans.containsKey("aws.lambda")
          && spans.values().stream().anyMatch(s -> s.at("/attributes/dd.operation.name").asText().equals(
              "http.request")));
      assertThat(trace).as(up.output().toString()).isNotNull();
      Map<String, JsonNode> spans = byName(trace);
      JsonNode inferred = spans.get("aws.apigateway GET /orders/{id}");
      JsonNode lambda = spans.get("aws.lambda");
      assertThat(inferred).as(trace.toString()).isNotNull();
      assertThat(inferred.get("parentSpanId").asText()).isEqualTo(callerSpan);
      assertThat(lambda.get("parentSpanId").asText()).isEqualTo(inferred.get("spanId").asText());
      assertThat(lambda.at("/attributes/farol.tracer").asText()).isEqualTo("datadog");
      JsonNode client = trace.get("spans").findParents("dd.operation.name").stream()
          .map(a -> a).filter(a -> a.get("dd.operation.name").asText().equals("http.request")).findFirst()
          .orElseThrow();
      JsonNode clientSpan = null;
      for (JsonNode s : trace.get("spans")) {
        if (s.get("attributes") == client) {
          clientSpan = s;
        }
      }
      // the agent's client span hangs under the invocation span, which took the placeholder's id
      assertThat(clientSpan.get("parentSpanId").asText()).isEqualTo(lambda.get("spanId").asText());
      assertThat(trace.toString()).doesNotContain("dd-tracer-serverless-span");
      assertThat(trace.get("spans").findValuesAsText("name")).doesNotHaveDuplicates();
      assertConnected(trace, callerSpan);
      // the cold start's init span is in the same trace
      assertThat(spans).containsKey("aws.lambda.init");
      assertThat(spans.get("aws.lambda.init").get("parentSpanId").asText()).isEqualTo(lambda.get("spanId").asText());
      // the function's log line is tied to the trace
      HttpResponse<String> logs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + up.queryPort() + "/api/v1/logs?traceId=" + callerTrace)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(logs.body()).contains("called the ledger: 404");
    } finally {
      FarolCliTest.stop(up);
    }
  }

  @Test
  void openTelemetrySdk_spansHangUnderTheInvocationSpan() throws Exception {
    runOtel(Files.createTempDirectory("farol-otel"), "auto");
  }

  private void runOtel(Path dir, String isolation) throws Exception {
    Path template = dir.resolve("farol.yaml");
    Files.writeString(template, "functions:\n  otel-sdk-fn:\n"
        + "    handler: dev.farol.cli.fixtures.OtelSdkHandler::handleRequest\n"
        + "    code: " + Path.of("target/test-classes").toAbsolutePath() + "\n"
        + "    memory: 512\n    timeout: 30\n");
    FarolCliTest.Up up = FarolCliTest.startUp(dir, "--template", template.toString(), "--isolation", isolation);
    try {
      FarolCliTest.Run r = FarolCliTest.farol("invoke", "otel-sdk-fn", "--invoke-port",
          Integer.toString(up.invokePort()), "--payload", "{}");
      assertThat(r.code()).as(r.err() + up.output()).isZero();
      JsonNode result = JSON.readTree(r.out());
      String traceId = result.get("traceId").asText();
      JsonNode trace = awaitTrace(up.queryPort(), traceId, spans -> spans.keySet().containsAll(List.of("aws.lambda",
          "checkout", "db query", "aws.lambda.init")));
      assertThat(trace).as(up.output().toString()).isNotNull();
      Map<String, JsonNode> spans = byName(trace);
      assertThat(spans).as(trace.toString()).containsKeys("aws.lambda", "checkout", "db query", "aws.lambda.init");
      JsonNode lambda = spans.get("aws.lambda");
      // the SDK continued the runtime's X-Ray header, whose Parent is the invocation's own span
      assertThat(result.get("parent").asText()).isEqualTo(lambda.get("spanId").asText());
      assertThat(spans.get("checkout").get("parentSpanId").asText()).isEqualTo(lambda.get("spanId").asText());
      assertThat(spans.get("db query").get("parentSpanId").asText()).isEqualTo(result.get("checkout").asText());
      assertThat(spans.get("aws.lambda.init").get("parentSpanId").asText()).isEqualTo(lambda.get("spanId").asText());
      assertThat(lambda.path("parentSpanId").asText("")).as(trace.toString()).isEmpty();
      assertConnected(trace, null);
    } finally {
      FarolCliTest.stop(up);
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
