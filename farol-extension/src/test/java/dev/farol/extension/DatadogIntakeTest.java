package dev.farol.extension;

import dev.farol.tracer.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The Datadog intake: payloads encoded with the reference MessagePack library (msgpack-core), as
 * tracers send them, and the invocation protocol's placeholder replacement.
 */
class DatadogIntakeTest {
  /** A trace id low half and a span id above 2^63: tracers send unsigned 64-bit ids. */
  private static final long BIG_TRACE = 0xfedcba9876543210L;
  private static final long BIG_SPAN = 0x8000000000000001L;

  private static void spanMap(MessageBufferPacker p, long trace, long span, long parent, String name, String resource,
      String type, Map<String, String> meta) throws IOException {
    p.packMapHeader(11);
    p.packString("trace_id").packBigInteger(new java.math.BigInteger(Long.toUnsignedString(trace)));
    p.packString("span_id").packBigInteger(new java.math.BigInteger(Long.toUnsignedString(span)));
    p.packString("parent_id").packBigInteger(new java.math.BigInteger(Long.toUnsignedString(parent)));
    p.packString("name").packString(name);
    p.packString("resource").packString(resource);
    p.packString("service").packString("orders");
    p.packString("type").packString(type);
    p.packString("start").packLong(1_700_000_000_000_000_000L);
    p.packString("duration").packLong(2_500_000L);
    p.packString("meta").packMapHeader(meta.size());
    for (Map.Entry<String, String> m : meta.entrySet()) {
      p.packString(m.getKey()).packString(m.getValue());
    }
    p.packString("metrics").packMapHeader(1).packString("_sampling_priority_v1").packDouble(1.0);
  }

  @Test
  void v04_decodesSpanMaps_withUnsigned64BitIds() throws IOException {
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packArrayHeader(1).packArrayHeader(2);
    spanMap(p, BIG_TRACE, BIG_SPAN, 0, "servlet.request", "GET /orders/{id}", "web",
        Map.of("span.kind", "server", "_dd.p.tid", "6571f1a200000000"));
    spanMap(p, BIG_TRACE, 7, BIG_SPAN, "http.request", "GET /ledger", "http",
        Map.of("span.kind", "client", "error.message", "boom"));
    List<DatadogIntake.Span> spans = DatadogIntake.decodeV04(p.toByteArray());

    assertThat(spans).hasSize(2);
    DatadogIntake.Span root = spans.get(0);
    assertThat(Otlp.hex16(root.traceLow)).isEqualTo("fedcba9876543210");
    assertThat(Otlp.hex16(root.spanId)).isEqualTo("8000000000000001");
    assertThat(root.parentId).isZero();
    assertThat(root.resource).isEqualTo("GET /orders/{id}");
    assertThat(root.meta).containsEntry("_dd.p.tid", "6571f1a200000000");
    assertThat(root.metrics).containsEntry("_sampling_priority_v1", 1.0);
    assertThat(Otlp.hex16(spans.get(1).parentId)).isEqualTo("8000000000000001");

    String json = DatadogIntake.toOtlpJson(root, "6571f1a200000000fedcba9876543210", null);
    Map<String, Object> span = Json.object(Json.parse(json));
    assertThat(span.get("name")).isEqualTo("GET /orders/{id}");
    assertThat(span.get("kind")).isEqualTo(2.0);
    assertThat(span.get("startTimeUnixNano")).isEqualTo("1700000000000000000");
    assertThat(span.get("endTimeUnixNano")).isEqualTo("1700000000002500000");
    assertThat(json).contains("\"dd.operation.name\"", "servlet.request").doesNotContain("_dd.p.tid");
  }

