package dev.farol.runtime.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.runtime.TestFunctions;
import dev.farol.runtime.api.InvokeApiServer;
import dev.farol.runtime.apigw.ApiGatewayFront;
import dev.farol.runtime.apigw.RouteBinding;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.LayerRef;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The local Lambda's contract, run against real processes under the official Java runtime interface
 * client, once per isolation mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LocalLambdaContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
  /** Callers of their own: the common pool has a single thread on a two-core machine. */
  final java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newCachedThreadPool();
  LambdaService lambda;
  InvokeApiServer api;
  ApiGatewayFront front;

  abstract String isolation();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    if (isolation().equals("isolated")) {
      Sandbox.Choice c = Sandbox.choose("auto");
      org.junit.jupiter.api.Assumptions.assumeTrue(c.mode() == Sandbox.Mode.ISOLATED,
          () -> "isolated environments are not possible on this machine: " + c.reason());
    }
    Path code = TestFunctions.code(dir);
    List<FunctionConfig> fns = List.of(
        TestFunctions.java("fixture", code, "Fixture::handleRequest", 5, 256, -1),
        TestFunctions.java("greeter", code, "Fixture::handleRequest", 5, 256, -1),
        TestFunctions.java("wide", code, "Fixture::handleRequest", 5, 256, -1),
        TestFunctions.java("sleepy", code, "Fixture::handleRequest", 1, 256, -1),
        TestFunctions.java("single", code, "Fixture::handleRequest", 10, 256, 1),
        TestFunctions.java("ticker", code, "BackgroundTicker::handleRequest", 5, 256, -1),
        TestFunctions.java("broken", code, "BrokenInit::handleRequest", 5, 256, -1),
        TestFunctions.java("upper", code, "StreamUpper", 5, 256, -1),
        TestFunctions.java("pojo", code, "Pojo::greet", 5, 256, -1),
        TestFunctions.java("small", code, "Fixture::handleRequest", 10, 128, -1),
        TestFunctions.web("web1", code, "WebEcho::handleRequest",
            new HttpRoute("ANY", "/items/{id}", HttpRoute.PayloadFormat.REST_V1, "Prod")),
        TestFunctions.java("probed", code, "Fixture::handleRequest", 10, 256, -1)
            .withLayers(List.of(new LayerRef("layers/probe", TestFunctions.probeLayer(dir)))),
        TestFunctions.nativeBootstrap(dir),
        TestFunctions.nativeBootstrap(dir, "native-stream"),
        TestFunctions.java("wrapped", code, "Fixture::handleRequest", 10, 256, -1)
            .withLayers(List.of(new LayerRef("layers/wrapper", TestFunctions.wrapperLayer(dir))))
            .withEnvironment(Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/farol-test-wrapper")),
        TestFunctions.web("web2", code, "WebEcho::handleRequest",
            new HttpRoute("POST", "/v2/items/{id}", HttpRoute.PayloadFormat.HTTP_V2, "$default")));
    LambdaService.Options options = LambdaService.Options.defaults(dir.resolve("work"), TestFunctions.JAVA_RUNTIME)
        .withIsolation(isolation())
        .withTimings(Duration.ofMinutes(5), Duration.ofSeconds(10), List.of(Duration.ofMillis(100),
            Duration.ofMillis(200)))
        .withLogSink((fn, source, line) -> {
          logs.add(fn + "|" + source + "|" + line);
          if (Boolean.getBoolean("farol.test.echo")) {
            System.out.println("LOG " + fn + "|" + source + "|" + line);
          }
        });
    lambda = LambdaService.start(options, fns);
    api = new InvokeApiServer(lambda, "127.0.0.1", 0).start();
    List<RouteBinding> routes = new ArrayList<>();
    for (FunctionConfig fn : fns) {
      fn.routes().forEach(r -> routes.add(new RouteBinding(fn.name(), r)));
    }
    front = new ApiGatewayFront(lambda, routes, "127.0.0.1", 0);
    front.start();
  }

  @AfterAll
  void stop() throws Exception {
    callers.shutdownNow();
    if (front != null) {
      front.close();
    }
    if (api != null) {
      api.close();
    }
    if (lambda != null) {
      lambda.close();
    }
  }

  HttpResponse<byte[]> invoke(String fn, String payload, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
            + "/2015-03-31/functions/" + fn + "/invocations"))
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(payload));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static String tail(HttpResponse<byte[]> r) {
    return new String(Base64.getDecoder().decode(r.headers().firstValue("X-Amz-Log-Result").orElseThrow()),
        StandardCharsets.UTF_8);
  }

  @Test
  void coldThenWarm_initDurationOnlyOnFirstReport() throws Exception {
    HttpResponse<byte[]> first = invoke("greeter", "{\"n\":1}", "X-Amz-Log-Type", "Tail");
    HttpResponse<byte[]> second = invoke("greeter", "{\"n\":2}", "X-Amz-Log-Type", "Tail");

    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode body = json(first);
    assertThat(body.at("/echo/n").asInt()).isEqualTo(1);
    assertThat(body.get("requestId").asText()).isEqualTo(first.headers().firstValue("X-Amzn-RequestId").orElseThrow());
    assertThat(body.get("functionArn").asText()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:greeter");
    assertThat(body.get("memoryLimitInMB").asInt()).isEqualTo(256);
    assertThat(body.get("remainingTimeInMillis").asLong()).isBetween(1L, 5000L);
    // no caller header: a minted root, and the invocation's own span as the runtime's Parent
    assertThat(body.get("traceHeader").asText()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
    assertThat(body.at("/env/AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("greeter");
    assertThat(body.at("/env/AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("$LATEST");
    assertThat(body.at("/env/AWS_LAMBDA_LOG_GROUP_NAME").asText()).isEqualTo("/aws/lambda/greeter");
    assertThat(body.at("/env/FIXTURE_VAR").asText()).isEqualTo("from-config");
    assertThat(body.at("/env/AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_java17");

    String firstTail = tail(first);
    String secondTail = tail(second);
    String rid1 = first.headers().firstValue("X-Amzn-RequestId").orElseThrow();
    assertThat(firstTail).contains("START RequestId: " + rid1 + " Version: $LATEST", "END RequestId: " + rid1)
        .containsPattern("REPORT RequestId: " + rid1 + "\tDuration: [0-9.]+ ms\tBilled Duration: \\d+ ms\t"
            + "Memory Size: 256 MB\tMax Memory Used: \\d+ MB\tInit Duration: [0-9.]+ ms");
    assertThat(secondTail).contains("REPORT RequestId: " + second.headers().firstValue("X-Amzn-RequestId").get())
        .doesNotContain("Init Duration");
    assertThat(lambda.coldStarts("greeter")).isEqualTo(1);
    assertThat(first.headers().firstValue("X-Amz-Executed-Version")).contains("$LATEST");
  }

  @Test
  void parallelInvocations_makeOneEnvironmentEach_thenReuseThem() throws Exception {
    List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> call("wide", "{\"sleepMs\":3000}"), callers));
    }
    // wait for the three, each holding its environment for 3 s (long enough to overlap on a loaded machine)
    for (CompletableFuture<HttpResponse<byte[]>> c : calls) {
      assertThat(c.join().statusCode()).isEqualTo(200);
    }
    int envs = lambda.environments("wide");
    int cold = lambda.coldStarts("wide");
    assertThat(envs).isGreaterThanOrEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(invoke("wide", "{}").statusCode()).isEqualTo(200);
    }
    assertThat(lambda.coldStarts("wide")).isEqualTo(cold);
    // an environment is busy until its runtime asks for the next event, a moment after the answer
    long until = System.nanoTime() + 5_000_000_000L;
    while (lambda.idleEnvironments("wide") != envs && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(lambda.idleEnvironments("wide")).isEqualTo(envs);
  }

  private HttpResponse<byte[]> call(String fn, String payload) {
    try {
      return invoke(fn, payload);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void reservedConcurrencyReached_throttles() throws Exception {
    CompletableFuture<HttpResponse<byte[]>> busy = CompletableFuture.supplyAsync(() -> call("single",
        "{\"sleepMs\":2000}"), callers);
    while (lambda.environments("single") == 0) {
      Thread.sleep(10);
    }
    HttpResponse<byte[]> throttled = invoke("single", "{}");
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).contains("TooManyRequestsException");
    assertThat(json(throttled).get("Reason").asText()).isEqualTo("ReservedFunctionConcurrentInvocationLimitExceeded");
    assertThat(busy.join().statusCode()).isEqualTo(200);
  }

  @Test
  void timeout_answersSandboxTimedout_andEndsTheEnvironment() throws Exception {
    HttpResponse<byte[]> r = invoke("sleepy", "{\"sleepMs\":5000}", "X-Amz-Log-Type", "Tail");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    JsonNode body = json(r);
    assertThat(body.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
    assertThat(body.get("errorMessage").asText()).endsWith("Error: Task timed out after 1.00 seconds");
    assertThat(tail(r)).contains("Task timed out after 1.00 seconds").contains("Status: timeout");
    HttpResponse<byte[]> next = invoke("sleepy", "{}", "X-Amz-Log-Type", "Tail");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    assertThat(tail(next)).contains("Init Duration");
  }

  @Test
  void crash_answersRuntimeExitError() throws Exception {
    HttpResponse<byte[]> r = invoke("fixture", "{\"exit\":3}");
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    JsonNode body = json(r);
    assertThat(body.get("errorType").asText()).isEqualTo("Runtime.ExitError");
    assertThat(body.get("errorMessage").asText())
        .isEqualTo("RequestId: " + r.headers().firstValue("X-Amzn-RequestId").get()
            + " Error: Runtime exited with error: exit status 3");
  }

  @Test
  void handlerException_isAFunctionErrorWithTheJavaType() throws Exception {
    HttpResponse<byte[]> r = invoke("fixture", "{\"fail\":\"installment not found\"}");
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    JsonNode body = json(r);
    assertThat(body.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(body.get("errorMessage").asText()).isEqualTo("installment not found");
    assertThat(body.get("stackTrace").isArray()).isTrue();
  }

  @Test
  void initError_isRetriedOnce_thenReturnedToTheCaller() throws Exception {
    HttpResponse<byte[]> r = invoke("broken", "{}", "X-Amz-Log-Type", "Tail");
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    JsonNode body = json(r);
    // what the official runtime client reports for a failing static initializer
    assertThat(body.get("errorType").asText()).isEqualTo("java.lang.ExceptionInInitializerError");
    assertThat(body.get("errorMessage").asText()).contains("BrokenInit");
    assertThat(tail(r)).contains("configuration missing: DATABASE_URL");
    long initReports = logs.stream().filter(l -> l.startsWith("broken|platform|INIT_REPORT")).count();
    assertThat(initReports).isEqualTo(2);
    assertThat(logs).anyMatch(l -> l.startsWith("broken|platform|INIT_REPORT") && l.contains("Phase: invoke"));
    // the failed environment is ended (a moment after the answer went out)
    long until = System.nanoTime() + 5_000_000_000L;
    while (lambda.environments("broken") != 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(lambda.environments("broken")).isZero();
  }

  @Test
  void frozenBetweenInvocations_backgroundThreadMakesNoProgress() throws Exception {
    long a = json(invoke("ticker", "{}")).asLong();
    Thread.sleep(800);
    long b = json(invoke("ticker", "{}")).asLong();
    // 800 ms at one tick per 5 ms would be ~160 ticks if the environment kept running
    assertThat(b - a).isLessThan(40);
  }

  @Test
  void eventInvocation_isRetriedTwiceOnFunctionError() throws Exception {
    HttpResponse<byte[]> r = invoke("fixture", "{\"fail\":\"always\"}", "X-Amz-Invocation-Type", "Event");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEmpty();
    String rid = r.headers().firstValue("X-Amzn-RequestId").orElseThrow();
    long deadline = System.currentTimeMillis() + 30_000;
    while (lambda.asyncInFlight() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    long starts = logs.stream().filter(l -> l.equals("fixture|platform|START RequestId: " + rid + " Version: $LATEST"))
        .count();
    assertThat(starts).isEqualTo(3);
  }

  @Test
  void dryRun_answers204_andUnknownFunction404() throws Exception {
    assertThat(invoke("fixture", "", "X-Amz-Invocation-Type", "DryRun").statusCode()).isEqualTo(204);
    HttpResponse<byte[]> missing = invoke("nope", "{}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("x-amzn-ErrorType")).contains("ResourceNotFoundException");
    assertThat(json(missing).get("message").asText())
        .isEqualTo("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope");
  }

  @Test
  void payloadLimits_requestTooLarge_and_responseTooLarge() throws Exception {
    String big = "{\"x\":\"" + "a".repeat(6 * 1024 * 1024) + "\"}";
    HttpResponse<byte[]> r = invoke("fixture", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("RequestTooLargeException");

    HttpResponse<byte[]> resp = invoke("fixture", "{\"responseBytes\":6300000}");
    assertThat(resp.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    assertThat(json(resp).get("errorType").asText()).isEqualTo("Function.ResponseSizeTooLarge");
    assertThat(json(resp).get("errorMessage").asText()).startsWith("Response payload size (")
        .endsWith("bytes) exceeded maximum allowed payload size (6291556 bytes).");

    HttpResponse<byte[]> notJson = invoke("fixture", "{not json");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("x-amzn-ErrorType")).contains("InvalidRequestContentException");
  }

  @Test
  void streamAndPojoHandlers() throws Exception {
    assertThat(new String(invoke("upper", "\"abc\"").body(), StandardCharsets.UTF_8)).isEqualTo("\"ABC\"");
    assertThat(json(invoke("pojo", "\"ana\"")).asText()).isEqualTo("hello ana from pojo");
  }

  @Test
  void awsSdkLambdaClient_roundTrip() throws Exception {
    try (LambdaClient client = LambdaClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + api.port()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .build()) {
      String ctx = Base64.getEncoder().encodeToString("{\"custom\":{\"tenant\":\"t-42\"}}".getBytes());
      InvokeResponse r = client.invoke(b -> b.functionName("fixture").logType(LogType.TAIL).clientContext(ctx)
          .payload(SdkBytes.fromUtf8String("{\"from\":\"sdk\"}")));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.functionError()).isNull();
      assertThat(r.executedVersion()).isEqualTo("$LATEST");
      JsonNode body = JSON.readTree(r.payload().asUtf8String());
      assertThat(body.at("/echo/from").asText()).isEqualTo("sdk");
      assertThat(body.at("/clientContext/tenant").asText()).isEqualTo("t-42");
      assertThat(new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8)).contains("REPORT RequestId:");

      InvokeResponse failed = client.invoke(b -> b.functionName("arn:aws:lambda:us-east-1:123456789012:function:fixture")
          .payload(SdkBytes.fromUtf8String("{\"fail\":\"boom\"}")));
      assertThat(failed.functionError()).isEqualTo("Unhandled");

      org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.invoke(b -> b.functionName("missing")))
          .isInstanceOf(ResourceNotFoundException.class)
          .hasMessageContaining("Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing");
    }
  }

  @Test
  void exceedingMemorySize_isReportedAsOutOfMemory() throws Exception {
    HttpResponse<byte[]> r = invoke("small", "{\"allocMb\":100,\"sleepMs\":1000}");
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).contains("Unhandled");
    // the JVM's own heap limit (85 % of the memory size) may catch it first, as on Lambda
    assertThat(json(r).get("errorType").asText()).isIn("Runtime.OutOfMemory", "java.lang.OutOfMemoryError");
  }

  private HttpResponse<byte[]> viaGateway(String path, byte[] body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + path))
        .header("Content-Type", "application/octet-stream")
        .timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] everyByte() {
    byte[] b = new byte[512];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  private static byte[] reversed(byte[] b) {
    byte[] r = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      r[i] = b[b.length - 1 - i];
    }
    return r;
  }

  @Test
  void apiGatewayRestV1_roundTrip_pathParameterAndBinaryBody() throws Exception {
    long before = System.currentTimeMillis();
    byte[] sent = everyByte();
    HttpResponse<byte[]> r = viaGateway("/items/42?tag=a&tag=b", sent);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo(reversed(sent));
    assertThat(r.headers().firstValue("x-path-id")).contains("42");
    assertThat(r.headers().firstValue("x-stage")).contains("Prod");
    assertThat(r.headers().firstValue("x-version")).contains("1.0");
    assertThat(r.headers().firstValue("x-route")).contains("/items/{id}");
    assertThat(r.headers().allValues("x-multi")).containsExactly("a", "b");
    assertThat(Long.parseLong(r.headers().firstValue("x-request-time-epoch").orElseThrow()))
        .isBetween(before - 1000, System.currentTimeMillis());
  }

  @Test
  void apiGatewayHttpV2_roundTrip_pathParameterAndBinaryBody() throws Exception {
    byte[] sent = everyByte();
    HttpResponse<byte[]> r = viaGateway("/v2/items/item-7", sent);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.body()).isEqualTo(reversed(sent));
    assertThat(r.headers().firstValue("x-path-id")).contains("item-7");
    assertThat(r.headers().firstValue("x-stage")).contains("$default");
    assertThat(r.headers().firstValue("x-version")).contains("2.0");
    assertThat(r.headers().firstValue("x-route")).contains("POST /v2/items/{id}");
    // an unknown route is answered by the gateway, not an invocation (REST's answer: this front also has REST routes)
    HttpResponse<byte[]> missing = viaGateway("/v2/nothing/here", sent);
    assertThat(missing.statusCode()).isEqualTo(403);
    assertThat(new String(missing.body(), StandardCharsets.UTF_8)).contains("Missing Authentication Token");
  }

  @Test
  void layer_jarsJoinTheClasspath_andExtensionsRunAndGetTheirEvents() throws Exception {
    HttpResponse<byte[]> r = invoke("probed", "{\"loadClass\":\"dev.farol.runtime.fixtures.layer.LayerLib\"}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("loaded").asText()).isEqualTo("hello from the layer");
    long until = System.nanoTime() + 5_000_000_000L;
    while (logs.stream().noneMatch(l -> l.equals("probed|extension:probe|probe saw invoke"))
        && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(logs).anyMatch(l -> l.startsWith("probed|extension:probe|probe registered as probe from "))
        .contains("probed|extension:probe|probe saw invoke");
  }

  @Test
  void isolated_extensionsFixedPortsOnSandboxLocaldomainNeverCollide() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(isolation().equals("isolated"), "needs isolated environments");
    List<CompletableFuture<HttpResponse<byte[]>>> calls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> call("probed", "{\"probe\":true,\"sleepMs\":1000}"), callers));
    }
    List<String> answers = new ArrayList<>();
    for (CompletableFuture<HttpResponse<byte[]>> c : calls) {
      HttpResponse<byte[]> r = c.join();
      assertThat(r.statusCode()).isEqualTo(200);
      answers.add(json(r).get("probe").asText());
    }
    assertThat(lambda.environments("probed")).isGreaterThanOrEqualTo(2);
    assertThat(answers).allMatch(a -> a.startsWith("probe-"));
    assertThat(answers.get(0)).isNotEqualTo(answers.get(1));
    assertThat(logs).contains("probed|extension:probe|probe registered as probe from /opt/extensions/probe");
  }

  @Test
  void providedRuntime_runsItsBootstrap() throws Exception {
    HttpResponse<byte[]> r = invoke("native", "{\"n\":7}", "X-Amz-Log-Type", "Tail");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    JsonNode body = json(r);
    assertThat(body.get("handler").asText()).isEqualTo("echo.handler");
    assertThat(body.at("/echo/n").asInt()).isEqualTo(7);
    assertThat(tail(r)).contains("bootstrap handling " + r.headers().firstValue("X-Amzn-RequestId").orElseThrow())
        .contains("Init Duration");
  }

  @Test
  void execWrapper_fromALayer_runsTheRuntime() throws Exception {
    HttpResponse<byte[]> r = invoke("wrapped", "{}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    JsonNode body = json(r);
    assertThat(body.at("/env/WRAPPED_BY").asText()).isEqualTo("farol-test-wrapper");
    // the wrapper received the runtime's whole command line: java, its options, the client class, the handler
    assertThat(body.get("wrappedArgs").asInt()).isGreaterThan(5);
  }

  @Test
  void streamedResponse_isCollectedForTheSynchronousCaller() throws Exception {
    HttpResponse<byte[]> r = invoke("native-stream", "{\"stream\":true}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Amz-Function-Error")).isEmpty();
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("part-1;part-2;part-3");
    assertThat(r.headers().firstValue("Content-Type")).contains("text/plain");
  }
}
