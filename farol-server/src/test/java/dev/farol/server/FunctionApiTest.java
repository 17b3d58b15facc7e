package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.FindingJson;
import dev.farol.findings.Fix;
import dev.farol.server.catalog.FunctionDefinition;
import dev.farol.server.catalog.InMemoryFunctionCatalog;
import dev.farol.server.catalog.KnownFunction;
import dev.farol.server.store.DuckDbStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/functions/{name}}: one function's summary and series from the aggregates, and the configuration
 * and doctor's findings {@code farol up} registered for it.
 */
class FunctionApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE = 60_000_000_000L;
  private static final long HOUR = 60 * MINUTE;
  /** A whole hour two hours ago. */
  private final long base = Math.floorDiv(System.currentTimeMillis() * 1_000_000L, HOUR) * HOUR - 2 * HOUR;
  private final HttpClient http = HttpClient.newHttpClient();
  private final InMemoryFunctionCatalog catalog = new InMemoryFunctionCatalog();
  @TempDir
  Path data;
  private FarolServer server;

  static final FunctionDefinition CLEAN_MATH = new FunctionDefinition("clean-math", "java17",
      "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest", 512, 10, "x86_64",
      List.of(new FunctionDefinition.Layer("farol:tracer", false), new FunctionDefinition.Layer("farol:extension", true)),
      List.of(new FunctionDefinition.Variable("DB_PASSWORD", "<img src=x onerror=alert(1)>", false),
          new FunctionDefinition.Variable("FAROL_OTLP_ENDPOINT", "http://127.0.0.1:4318", true)),
      List.of("GET /fib/{n}"), -1, "examples/clean-math/target/clean-math.jar", "template.yaml:9");

  static final Finding UNWRAPPED = Finding.of(Code.H001).function("clean-math")
      .evidence(Evidence.at("template.yaml", 12, 7).withPath("Resources.CleanMathFunction.Properties.Handler"))
      .message("The handler is not wrapped: it points straight at "
          + "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest, while farol:tracer is attached.")
      .why("Farol's tracer starts only when Lambda calls its wrapper.")
      .fix(new Fix("Point the handler at Farol's wrapper and name the real handler in FAROL_LAMBDA_HANDLER.", "yaml",
          "@@ template.yaml:12 @@\n-      Handler: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
              + "+      Handler: dev.farol.lambda.TracingHandler::handleRequest\n"))
      .build();

  @BeforeEach
  void start() throws Exception {
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(data), catalog).start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort() + pathAndQuery))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<JsonNode> values(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private String window(long from, long until, String step) {
    return "?since=" + from + "&until=" + until + "&step=" + step;
  }

  /** Minute 5: 10, 20 and 30 ms, the first cold after a 300 ms init, reported at 200 MB; minute 7: 50 ms, failed. */
  private void fourInvocations() throws Exception {
    new LambdaTelemetry(server.ingestPort()).send(List.of(
        LambdaTelemetry.Invocation.of("clean-math", "r-1", base + 5 * MINUTE, 10).cold(300).reported(200),
        LambdaTelemetry.Invocation.of("clean-math", "r-2", base + 5 * MINUTE + 1_000_000_000L, 20).reported(150),
        LambdaTelemetry.Invocation.of("clean-math", "r-3", base + 5 * MINUTE + 2_000_000_000L, 30),
        LambdaTelemetry.Invocation.of("clean-math", "r-4", base + 7 * MINUTE, 50).failed(),
        LambdaTelemetry.Invocation.of("ledger", "r-5", base + 5 * MINUTE, 900)));
  }

  @Test
  void aFunction_hasItsSummaryAndEverySeriesPerBucket_nullWhereABucketHasNoValue() throws Exception {
    fourInvocations();

    JsonNode f = json("/api/v1/functions/clean-math" + window(base, base + 15 * MINUTE - 1, "5m"));

    assertThat(f.get("name").asText()).isEqualTo("clean-math");
    assertThat(f.get("window")).isEqualTo(JSON.readTree("{\"fromUnixNano\":" + base + ",\"toUnixNano\":"
        + (base + 15 * MINUTE) + ",\"firstBucketUnixNano\":" + base + ",\"stepNanos\":" + 5 * MINUTE
        + ",\"buckets\":3}"));
    JsonNode s = f.get("series");
    assertThat(s.get("invocations").toString()).isEqualTo("[0,4,0]");
    assertThat(s.get("errors").toString()).isEqualTo("[0,1,0]");
    assertThat(s.get("coldStarts").toString()).isEqualTo("[0,1,0]");
    assertThat(s.get("inits").toString()).isEqualTo("[0,1,0]");
    assertThat(s.get("initMeanMs").toString()).isEqualTo("[null,300.0,null]");
    assertThat(s.get("initMaxMs").toString()).isEqualTo("[null,300.0,null]");
    assertThat(s.get("maxMemoryUsedMb").toString()).isEqualTo("[null,200,null]");
    assertThat(s.get("memorySizeMb").toString()).isEqualTo("[null,512,null]");
    assertThat(values(s.get("p50Ms"))).extracting(JsonNode::isNull).containsExactly(true, false, true);
    // four invocations of 10, 20, 30 and 50 ms: nearest rank gives 20, 50, 50
    assertThat(s.at("/p50Ms/1").asDouble()).isCloseTo(20.0, Percentage.withPercentage(1));
    assertThat(s.at("/p95Ms/1").asDouble()).isCloseTo(50.0, Percentage.withPercentage(1)).isLessThanOrEqualTo(50.0);
    assertThat(s.at("/p99Ms/1").asDouble()).isEqualTo(s.at("/p95Ms/1").asDouble());
    JsonNode summary = f.get("summary");
    assertThat(summary.get("invocations").asLong()).isEqualTo(4);
    assertThat(summary.get("errors").asLong()).isEqualTo(1);
    assertThat(summary.get("coldStarts").asLong()).isEqualTo(1);
    assertThat(summary.get("maxMemoryUsedMb").asLong()).isEqualTo(200);
    assertThat(summary.get("memorySizeMb").asLong()).isEqualTo(512);
    assertThat(summary.get("inits").asLong()).isEqualTo(1);
    assertThat(summary.get("initMeanMs").asDouble()).isEqualTo(300.0);
    assertThat(summary.get("initMaxMs").asDouble()).isEqualTo(300.0);
    assertThat(summary.has("name")).isFalse();
    // not run by farol up here: telemetry only
    assertThat(f.get("configuration").isNull()).isTrue();
    assertThat(f.get("findings").toString()).isEqualTo("[]");
    assertThat(f.get("doctorErrors").toString()).isEqualTo("[]");

    // by minute, from the minute rows; by hour, from the hour row
    JsonNode minutes = json("/api/v1/functions/clean-math" + window(base + 4 * MINUTE, base + 8 * MINUTE, "1m"));
    assertThat(minutes.at("/series/invocations").toString()).isEqualTo("[0,3,0,1,0]");
    assertThat(minutes.at("/series/maxMemoryUsedMb").toString()).isEqualTo("[null,200,null,null,null]");
    assertThat(minutes.at("/series/p99Ms/3").asDouble()).isEqualTo(50.0);
    JsonNode hours = json("/api/v1/functions/clean-math" + window(base, base + HOUR - 1, "1h"));
    assertThat(hours.at("/series/invocations").toString()).isEqualTo("[4]");
    assertThat(hours.at("/series/initMeanMs").toString()).isEqualTo("[300.0]");
  }

  @Test
  void aFunctionFarolUpRuns_hasItsConfigurationAndTheDoctorsFindings() throws Exception {
    catalog.register(List.of(new KnownFunction(CLEAN_MATH, List.of(UNWRAPPED), List.of())));

    JsonNode f = json("/api/v1/functions/clean-math?since=15m");

    assertThat(f.get("configuration")).isEqualTo(JSON.readTree("{\"runtime\":\"java17\","
        + "\"handler\":\"dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\",\"memorySizeMb\":512,"
        + "\"timeoutSeconds\":10,\"architecture\":\"x86_64\",\"layers\":[{\"ref\":\"farol:tracer\",\"attached\":false},"
        + "{\"ref\":\"farol:extension\",\"attached\":true}],\"environment\":[{\"name\":\"DB_PASSWORD\","
        + "\"value\":\"<img src=x onerror=alert(1)>\",\"attached\":false},{\"name\":\"FAROL_OTLP_ENDPOINT\","
        + "\"value\":\"http://127.0.0.1:4318\",\"attached\":true}],\"routes\":[\"GET /fib/{n}\"],"
        + "\"reservedConcurrency\":null,\"code\":\"examples/clean-math/target/clean-math.jar\","
        + "\"definedAt\":\"template.yaml:9\"}"));
    assertThat(f.get("findings")).isEqualTo(JSON.readTree("[" + FindingJson.of(UNWRAPPED) + "]"));
    assertThat(f.at("/findings/0/docs").asText()).isEqualTo("docs/doctor.md#farol-h001-handler-not-wrapped");
    // no invocations in the window: no summary, every bucket empty
    assertThat(f.get("summary").isNull()).isTrue();
    assertThat(values(f.at("/series/invocations"))).hasSize(16).allMatch(v -> v.asLong() == 0);
    assertThat(values(f.at("/series/p50Ms"))).hasSize(16).allMatch(JsonNode::isNull);

    // registered again (farol up started again): what was known is replaced
    catalog.register(List.of(new KnownFunction(CLEAN_MATH, List.of(), List.of("template.yaml:3: cannot read"))));
    JsonNode again = json("/api/v1/functions/clean-math?since=15m");
    assertThat(again.get("findings").toString()).isEqualTo("[]");
    assertThat(again.get("doctorErrors").toString()).isEqualTo("[\"template.yaml:3: cannot read\"]");
  }

  @Test
  void aFunctionNothingIsKnownOf_answersEmpty_andAttackerTextInTheNameComesBackAsItIs() throws Exception {
    String name = "<img src=x onerror=alert(1)>";
    new LambdaTelemetry(server.ingestPort()).send(List.of(LambdaTelemetry.Invocation.of(name, "x-1",
        base + 5 * MINUTE, 25)));

    JsonNode f = json("/api/v1/functions/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
        + window(base, base + 10 * MINUTE - 1, "5m"));
    assertThat(f.get("name").asText()).isEqualTo(name);
    assertThat(f.at("/series/invocations").toString()).isEqualTo("[0,1]");

    JsonNode nobody = json("/api/v1/functions/nobody" + window(base, base + 10 * MINUTE - 1, "5m"));
    assertThat(nobody.get("summary").isNull()).isTrue();
    assertThat(nobody.get("configuration").isNull()).isTrue();
    assertThat(nobody.at("/series/invocations").toString()).isEqualTo("[0,0]");
    assertThat(nobody.at("/series/memorySizeMb").toString()).isEqualTo("[null,null]");
    // a name with a plus sign is that name
    assertThat(json("/api/v1/functions/a+b?since=15m").get("name").asText()).isEqualTo("a+b");
  }

  @Test
  void badRequests_areNamedInA400() throws Exception {
    assertThat(get("/api/v1/functions/")).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"error\":\"the function name is empty: use GET /api/v1/functions/{name}, "
          + "or GET /api/v1/functions for every function\"}");
    });
    assertThat(get("/api/v1/functions/clean-math/more")).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"error\":\"a function name has no '/', got 'clean-math/more'\"}");
    });
    // Jetty refuses an encoded '/' in any path before it reaches the API (no Lambda function name has one)
    assertThat(get("/api/v1/functions/a%2Fb")).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("Ambiguous URI path separator");
    });
    assertThat(get("/api/v1/functions/clean-math?step=30s")).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"error\":\"step must be a whole number of minutes here (the aggregates are "
          + "per minute), got '30s'\"}");
    });
    assertThat(get("/api/v1/functions/clean-math?since=yesterday")).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).isEqualTo("{\"error\":\"since must be like 15m, 1h, 7d or Unix nanoseconds, got "
          + "'yesterday'\"}");
    });
    assertThat(get("/api/v1/functions/clean-math?since=1h&until=2h")).satisfies(r -> {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).startsWith("{\"error\":\"until must not come before since, got since=");
    });
  }
}