  @Test
  void v05_resolvesTheStringTable() throws IOException {
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    List<String> table = List.of("", "orders", "aws.lambda", "dd-tracer-serverless-span", "request_id", "r-1",
        "serverless");
    p.packArrayHeader(2).packArrayHeader(table.size());
    for (String s : table) {
      p.packString(s);
    }
    p.packArrayHeader(1).packArrayHeader(1).packArrayHeader(12);
    p.packInt(1).packInt(2).packInt(3);
    p.packBigInteger(new java.math.BigInteger(Long.toUnsignedString(BIG_TRACE))).packLong(42).packLong(0);
    p.packLong(1_700_000_000_000_000_000L).packLong(1_000).packInt(1);
    p.packMapHeader(1).packInt(4).packInt(5);
    p.packMapHeader(0);
    p.packInt(6);
    List<DatadogIntake.Span> spans = DatadogIntake.decodeV05(p.toByteArray());

    assertThat(spans).hasSize(1);
    DatadogIntake.Span s = spans.get(0);
    assertThat(s.service).isEqualTo("orders");
    assertThat(s.name).isEqualTo("aws.lambda");
    assertThat(s.resource).isEqualTo("dd-tracer-serverless-span");
    assertThat(s.type).isEqualTo("serverless");
    assertThat(s.meta).containsExactly(Map.entry("request_id", "r-1"));
    assertThat(s.spanId).isEqualTo(42);
    assertThat(s.error).isEqualTo(1);
  }

  @Test
  void malformedPayloads_areRefusedWithWhatIsWrong() throws IOException {
    assertThatThrownBy(() -> DatadogIntake.decodeV04(new byte[] {(byte) 0x91, (byte) 0xc1}))
        .hasMessageContaining("0xc1 at byte 1 is not a MessagePack type");
    assertThatThrownBy(() -> DatadogIntake.decodeV04(new byte[] {(byte) 0xdd, 0, 0, 0, 9}))
        .hasMessageContaining("a length of 9 at byte 5 exceeds the 0 bytes left");
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packArrayHeader(1).packArrayHeader(1).packString("not a span");
    assertThatThrownBy(() -> DatadogIntake.decodeV04(p.toByteArray()))
        .hasMessageContaining("a v0.4 span must be a map, got a string");
    MessageBufferPacker q = MessagePack.newDefaultBufferPacker();
    q.packArrayHeader(2).packArrayHeader(1).packString("").packArrayHeader(1).packArrayHeader(1).packArrayHeader(12);
    for (int i = 0; i < 12; i++) {
      q.packInt(i == 0 ? 7 : 0);
    }
    assertThatThrownBy(() -> DatadogIntake.decodeV05(q.toByteArray()))
        .hasMessageContaining("string index 7 is outside the table of 1");
    // the empty probe tracers send
    MessageBufferPacker empty = MessagePack.newDefaultBufferPacker();
    empty.packArrayHeader(0);
    assertThat(DatadogIntake.decodeV04(empty.toByteArray())).isEmpty();
  }

  private static void events(Assembler a, String json) {
    a.accept(Json.array(Json.parse(json)));
  }

  private static DatadogIntake.Span ddSpan(String traceId, String spanId, long parent, String name, String type,
      String requestId) {
    DatadogIntake.Span s = new DatadogIntake.Span();
    s.traceLow = Long.parseUnsignedLong(traceId.substring(16), 16);
    s.spanId = Long.parseUnsignedLong(spanId, 16);
    s.parentId = parent;
    s.name = name;
    s.resource = name;
    s.type = type;
    s.start = 1_700_000_000_000_000_000L;
    s.duration = 1_000_000;
    if (requestId != null) {
      s.meta.put("request_id", requestId);
    }
    return s;
  }

  private static Map<String, Map<String, Object>> byName(FarolExtension.Payload p) {
    Map<String, Map<String, Object>> out = new HashMap<>();
    for (String s : p.spans) {
      Map<String, Object> span = Json.object(Json.parse(s));
      out.put((String) span.get("name"), span);
    }
    return out;
  }

  @Test
  void placeholder_isReplacedByTheInvocationSpan_withItsSpanId() throws Exception {
    Assembler a = new Assembler("orders", "$LATEST", "us-east-1", 1024);
    String platformTrace = "1-6571f1a2-0123456789abcdef01234567";
    a.invoke("r-1", "Root=" + platformTrace + ";Parent=1111111111111111;Sampled=1");
    // the caller's context, in the API Gateway event the tracer hands over
    byte[] event = ("{\"httpMethod\":\"GET\",\"path\":\"/orders/7\",\"resource\":\"/orders/{id}\",\"headers\":"
        + "{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"},"
        + "\"requestContext\":{\"stage\":\"prod\",\"apiId\":\"a1\",\"requestTimeEpoch\":1700000000000}}")
        .getBytes(StandardCharsets.UTF_8);
    String[] told = a.startInvocation("r-1", event, 10);
    assertThat(told[0]).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(told[1]).as("the inferred API Gateway span").isNotNull().isNotEqualTo("00f067aa0ba902b7");

