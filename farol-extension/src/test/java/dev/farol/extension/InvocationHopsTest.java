package dev.farol.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.tracer.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnostics the extension sends with each invocation: one {@code farol.invocation.hops} record with the
 * hops it can tell, and a {@code farol.finding} record where it knows why one broke, as the platform's events
 * and the tracers' data make them.
 */
class InvocationHopsTest {
  private static final String TRACE = "5759e988bd862e3fe1be46a994272793";
  private final Assembler assembler = new Assembler("clean-math", "$LATEST", "us-east-1", 512);

  private void events(String json) {
    assembler.accept(Json.array(Json.parse(json)));
  }

  /** A cold start: init, one line during it, the invocation with one line, runtimeDone as given. */
  private void coldInvocation(String requestId, String runtimeDone) {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.initStart\",\"record\":{}},"
        + "{\"time\":\"2026-11-24T10:00:00.100Z\",\"type\":\"function\",\"record\":\"loading config\"},"
        + "{\"time\":\"2026-11-24T10:00:00.300Z\",\"type\":\"platform.initReport\",\"record\":{\"status\":\"success\","
        + "\"metrics\":{\"durationMs\":300.0}}},"
        + "{\"time\":\"2026-11-24T10:00:00.310Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"" + requestId
        + "\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-5759e988-bd862e3fe1be46a994272793;"
        + "Parent=53995c3f42cd8ad8;Sampled=1\"}}},"
        + "{\"time\":\"2026-11-24T10:00:00.320Z\",\"type\":\"function\",\"record\":\"fibonacci(15) = 610\"},"
        + "{\"time\":\"2026-11-24T10:00:00.330Z\",\"type\":\"platform.runtimeDone\",\"record\":" + runtimeDone + "}]");
  }

  private static Map<String, Object> parse(String record) {
    return Json.object(Json.parse(record));
  }

  /** A record's attributes, each as its value's text. */
  private static Map<String, String> attributes(Map<String, Object> record) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Object a : Json.array(record.get("attributes"))) {
      Map<String, Object> kv = Json.object(a);
      Object v = Json.object(kv.get("value")).values().iterator().next();
      out.put((String) kv.get("key"), String.valueOf(v));
    }
    return out;
  }

  private static Path farolTracerLayer(Path opt) throws Exception {
    Files.createDirectories(opt.resolve("java/lib"));
    Files.write(opt.resolve("java/lib/farol-lambda.jar"), new byte[0]);
    return opt;
  }

  @Test
  void unwrappedHandlerUnderFarolsTracerLayer_givesHopsAndTheH001Finding(@TempDir Path opt) throws Exception {
    assembler.surroundings(new Surroundings(farolTracerLayer(opt), Map.of("_HANDLER",
        "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest")));
    coldInvocation("r-1", "{\"requestId\":\"r-1\",\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}");

    FarolExtension.Payload p = assembler.drain(false);

    assertThat(p.logs).hasSize(2); // the function's lines only
    assertThat(p.diagnostics).hasSize(2);
    Map<String, Object> hops = parse(p.diagnostics.get(0));
    assertThat(hops.get("eventName")).isEqualTo("farol.invocation.hops");
    assertThat(hops.get("traceId")).isEqualTo(TRACE);
    assertThat(hops.get("spanId")).isEqualTo(parse(p.spans.get(0)).get("spanId"));
    assertThat(hops.get("timeUnixNano")).isEqualTo("1795514400330000000");
    assertThat(Json.object(hops.get("body")).get("stringValue")).isEqualTo("handler-loaded=passed wrapper-ran=failed "
        + "tracer-active=failed spans-received=failed invocation-span=passed cold-start-span=passed "
        + "logs-correlated=passed");
    assertThat(attributes(hops)).containsExactly(
        Map.entry("event.name", "farol.invocation.hops"),
        Map.entry("faas.invocation_id", "r-1"),
        Map.entry("faas.name", "clean-math"),
        Map.entry("faas.coldstart", "true"),
        Map.entry("farol.hop.handler-loaded", "passed"),
        Map.entry("farol.hop.wrapper-ran", "failed"),
        Map.entry("farol.hop.tracer-active", "failed"),
        Map.entry("farol.hop.spans-received", "failed"),
        Map.entry("farol.hop.invocation-span", "passed"),
        Map.entry("farol.hop.cold-start-span", "passed"),
        Map.entry("farol.hop.logs-correlated", "passed"),
        Map.entry("farol.invocation.spans", "2"),
        Map.entry("farol.invocation.tracer_spans", "0"),
        Map.entry("farol.invocation.log_lines", "2"));

    Map<String, Object> finding = parse(p.diagnostics.get(1));
    assertThat(finding.get("eventName")).isEqualTo("farol.finding");
    assertThat(finding.get("severityNumber")).isEqualTo(17.0);
    assertThat(finding.get("traceId")).isEqualTo(TRACE);
    String message = "A tracer layer is attached (Farol tracer (farol-lambda) (/opt/java/lib/farol-lambda.jar)) but "
        + "no tracer data reached the extension for invocation r-1. The handler is "
        + "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest, not Farol's wrapper, so the tracer never "
        + "runs and no invocation span of the function's own is made.";
    assertThat(Json.object(finding.get("body")).get("stringValue")).isEqualTo(message);
    assertThat(attributes(finding)).containsExactly(
        Map.entry("event.name", "farol.finding"),
        Map.entry("faas.invocation_id", "r-1"),
        Map.entry("faas.name", "clean-math"),
        Map.entry("farol.finding.code", "FAROL-H001"),
        Map.entry("farol.finding.name", "handler-not-wrapped"),
        Map.entry("farol.finding.severity", "error"),
        Map.entry("farol.finding.why", "Farol's tracer starts only when Lambda calls its wrapper "
            + "dev.farol.lambda.TracingHandler::handleRequest, which then calls the handler named in "
            + "FAROL_LAMBDA_HANDLER. Called directly, the handler runs with no tracer: the invocation and init spans "
            + "come from the platform's events only, and the function's own spans and log correlation are lost."),
        Map.entry("farol.finding.evidence", "invocation r-1"),
        Map.entry("farol.finding.evidence.excerpt",
            "_HANDLER=dev.farol.examples.cleanmath.FibonacciHandler::handleRequest"),
        Map.entry("farol.finding.fix.summary", "Set the handler to dev.farol.lambda.TracingHandler::handleRequest and "
            + "FAROL_LAMBDA_HANDLER=dev.farol.examples.cleanmath.FibonacciHandler::handleRequest (adapters such as "
            + "aws-serverless-java-container's handlers are wrapped the same way)."),
        Map.entry("farol.finding.fix.language", "text"),
        Map.entry("farol.finding.fix.diff", "- Handler: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
            + "+ Handler: dev.farol.lambda.TracingHandler::handleRequest\n"
            + "+ FAROL_LAMBDA_HANDLER=dev.farol.examples.cleanmath.FibonacciHandler::handleRequest"));
    assertThat(p.hops).singleElement().satisfies(h -> assertThat(h.tracerSent()).isFalse());
    // sent once: the next drain has no diagnostics of that invocation
    assertThat(assembler.drain(false).diagnostics).isEmpty();
  }

  @Test
  void farolsTracerWrapping_passesEveryHop_andCountsItsSpans(@TempDir Path opt) throws Exception {
    assembler.surroundings(new Surroundings(farolTracerLayer(opt), Map.of("_HANDLER",
        "dev.farol.lambda.TracingHandler::handleRequest")));
    assembler.expectFarolTracer();
    coldInvocation("r-2", "{\"requestId\":\"r-2\",\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}");
    String export = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + TRACE + "\",\"spanId\":"
        + "\"1111111111111111\",\"name\":\"aws.lambda\",\"startTimeUnixNano\":\"1\"},{\"traceId\":\"" + TRACE
        + "\",\"spanId\":\"2222222222222222\",\"name\":\"fib \\\"startTimeUnixNano\\\"\","
        + "\"startTimeUnixNano\":\"2\"}]}]}]}";
    assembler.tracerExport("r-2;trace=" + TRACE + ";span=1111111111111111",
        SpanCount.of("application/json", null, export.getBytes(StandardCharsets.UTF_8)));
    assembler.finishWaiting("r-2", 1_000); // as the extension does after runtimeDone

    FarolExtension.Payload p = assembler.drain(false);

    assertThat(p.spans).extracting(s -> parse(s).get("name")).containsExactly("aws.lambda.init");
    Map<String, String> hops = attributes(parse(p.diagnostics.get(0)));
    assertThat(hops).containsEntry("farol.hop.handler-loaded", "passed")
        .containsEntry("farol.hop.wrapper-ran", "passed")
        .containsEntry("farol.hop.tracer-active", "passed")
        .containsEntry("farol.hop.spans-received", "passed")
        .containsEntry("farol.hop.invocation-span", "passed")
        .containsEntry("farol.hop.cold-start-span", "passed")
        .containsEntry("farol.hop.logs-correlated", "passed")
        .containsEntry("farol.invocation.spans", "3")
        .containsEntry("farol.invocation.tracer_spans", "2")
        .containsEntry("farol.invocation.log_lines", "2");
    assertThat(p.diagnostics).hasSize(1);
    assertThat(parse(p.diagnostics.get(0)).get("spanId")).isEqualTo("1111111111111111");
    assertThat(p.hops).singleElement().satisfies(h -> assertThat(h.tracerSent()).isTrue());
  }

  @Test
  void warmInvocationWithoutATracerOrLines_isNotApplicableWhereNothingWasExpected() {
    events("[{\"time\":\"2026-11-24T10:00:05.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-3\"}},"
        + "{\"time\":\"2026-11-24T10:00:05.010Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"r-3\","
        + "\"status\":\"success\",\"metrics\":{\"durationMs\":10.0}}}]");
    FarolExtension.Payload p = assembler.drain(false);
    assertThat(p.diagnostics).singleElement().satisfies(d -> assertThat(Json.object(parse(d).get("body"))
        .get("stringValue")).isEqualTo("handler-loaded=passed wrapper-ran=n/a tracer-active=n/a spans-received=n/a "
            + "invocation-span=passed cold-start-span=n/a logs-correlated=n/a"));
    assertThat(attributes(parse(p.diagnostics.get(0)))).containsEntry("faas.coldstart", "false")
        .containsEntry("farol.invocation.spans", "1").containsEntry("farol.invocation.log_lines", "0");
  }

  @Test
  void aFailedInit_isHandlerNotLoaded_withV001() {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.initStart\",\"record\":{}},"
        + "{\"time\":\"2026-11-24T10:00:00.300Z\",\"type\":\"platform.initReport\",\"record\":{\"status\":\"error\","
        + "\"errorType\":\"Runtime.BadFunctionCode\",\"metrics\":{\"durationMs\":300.0}}},"
        + "{\"time\":\"2026-11-24T10:00:00.310Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-4\"}},"
        + "{\"time\":\"2026-11-24T10:00:00.330Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\"r-4\","
        + "\"status\":\"error\",\"errorType\":\"Runtime.BadFunctionCode\",\"metrics\":{\"durationMs\":20.0}}}]");
    FarolExtension.Payload p = assembler.drain(false);
    assertThat(attributes(parse(p.diagnostics.get(0)))).containsEntry("farol.hop.handler-loaded", "failed")
        .containsEntry("farol.hop.wrapper-ran", "unknown").containsEntry("farol.hop.spans-received", "unknown");
    Map<String, String> finding = attributes(parse(p.diagnostics.get(1)));
    assertThat(finding).containsEntry("farol.finding.code", "FAROL-V001")
        .containsEntry("farol.finding.evidence.excerpt", "platform.initReport: with status error "
            + "(Runtime.BadFunctionCode)");
    assertThat(Json.object(parse(p.diagnostics.get(1)).get("body")).get("stringValue")).isEqualTo("Invocation r-4 "
        + "failed before its handler ran: the init phase ended with status error (Runtime.BadFunctionCode).");
  }

  @Test
  void datadogsTracerAskingForTheContext_butSendingNoSpans_isV003() throws Exception {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-5\"}}]");
    assembler.startInvocation("r-5", "{}".getBytes(StandardCharsets.UTF_8), 10);
    events("[{\"time\":\"2026-11-24T10:00:00.020Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":"
        + "\"r-5\",\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}}]");
    FarolExtension.Payload p = assembler.drain(false);
    assertThat(attributes(parse(p.diagnostics.get(0)))).containsEntry("farol.hop.wrapper-ran", "passed")
        .containsEntry("farol.hop.tracer-active", "passed").containsEntry("farol.hop.spans-received", "failed");
    assertThat(attributes(parse(p.diagnostics.get(1)))).containsEntry("farol.finding.code", "FAROL-V003");
    assertThat(Json.object(parse(p.diagnostics.get(1)).get("body")).get("stringValue")).isEqualTo("Datadog's "
        + "tracer asked for the invocation's context (start-invocation) but no spans of invocation r-5 reached the "
        + "extension before its flush.");
  }

  @Test
  void aDirectInvokesClientContext_isTheCallersTrace_forTheExtensionsSpans() {
    events("[{\"time\":\"2026-11-24T10:00:00.000Z\",\"type\":\"platform.start\",\"record\":{\"requestId\":\"r-6\","
        + "\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-5759e988-bd862e3fe1be46a994272793\"}}}]");
    assembler.event("r-6", "{}".getBytes(StandardCharsets.UTF_8),
        "{\"custom\":{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}");
    events("[{\"time\":\"2026-11-24T10:00:00.020Z\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":"
        + "\"r-6\",\"status\":\"success\",\"metrics\":{\"durationMs\":20.0}}}]");
    FarolExtension.Payload p = assembler.drain(false);
    Map<String, Object> invocation = parse(p.spans.get(0));
    assertThat(invocation.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(invocation.get("parentSpanId")).isEqualTo("00f067aa0ba902b7");
    assertThat(parse(p.diagnostics.get(0)).get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void spanCount_readsProtobufAndJson_andGivesUpOnWhatItCannotRead() {
    // ExportTraceServiceRequest{resource_spans{resource{}, scope_spans{scope{}, spans{}, spans{}}},
    //   resource_spans{scope_spans{spans{}}}}
    byte[] span = {0x0a, 0x02, 0x01, 0x02}; // a Span with a 2-byte trace_id, enough for the walk
    byte[] scope1 = concat(new byte[] {0x0a, 0x00}, field(2, span), field(2, span));
    byte[] resource1 = concat(new byte[] {0x0a, 0x00}, field(2, scope1));
    byte[] resource2 = field(2, field(2, span));
    byte[] request = concat(field(1, resource1), field(1, resource2));
    assertThat(SpanCount.of("application/x-protobuf", null, request)).isEqualTo(3);
    assertThat(SpanCount.of("application/x-protobuf", null, new byte[0])).isZero();
    assertThat(SpanCount.of("application/x-protobuf", null, new byte[] {0x0a, 0x7f})).isEqualTo(SpanCount.UNKNOWN);
    assertThat(SpanCount.of("application/x-protobuf", "gzip", request)).isEqualTo(SpanCount.UNKNOWN);
    String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"start_time_unix_nano\":\"1\"},"
        + "{\"startTimeUnixNano\":\"2\",\"events\":[{\"timeUnixNano\":\"3\"}]}]}]}]}";
    assertThat(SpanCount.of("application/json", null, json.getBytes(StandardCharsets.UTF_8))).isEqualTo(2);
  }

  private static byte[] field(int number, byte[] message) {
    return concat(new byte[] {(byte) (number << 3 | 2), (byte) message.length}, message);
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void exporter_sendsTheDiagnosticsWithTheLogs_underAScopeOfTheirOwn() {
    List<String> logs = List.of("{\"body\":{\"stringValue\":\"line\"}}");
    List<String> diagnostics = List.of("{\"eventName\":\"farol.invocation.hops\"}");
    List<Exporter.Request> sent = new java.util.ArrayList<>();
    Exporter exporter = new Exporter("http://127.0.0.1:1", null);
    exporter.send(new FarolExtension.Payload(List.of(), logs, List.of(), diagnostics, List.of()));
    sent.addAll(exporter.pendingForTest());
    assertThat(sent).singleElement().satisfies(r -> {
      assertThat(r.path).isEqualTo("/v1/logs");
      assertThat(new String(r.body, StandardCharsets.UTF_8)).isEqualTo("{\"resourceLogs\":[{\"resource\":{},"
          + "\"scopeLogs\":[{\"scope\":{\"name\":\"farol-extension\"},\"logRecords\":[{\"body\":{\"stringValue\":"
          + "\"line\"}}]},{\"scope\":{\"name\":\"farol-extension/diagnostics\"},\"logRecords\":[{\"eventName\":"
          + "\"farol.invocation.hops\"}]}]}]}");
    });
  }
}
