package dev.farol.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.farol.tracer.Config;
import dev.farol.tracer.Farol;
import dev.farol.tracer.Scope;
import dev.farol.tracer.Span;
import dev.farol.tracer.Tracer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The wrapper in process, exporting to a real OTLP/HTTP receiver. */
class TracingHandlerTest {
  private Receiver receiver;

  @BeforeEach
  void start() throws Exception {
    receiver = new Receiver();
    use(Map.of());
    System.clearProperty("com.amazonaws.xray.traceHeader");
  }

  @AfterEach
  void stop() {
    receiver.close();
    System.clearProperty("com.amazonaws.xray.traceHeader");
  }

  private Tracer use(Map<String, String> extra) {
    // the assertions read the receiver right after the invocation: wait for each answer
    Map<String, String> env = new HashMap<>(Map.of("FAROL_TRACER_ENDPOINT", receiver.url(),
        "AWS_LAMBDA_FUNCTION_NAME", "orders", "FAROL_TRACER_EXPORT", "sync"));
    env.putAll(extra);
    Tracer t = new Tracer(Config.from(env));
    Tracer.setGlobal(t);
    return t;
  }

  private static String run(RequestStreamHandler h, String event, String requestId) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    h.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
        new TestContext(requestId, 10_000));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static final String REST_EVENT = "{\"resource\":\"/orders/{id}\",\"path\":\"/orders/7\",\"httpMethod\":\"GET\","
      + "\"headers\":{\"Host\":\"abc.execute-api.us-east-1.amazonaws.com\",\"traceparent\":"
      + "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"},\"requestContext\":{\"resourcePath\":"
      + "\"/orders/{id}\",\"httpMethod\":\"GET\",\"stage\":\"prod\",\"apiId\":\"abc\",\"requestTimeEpoch\":"
      + System.currentTimeMillis() + ",\"requestId\":\"r\"},\"body\":null}";

  @Test
  void apiGatewayRequest_continuesTheCaller_underAnInferredSpan_withTheHandlersSpans() throws Exception {
    RequestStreamHandler traced = TracingHandler.wrap((in, out, ctx) -> {
      Span work = Farol.span("load order");
      try (Scope ignored = work.activate()) {
        work.setAttribute("order.id", "7");
      } finally {
        work.end();
      }
      out.write("{\"statusCode\":503,\"body\":\"busy\"}".getBytes(StandardCharsets.UTF_8));
    });
    String result = run(traced, REST_EVENT, "req-1");

    assertThat(result).isEqualTo("{\"statusCode\":503,\"body\":\"busy\"}");
    Map<String, Object> inferred = receiver.named("aws.apigateway GET /orders/{id}");
    Map<String, Object> lambda = receiver.named("aws.lambda");
    Map<String, Object> work = receiver.named("load order");
    assertThat(inferred.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(inferred.get("parentSpanId")).isEqualTo("00f067aa0ba902b7");
    assertThat(lambda.get("parentSpanId")).isEqualTo(inferred.get("spanId"));
    assertThat(work.get("parentSpanId")).isEqualTo(lambda.get("spanId"));
    assertThat(Receiver.attr(lambda, "faas.invocation_id")).isEqualTo("req-1");
    assertThat(Receiver.attr(lambda, "faas.trigger")).isEqualTo("http");
    assertThat(Receiver.attr(lambda, "http.response.status_code")).isEqualTo("503");
    assertThat(Receiver.attr(lambda, "cloud.resource_id"))
        .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:orders");
    assertThat(((Map<?, ?>) lambda.get("status")).get("code")).isEqualTo(2.0);
    assertThat(((Map<?, ?>) inferred.get("status")).get("code")).isEqualTo(2.0);
    // the extension learns that the tracer sent this invocation's span
    assertThat(receiver.invocationHeaders).containsExactly("req-1;trace=4bf92f3577b34da6a3ce929d0e0e4736;span="
        + lambda.get("spanId") + ";inferred=true");
  }

  @Test
  void theInvocationSpan_takesThePlatformsSpanId_andItsRootWhenTheEventCarriesNoContext() throws Exception {
    System.setProperty("com.amazonaws.xray.traceHeader",
        "Root=1-6571f1a2-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=0");
    run(TracingHandler.wrap((in, out, ctx) -> out.write('1')), "{\"n\":15}", "req-2");
    Map<String, Object> lambda = receiver.named("aws.lambda");
    // Sampled=0 from X-Ray is what Lambda says whenever active tracing is off: not a reason to drop the trace
    assertThat(lambda.get("traceId")).isEqualTo("6571f1a20123456789abcdef01234567");
    assertThat(lambda.get("spanId")).isEqualTo("53995c3f42cd8ad8");
    assertThat(lambda.get("parentSpanId")).isNull();
    assertThat(Receiver.attr(lambda, "faas.trigger")).isEqualTo("other");
  }

  @Test
  void aCallerThatDroppedTheTrace_isFollowed() throws Exception {
    String unsampled = REST_EVENT.replace("-00f067aa0ba902b7-01", "-00f067aa0ba902b7-00");
    assertThat(run(TracingHandler.wrap((in, out, ctx) -> out.write('1')), unsampled, "req-3")).isEqualTo("1");
    assertThat(receiver.spans).isEmpty();
  }

  @Test
  void handlerException_reachesTheRuntimeUnchanged_andIsOnTheInvocationSpan() {
    IllegalStateException boom = new IllegalStateException("no stock");
    RequestStreamHandler traced = TracingHandler.wrap((in, out, ctx) -> {
      throw boom;
    });
    assertThatThrownBy(() -> run(traced, REST_EVENT, "req-4")).isSameAs(boom);
    Map<String, Object> lambda = receiver.named("aws.lambda");
    assertThat(Receiver.attr(lambda, "error.type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(Receiver.attr(lambda, "exception.message")).isEqualTo("no stock");
    assertThat(Receiver.attr(lambda, "exception.stacktrace")).contains("TracingHandlerTest");
  }

  @Test
  void noExtensionListening_costsTheFunctionNothing_andIsReportedOnce() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Tracer t = use(Map.of("FAROL_TRACER_ENDPOINT", "http://127.0.0.1:" + closedPort + "/v1/traces"));
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      RequestStreamHandler traced = TracingHandler.wrap((in, out, ctx) -> out.write("ok".getBytes(StandardCharsets.UTF_8)));
      assertThat(run(traced, REST_EVENT, "req-5")).isEqualTo("ok");
      assertThat(run(traced, REST_EVENT, "req-6")).isEqualTo("ok");
    } finally {
      System.setErr(saved);
    }
    assertThat(t.failures()).isEqualTo(2);
    assertThat(t.droppedSpans()).isEqualTo(4);
    String log = err.toString(StandardCharsets.UTF_8);
    assertThat(log.split("could not send spans", -1)).hasSize(2);
    assertThat(log).contains("127.0.0.1:" + closedPort, "farol:extension");
  }

  @Test
  void handOff_doesNotWaitForTheAnswer_butReadsItBeforeTheNextExport() throws Exception {
    Tracer t = use(Map.of("FAROL_TRACER_EXPORT", "handoff"));
    RequestStreamHandler traced = TracingHandler.wrap((in, out, ctx) -> out.write('1'));
    run(traced, REST_EVENT, "req-h1");
    run(traced, REST_EVENT, "req-h2");
    long until = System.nanoTime() + 5_000_000_000L;
    while (receiver.invocationHeaders.size() < 2 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(receiver.invocationHeaders).hasSize(2);
    assertThat(receiver.invocationHeaders.get(0)).startsWith("req-h1;");
    assertThat(t.failures()).isZero();
    // a receiver that refuses what was handed over: learned at the next export, counted
    receiver.server.removeContext("/v1/traces");
    receiver.server.createContext("/v1/traces", x -> {
      x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(500, -1);
      x.close();
    });
    run(traced, REST_EVENT, "req-h3");
    // an answer is read once it is there (as between two real invocations): give it the time to arrive
    Thread.sleep(300);
    run(traced, REST_EVENT, "req-h4");
    assertThat(t.failures()).isEqualTo(1);
  }

  @Test
  void tracingOff_passesThrough() throws Exception {
    use(Map.of("DD_TRACE_ENABLED", "false"));
    assertThat(run(TracingHandler.wrap((in, out, ctx) -> in.transferTo(out)), REST_EVENT, "req-7"))
        .isEqualTo(REST_EVENT);
    assertThat(receiver.spans).isEmpty();
  }

  @Test
  void beforeTheDeadline_whatEndedAndWhatIsOpenIsSent_cutByTheTimeout() throws Exception {
    long[] handlerEnd = new long[1];
    RequestStreamHandler traced = TracingHandler.wrap((in, out, ctx) -> {
      Span done = Farol.span("fetched");
      done.end();
      Span slow = Farol.span("slow query");
      try (Scope ignored = slow.activate()) {
        Thread.sleep(1_200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        slow.end();
      }
      handlerEnd[0] = System.currentTimeMillis();
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    traced.handleRequest(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), out,
        new TestContext("req-8", 700));

    assertThat(receiver.receivedAtMillis).isNotEmpty();
    assertThat(receiver.receivedAtMillis.get(0)).isLessThan(handlerEnd[0]);
    Map<String, Object> slow = receiver.named("slow query");
    assertThat(Receiver.attr(slow, "farol.span.cut")).isEqualTo("timeout");
    assertThat(Receiver.attr(receiver.named("aws.lambda"), "farol.span.cut")).isEqualTo("timeout");
    assertThat(Receiver.attr(receiver.named("fetched"), "farol.span.cut")).isNull();
  }

  @Test
  void logLines_carryTheTraceThroughTheMdc() throws Exception {
    String[] seen = new String[3];
    run(TracingHandler.wrap((in, out, ctx) -> {
      seen[0] = org.slf4j.MDC.get("trace_id");
      seen[1] = org.slf4j.MDC.get("span_id");
      seen[2] = org.slf4j.MDC.get("dd.trace_id");
    }), REST_EVENT, "req-9");
    Map<String, Object> lambda = receiver.named("aws.lambda");
    assertThat(seen[0]).isEqualTo(lambda.get("traceId"));
    assertThat(seen[1]).isEqualTo(lambda.get("spanId"));
    assertThat(seen[2]).isEqualTo(Long.toUnsignedString(Long.parseUnsignedLong("a3ce929d0e0e4736", 16)));
    assertThat(org.slf4j.MDC.get("trace_id")).isNull();
  }

  @Test
  void aHandlerThatCannotBeLoaded_isNamedWithWhatWasTried() {
    assertThatThrownBy(() -> Target.load("com.example.Missing::handle", getClass().getClassLoader()))
        .hasMessageContaining("com.example.Missing").hasMessageContaining("not in the function's code");
    assertThatThrownBy(() -> Target.load(TracingHandler.class.getName(), getClass().getClassLoader()))
        .hasMessageContaining("names Farol's wrapper itself");
  }

  @Test
  void aPojoHandler_isLoadedByTheRuntimesOwnLoader() throws Throwable {
    int before = dev.farol.lambda.fixtures.Greeter.constructed;
    Target t = Target.load("dev.farol.lambda.fixtures.Greeter::greet", getClass().getClassLoader());
    assertThat(dev.farol.lambda.fixtures.Greeter.constructed).isEqualTo(before + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    t.invoke("{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8), out, new TestContext("req-10", 5_000));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"greeting\":\"hello Ada\"}");
  }

  @Test
  void customMetrics_goToTheExtensionAsDogStatsD() throws Exception {
    try (java.net.DatagramSocket statsd = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      statsd.setSoTimeout(5_000);
      use(Map.of("DD_DOGSTATSD_PORT", Integer.toString(statsd.getLocalPort())));
      run(TracingHandler.wrap((in, out, ctx) -> {
        Farol.metric("orders.value", 42.5, "currency:EUR");
        Farol.count("orders.placed", 1);
        Farol.metric("bad", Double.NaN);
      }), REST_EVENT, "req-11");
      java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[512], 512);
      statsd.receive(p);
      assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
          .isEqualTo("orders.value:42.5|g|#currency:EUR");
      statsd.receive(p);
      assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)).isEqualTo("orders.placed:1.0|c");
    }
  }

  @Test
  void contextFollowsTasksHandedToAnExecutor() throws Exception {
    java.util.concurrent.ExecutorService pool = Farol.wrap(java.util.concurrent.Executors.newSingleThreadExecutor());
    try {
      run(TracingHandler.wrap((in, out, ctx) -> {
        try {
          pool.submit(() -> Farol.span("in a pool thread").end()).get();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }), REST_EVENT, "req-12");
    } finally {
      pool.shutdownNow();
    }
    assertThat(receiver.named("in a pool thread").get("parentSpanId")).isEqualTo(receiver.named("aws.lambda").get("spanId"));
  }

  // ---------------------------------------------------------------- the field payloads

  static Path testdata() {
    Path data = Path.of(System.getProperty("farol.home", ".."), "testdata");
    return data.toAbsolutePath().normalize();
  }

  static Stream<String[]> expectedContexts() throws Exception {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(testdata().resolve("datadog-expected-contexts.tsv"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        rows.add(line.split("\t"));
      }
    }
    return rows.stream();
  }

  /** Each sample that carries context: the wrapped function continues the upstream trace. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("expectedContexts")
  void fieldSample_continuesItsUpstreamTrace(String sample, String traceLow, String parent) throws Exception {
    String event = Files.readString(testdata().resolve("datadog-event-samples").resolve(sample + ".json"));
    run(TracingHandler.wrap((in, out, ctx) -> out.write("{}".getBytes(StandardCharsets.UTF_8))), event, "req-" + sample);
    assertThat(receiver.spans).isNotEmpty();
    String expectedParent = Long.toHexString(Long.parseUnsignedLong(parent));
    expectedParent = "0000000000000000".substring(expectedParent.length()) + expectedParent;
    boolean continues = false;
    for (Map<String, Object> s : receiver.spans) {
      String trace = (String) s.get("traceId");
      assertThat(Long.toUnsignedString(Long.parseUnsignedLong(trace.substring(16), 16))).as(sample).isEqualTo(traceLow);
      continues |= expectedParent.equals(s.get("parentSpanId"));
    }
    assertThat(continues).as(sample + ": a span whose parent is " + parent + " in " + receiver.spans).isTrue();
  }
}
