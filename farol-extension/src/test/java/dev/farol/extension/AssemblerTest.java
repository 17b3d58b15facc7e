package dev.farol.extension;

import dev.farol.tracer.Json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Assembly of spans and logs from Telemetry API events as the platform sends them. */
class AssemblerTest {
  private final Assembler assembler = new Assembler("clean-math", "$LATEST", "us-east-1", 512);

  private void events(String json) {
    assembler.accept(Json.array(Json.parse(json)));
  }

  private static Map<String, Object> parse(String fragment) {
    return Json.object(Json.parse(fragment));
  }

  private static String attribute(Map<String, Object> span, String key) {
    for (Object a : Json.array(span.get("attributes"))) {
      Map<String, Object> kv = Json.object(a);
      if (key.equals(kv.get("key"))) {
        Map<String, Object> v = Json.object(kv.get("value"));
        return String.valueOf(v.values().iterator().next());
      }
    }
    return null;
  }

  @Test
  void coldInvocation_givesInvocationAndInitSpansInOneTrace_andTiedLogs() {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.initStart\",\"record\":{\"initializationType\":"
        + "\"on-demand\",\"phase\":\"init\"}},"
        + "{\"time\":\"2026-11-24T10:00:00.100Z\",\"type\":\"function\",\"record\":\"loading config\"},"
        + "{\"time\":\"2026-11-24T10:00:00.300Z\",\"type\":\"platform.initReport\",\"record\":{\"initializationType\":"
        + "\"on-demand\",\"phase\":\"init\",\"status\":\"success\",\"metrics\":{\"durationMs\":300.0}}},"
        + "{\"time\":\"2026-11-24T10:00:00.310Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-1\","
        + "\"version\":\"$LATEST\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":"
        + "\"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1\"}}},"
        + "{\"time\":\"2026-11-24T10:00:00.320Z\",\"type\":\"function\",\"record\":\"fibonacci(15) = 610\"},"
        + "{\"time\":\"2026-11-24T10:00:00.330Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"r-1\","
        + "\"status\":\"success\",\"metrics\":{\"durationMs\":20.0,\"producedBytes\":3}}}]");
    FarolExtension.Payload p = assembler.drain(false);
    assertThat(p.spans).hasSize(2);
    Map<String, Object> invocation = parse(p.spans.get(0));
    Map<String, Object> init = parse(p.spans.get(1));
    assertThat(invocation.get("name")).isEqualTo("aws.lambda");
    assertThat(invocation.get("traceId")).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(invocation.get("parentSpanId")).isEqualTo("53995c3f42cd8ad8");
    assertThat(invocation.get("startTimeUnixNano")).isEqualTo("1795514400310000000");
    assertThat(invocation.get("endTimeUnixNano")).isEqualTo("1795514400330000000");
    assertThat(attribute(invocation, "faas.coldstart")).isEqualTo("true");
    assertThat(attribute(invocation, "faas.invocation_id")).isEqualTo("r-1");
    assertThat(attribute(invocation, "aws.lambda.billed_duration_ms")).isEqualTo("320");
    assertThat(init.get("name")).isEqualTo("aws.lambda.init");
    assertThat(init.get("traceId")).isEqualTo(invocation.get("traceId"));
    assertThat(init.get("parentSpanId")).isEqualTo(invocation.get("spanId"));
    assertThat(init.get("startTimeUnixNano")).isEqualTo("1795514400000000000");
    assertThat(p.logs).hasSize(2);
    for (String log : p.logs) {
      Map<String, Object> l = parse(log);
      assertThat(l.get("traceId")).isEqualTo(invocation.get("traceId"));
      assertThat(l.get("spanId")).isEqualTo(invocation.get("spanId"));
    }
    assertThat(p.logs.get(0)).contains("loading config");
    assertThat(p.logs.get(1)).contains("fibonacci(15) = 610");

