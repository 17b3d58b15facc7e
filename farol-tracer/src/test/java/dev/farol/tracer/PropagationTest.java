package dev.farol.tracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropagationTest {

  @Test
  void w3c_parsesAndRejectsWhatTheSpecRejects() {
    TraceContext c = Propagation.extract(Map.of("traceparent",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate", "dd=s:1")).orElseThrow();
    assertThat(c.format()).isEqualTo("w3c");
    assertThat(c.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(c.spanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(c.sampled()).isTrue();
    assertThat(c.traceState()).isEqualTo("dd=s:1");
    assertThat(Propagation.traceparent(c, "b7ad6b7169203331"))
        .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01");
    assertThat(Propagation.w3c(Map.of("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01")))
        .isEmpty();
    assertThat(Propagation.w3c(Map.of("traceparent", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
        .isEmpty();
    assertThat(Propagation.w3c(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7")))
        .isEmpty();
    assertThat(Propagation.w3c(Map.of("TraceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        .orElseThrow().sampled()).isFalse();
  }

  @Test
  void datadog_decimalIds_128BitThroughTid_andSamplingPriority() {
    TraceContext c = Propagation.datadog(Map.of("x-datadog-trace-id", "7379586022458917877",
        "x-datadog-parent-id", "2644033662113726488", "x-datadog-sampling-priority", "-1",
        "x-datadog-tags", "_dd.p.dm=-0,_dd.p.tid=66698e6300000000")).orElseThrow();
    assertThat(c.traceId()).isEqualTo("66698e630000000066698e63821a03f5");
    assertThat(c.traceIdLow64Decimal()).isEqualTo("7379586022458917877");
    assertThat(c.spanIdDecimal()).isEqualTo("2644033662113726488");
    assertThat(c.sampled()).isFalse();
    Map<String, String> out = Propagation.datadogHeaders(c, "24b17e9b6476c018");
    assertThat(out).containsEntry("x-datadog-trace-id", "7379586022458917877")
        .containsEntry("x-datadog-parent-id", Long.toUnsignedString(0x24b17e9b6476c018L))
        .containsEntry("x-datadog-tags", "_dd.p.tid=66698e6300000000");
    assertThat(Propagation.datadog(Map.of("x-datadog-trace-id", "abc", "x-datadog-parent-id", "1"))).isEmpty();
    assertThat(Propagation.datadog(Map.of("x-datadog-trace-id", "0", "x-datadog-parent-id", "1"))).isEmpty();
  }

  @Test
  void b3_singleAndMulti_64BitIdsPadded() {
    TraceContext single = Propagation.b3(Map.of("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1"))
        .orElseThrow();
    assertThat(single.traceId()).isEqualTo("80f198ee56343ba864fe8b2a57d3eff7");
    assertThat(single.sampled()).isTrue();
    TraceContext multi = Propagation.b3(Map.of("X-B3-TraceId", "463ac35c9f6413ad", "X-B3-SpanId", "a2fb4a1d1a96d312",
        "X-B3-Sampled", "0")).orElseThrow();
    assertThat(multi.traceId()).isEqualTo("0000000000000000463ac35c9f6413ad");
    assertThat(multi.sampled()).isFalse();
  }

  @Test
  void xray_rootParentSampled_inAnyOrder_andSampledZeroIsReportedNotApplied() {
    TraceContext c = Propagation.xray("Sampled=0;Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")
        .orElseThrow();
    assertThat(c.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(c.spanId()).isEqualTo("53995c3f42cd8ad8");
    assertThat(c.sampled()).isFalse();
    assertThat(Propagation.xrayHeader(c, "0000000000000001"))
        .isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000001;Sampled=0");
    // a Root without Parent (what API Gateway adds) is no context to continue
    assertThat(Propagation.xray("Root=1-613a4da3-5012576973e2e5670d4c549a")).isEmpty();
    assertThat(Propagation.xray("garbage")).isEmpty();
  }

  @Test
  void order_w3cThenDatadogThenB3ThenXray() {
    Map<String, String> all = new HashMap<>();
    all.put("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    assertThat(Propagation.extract(all).orElseThrow().format()).isEqualTo("xray");
    all.put("b3", "80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1");
    assertThat(Propagation.extract(all).orElseThrow().format()).isEqualTo("b3");
    all.put("x-datadog-trace-id", "12345");
    all.put("x-datadog-parent-id", "67890");
    assertThat(Propagation.extract(all).orElseThrow().format()).isEqualTo("datadog");
    all.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(Propagation.extract(all).orElseThrow().format()).isEqualTo("w3c");
  }

  /**
   * The field payloads whose context travels in HTTP headers (API Gateway, ALB, Function URL) continue
   * the trace their producers' own tests expect. Message-carried contexts (SQS, SNS, EventBridge,
   * Kinesis, authorizers) are the event-source layer's.
   */
  @Test
  void fieldPayloads_withHeaderCarriedContext_continueTheExpectedTrace() throws Exception {
    Path data = dev.farol.tracer.events.FieldSamples.data();
    ObjectMapper json = new ObjectMapper();
    List<String> checked = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("datadog-expected-contexts.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      JsonNode event = json.readTree(data.resolve("datadog-event-samples").resolve(f[0] + ".json").toFile());
      JsonNode headers = event.get("headers");
      if (headers == null || !headers.isObject() || f[0].startsWith("authorizer-")) {
        continue;
      }
      Map<String, String> carrier = new HashMap<>();
      headers.fields().forEachRemaining(e -> carrier.put(e.getKey(), e.getValue().asText()));
      Optional<TraceContext> c = Propagation.extract(carrier);
      assertThat(c).as(f[0]).isPresent();
      assertThat(c.get().traceIdLow64Decimal()).as(f[0]).isEqualTo(f[1]);
      assertThat(c.get().spanIdDecimal()).as(f[0]).isEqualTo(f[2]);
      checked.add(f[0]);
    }
    assertThat(checked).as("samples checked").contains("api-gateway", "api-gateway-non-proxy");
  }
}