    events(a, "[{\"time\":\"2026-01-01T00:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-1\","
        + "\"tracing\":{\"spanId\":\"1111111111111111\",\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root="
        + platformTrace + ";Sampled=1\"}}}]");
    String placeholder = "0000000000000abc";
    Map<String, String> end = new LinkedHashMap<>();
    end.put("x-datadog-trace-id", Long.toUnsignedString(Long.parseUnsignedLong(told[0].substring(16), 16)));
    end.put("x-datadog-span-id", Long.toString(0xabc));
    end.put("x-datadog-invocation-error", "true");
    end.put("x-datadog-invocation-error-type", "java.lang.IllegalStateException");
    end.put("x-datadog-invocation-error-msg", "no such order");
    a.endInvocation("r-1", end, "{\"statusCode\":500}".getBytes(StandardCharsets.UTF_8));
    // the placeholder, whose resource a framework renamed to its route, and the framework's span under it
    DatadogIntake.Span ph = ddSpan(told[0], placeholder, Long.parseUnsignedLong(told[1], 16), "GET /orders/{id}",
        "serverless", "r-1");
    ph.meta.put("_dd.p.tid", told[0].substring(0, 16));
    DatadogIntake.Span mvc = ddSpan(told[0], "0000000000000def", 0xabc, "servlet.request", "web", null);
    a.datadogSpans(List.of(ph, mvc));
    events(a, "[{\"time\":\"2026-01-01T00:00:00.020Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":"
        + "\"r-1\",\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}}]");
    Map<String, Map<String, Object>> spans = byName(a.drain(false));

    assertThat(spans).containsOnlyKeys("aws.lambda", "aws.apigateway GET /orders/{id}", "servlet.request");
    Map<String, Object> lambda = spans.get("aws.lambda");
    assertThat(lambda.get("spanId")).isEqualTo(placeholder);
    assertThat(lambda.get("traceId")).isEqualTo(told[0]);
    assertThat(lambda.get("parentSpanId")).isEqualTo(told[1]);
    assertThat(Json.object(lambda.get("status")).get("code")).isEqualTo(2.0);
    assertThat(Json.object(lambda.get("status")).get("message")).isEqualTo("no such order");
    assertThat(spans.get("servlet.request").get("parentSpanId")).isEqualTo(placeholder);
    assertThat(spans.get("servlet.request").get("traceId")).isEqualTo(told[0]);
    assertThat(spans.get("aws.apigateway GET /orders/{id}").get("parentSpanId")).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void withoutEndInvocation_thePlaceholderIsKnownByItsRequestId_andItsChildrenMove() throws Exception {
    Assembler a = new Assembler("orders", "$LATEST", "us-east-1", 1024);
    a.invoke("r-2", "Root=1-6571f1a2-0123456789abcdef01234567;Parent=2222222222222222;Sampled=1");
    String[] told = a.startInvocation("r-2", "{}".getBytes(StandardCharsets.UTF_8), 10);
    assertThat(told[0]).isEqualTo("6571f1a20123456789abcdef01234567");
    events(a, "[{\"time\":\"2026-01-01T00:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-2\","
        + "\"tracing\":{\"spanId\":\"2222222222222222\",\"type\":\"X-Amzn-Trace-Id\",\"value\":"
        + "\"Root=1-6571f1a2-0123456789abcdef01234567;Sampled=1\"}}},"
        + "{\"time\":\"2026-01-01T00:00:00.020Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":"
        + "\"r-2\",\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}}]");
    Map<String, Map<String, Object>> first = byName(a.drain(false));
    assertThat(first.get("aws.lambda").get("spanId")).isEqualTo("2222222222222222");
    // the tracer's trace arrives late, and no end-invocation ever named the placeholder
    a.datadogSpans(List.of(ddSpan(told[0], "0000000000000abc", 0, "dd-tracer-serverless-span", "serverless", "r-2"),
        ddSpan(told[0], "0000000000000def", 0xabc, "custom.work", "", null)));
    Map<String, Map<String, Object>> late = byName(a.drain(false));

    assertThat(late).containsOnlyKeys("custom.work");
    assertThat(late.get("custom.work").get("parentSpanId")).isEqualTo("2222222222222222");
    assertThat(late.get("custom.work").get("traceId")).isEqualTo(told[0]);
  }
}