    // the next (warm) invocation has no init span and a trace of its own
    events("[{\"time\":\"2026-11-24T10:00:05.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-2\","
        + "\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-5759e989-000000000000000000000001\"}}},"
        + "{\"time\":\"2026-11-24T10:00:05.010Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"r-2\","
        + "\"status\":\"success\",\"metrics\":{\"durationMs\":10.0}}}]");
    FarolExtension.Payload warm = assembler.drain(false);
    assertThat(warm.spans).hasSize(1);
    assertThat(attribute(parse(warm.spans.get(0)), "faas.coldstart")).isEqualTo("false");
    assertThat(parse(warm.spans.get(0)).get("parentSpanId")).isNull();
  }

  @Test
  void timeout_isAnErrorSpan_andAnUnfinishedInvocationGetsItsSpanAtShutdown() {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"slow\"}},"
        + "{\"time\":\"2026-11-24T10:00:03.000Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"slow\","
        + "\"status\":\"timeout\",\"metrics\":{\"durationMs\":3000.0}}},"
        + "{\"time\":\"2026-11-24T10:00:04.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"lost\"}}]");
    FarolExtension.Payload first = assembler.drain(false);
    assertThat(first.spans).hasSize(1);
    Map<String, Object> slow = parse(first.spans.get(0));
    assertThat(Json.object(slow.get("status")).get("code")).isEqualTo(2.0);
    assertThat(attribute(slow, "error.type")).isEqualTo("Sandbox.Timedout");
    // without trace context from the platform, the extension's own root still gives a trace id
    assertThat((String) slow.get("traceId")).matches("[0-9a-f]{32}");

    FarolExtension.Payload last = assembler.drain(true);
    assertThat(last.spans).hasSize(1);
    Map<String, Object> lost = parse(last.spans.get(0));
    assertThat(attribute(lost, "faas.invocation_id")).isEqualTo("lost");
    assertThat(Json.object(lost.get("status")).get("code")).isEqualTo(2.0);
  }

  @Test
  void report_givesEnhancedMetricsTaggedWithTheInvocation() {
    events("[{\"time\":\"2026-11-24T10:00:01.000Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r-9\","
        + "\"status\":\"timeout\",\"metrics\":{\"durationMs\":3000.5,\"billedDurationMs\":3300,\"memorySizeMB\":1024,"
        + "\"maxMemoryUsedMB\":210,\"initDurationMs\":299.5}}}]");
    FarolExtension.Payload p = assembler.drain(false);
    Map<String, Double> values = new java.util.HashMap<>();
    for (String m : p.metrics) {
      Map<String, Object> metric = parse(m);
      Map<String, Object> point = Json.object(Json.array(Json.object(metric.get("gauge")).get("dataPoints")).get(0));
      values.put((String) metric.get("name"), (Double) point.get("asDouble"));
      assertThat(attribute(point, "faas.invocation_id")).isEqualTo("r-9");
      assertThat(attribute(point, "faas.coldstart")).isEqualTo("true");
    }
    assertThat(values).containsEntry("aws.lambda.enhanced.invocations", 1.0)
        .containsEntry("aws.lambda.enhanced.errors", 1.0)
        .containsEntry("aws.lambda.enhanced.timeouts", 1.0)
        .containsEntry("aws.lambda.enhanced.out_of_memory", 0.0)
        .containsEntry("aws.lambda.enhanced.cold_starts", 1.0)
        .containsEntry("aws.lambda.enhanced.billed_duration", 3300.0)
        .containsEntry("aws.lambda.enhanced.init_duration", 299.5)
        .containsEntry("aws.lambda.enhanced.max_memory_used", 210.0);
    // 3.3 s at 1 GB on x86 plus one request
    assertThat(values.get("aws.lambda.enhanced.estimated_cost")).isCloseTo(3.3 * 0.0000166667 + 0.0000002,
        org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aLineArrivingAfterRuntimeDone_staysWithItsInvocation() {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-5\","
        + "\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-5759e988-bd862e3fe1be46a994272793\"}}},"
        + "{\"time\":\"2026-11-24T10:00:00.020Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"r-5\","
        + "\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}},"
        + "{\"time\":\"2026-11-24T10:00:00.010Z\",\"type\":\"function\",\"record\":\"late line\"}]");
    FarolExtension.Payload p = assembler.drain(false);
    assertThat(p.logs).hasSize(1);
    assertThat(parse(p.logs.get(0)).get("traceId")).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(p.logs.get(0)).contains("r-5", "late line");
  }

  @Test
  void proxiedApiGatewayEvent_continuesTheCallersTrace_evenWhenSeenAfterPlatformStart() {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-7\","
        + "\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-5759e988-bd862e3fe1be46a994272793;"
        + "Parent=53995c3f42cd8ad8\"}}},"
        + "{\"time\":\"2026-11-24T10:00:00.005Z\",\"type\":\"function\",\"record\":\"handling\"}]");
    assembler.event("r-7", ("{\"httpMethod\":\"GET\",\"path\":\"/installments/1\",\"resource\":\"/installments/{id}\","
        + "\"headers\":{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"},"
        + "\"requestContext\":{\"stage\":\"Prod\",\"requestTimeEpoch\":1795514399990}}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assembler.answer("r-7", false, "{\"statusCode\":404,\"body\":\"\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    events("[{\"time\":\"2026-11-24T10:00:00.020Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"r-7\","
        + "\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}}]");
    FarolExtension.Payload p = assembler.drain(false);
    assertThat(p.spans).hasSize(2);
    Map<String, Object> invocation = parse(p.spans.get(0));
    Map<String, Object> inferred = parse(p.spans.get(1));
    assertThat(inferred.get("name")).isEqualTo("aws.apigateway GET /installments/{id}");
    assertThat(inferred.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(inferred.get("parentSpanId")).isEqualTo("00f067aa0ba902b7");
    assertThat(inferred.get("startTimeUnixNano")).isEqualTo("1795514399990000000");
    assertThat(attribute(inferred, "http.response.status_code")).isEqualTo("404");
    assertThat(invocation.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(invocation.get("parentSpanId")).isEqualTo(inferred.get("spanId"));
    assertThat(attribute(invocation, "faas.trigger")).isEqualTo("http");
    assertThat(parse(p.logs.get(0)).get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void proxiedFieldPayload_withDatadogHeaders_continuesTheExpectedTrace() throws Exception {
    // a real API Gateway event (x-datadog-trace-id 12345, x-datadog-parent-id 67890)
    byte[] sample = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(System.getProperty("farol.home", ".."),
        "testdata", "datadog-event-samples", "api-gateway.json"));
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-8\"}}]");
    assembler.event("r-8", sample);
    assembler.answer("r-8", false, "{\"statusCode\":200}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    events("[{\"time\":\"2026-11-24T10:00:00.020Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"r-8\","
        + "\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}}]");
    FarolExtension.Payload p = assembler.drain(false);
    Map<String, Object> inferred = parse(p.spans.get(1));
    String traceId = (String) inferred.get("traceId");
    assertThat(Long.toUnsignedString(Long.parseUnsignedLong(traceId.substring(16), 16))).isEqualTo("12345");
    assertThat(Long.toUnsignedString(Long.parseUnsignedLong((String) inferred.get("parentSpanId"), 16)))
        .isEqualTo("67890");
    assertThat(inferred.get("name")).isEqualTo("aws.apigateway POST /{proxy+}");
  }

  @Test
  void proxiedSnsToSqsBatch_continuesTheProducer_throughBothHops_withALinkPerRecord() throws Exception {
    byte[] sample = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(System.getProperty("farol.home", ".."),
        "testdata", "datadog-event-samples", "sns-sqs-java-upstream.json"));
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-11\"}}]");
    assembler.event("r-11", sample);
    events("[{\"time\":\"2026-11-24T10:00:00.020Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":"
        + "\"r-11\",\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}}]");
    Map<String, Map<String, Object>> spans = new java.util.HashMap<>();
    for (String s : assembler.drain(false).spans) {
      Map<String, Object> span = parse(s);
      spans.put(((String) span.get("name")).split(" ")[0], span);
    }
    assertThat(spans).containsOnlyKeys("aws.sns", "aws.sqs", "aws.lambda");
    Map<String, Object> sns = spans.get("aws.sns");
    String traceId = (String) sns.get("traceId");
    // the expectations of the field table for this sample
    assertThat(Long.toUnsignedString(Long.parseUnsignedLong(traceId.substring(16), 16))).isEqualTo("4781801699472307582");
    assertThat(Long.toUnsignedString(Long.parseUnsignedLong((String) sns.get("parentSpanId"), 16)))
        .isEqualTo("7752697518321801287");
    assertThat(spans.get("aws.sqs").get("parentSpanId")).isEqualTo(sns.get("spanId"));
    assertThat(spans.get("aws.sqs").get("kind")).isEqualTo(5.0);
    assertThat(spans.get("aws.lambda").get("parentSpanId")).isEqualTo(spans.get("aws.sqs").get("spanId"));
    assertThat(attribute(spans.get("aws.lambda"), "faas.trigger")).isEqualTo("pubsub");
    assertThat(Json.array(spans.get("aws.lambda").get("links"))).isNotEmpty();
  }

  @Test
  void invocationSentByFarolsTracer_isAdopted_initSpanAndLogsFollowIt() throws Exception {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.initStart\",\"record\":{}},"
        + "{\"time\":\"2026-11-24T10:00:00.300Z\",\"type\":\"platform.initReport\",\"record\":{\"status\":"
        + "\"success\",\"metrics\":{\"durationMs\":300.0}}},"
        + "{\"time\":\"2026-11-24T10:00:00.310Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-9\","
        + "\"tracing\":{\"spanId\":\"1111111111111111\",\"type\":\"X-Amzn-Trace-Id\",\"value\":"
        + "\"Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0\"}}},"
        + "{\"time\":\"2026-11-24T10:00:00.320Z\",\"type\":\"function\",\"record\":\"charging card\"}]");
    // the tracer continued the caller's trace from the event, and sent aws.lambda itself
    assembler.tracerOwns("r-9;trace=4bf92f3577b34da6a3ce929d0e0e4736;span=1111111111111111;inferred=true");
    events("[{\"time\":\"2026-11-24T10:00:00.330Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":"
        + "\"r-9\",\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}}]");
    FarolExtension.Payload p = assembler.drain(false);

    assertThat(p.spans).hasSize(1);
    Map<String, Object> init = parse(p.spans.get(0));
    assertThat(init.get("name")).isEqualTo("aws.lambda.init");
    assertThat(init.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(init.get("parentSpanId")).isEqualTo("1111111111111111");
    assertThat(p.logs).singleElement().satisfies(l -> {
      assertThat(parse(l).get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(parse(l).get("spanId")).isEqualTo("1111111111111111");
    });
    // malformed headers change nothing
    assembler.tracerOwns("r-10;trace=xyz;span=1");
    assembler.tracerOwns(";trace=4bf92f3577b34da6a3ce929d0e0e4736;span=1111111111111111");
    events("[{\"time\":\"2026-11-24T10:00:01.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-10\"}},"
        + "{\"time\":\"2026-11-24T10:00:01.010Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":"
        + "\"r-10\",\"status\":\"success\",\"metrics\":{\"durationMs\":10.0}}}]");
    // Farol's tracer is known to be here now: the extension waits for its hand-over, then gives up on it
    assertThat(assembler.drain(false).spans).isEmpty();
    long t0 = System.nanoTime();
    assembler.finishWaiting("r-10", 50);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(40_000_000L);
    assertThat(assembler.drain(false).spans).singleElement().satisfies(s -> assertThat(parse(s).get("name"))
        .isEqualTo("aws.lambda"));
  }

  @Test
  void json_roundTripsEscapes() {
    String text = "line \"quoted\"\n\ttab \\ back \u0001";
    assertThat(Json.parse(Json.quote(text))).isEqualTo(text);
    assertThat(Json.array(Json.parse("[1, 2.5, true, null, {\"a\": []}]"))).hasSize(5);
    assertThat(List.of(Json.parse("\"\\u00e9\""))).containsExactly("é");
  }
}
