package dev.farol.doctor.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.doctor.Report;
import dev.farol.doctor.render.TextReport;
import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.FindingJson;
import dev.farol.findings.Fix;
import dev.farol.findings.Hop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hops of one live invocation told from the server's answers, and the cause named as the doctor names it. */
class LiveCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN = "00f067aa0ba902b7";
  private static final String OWN_TRACE = "5759e988bd862e3fe1be46a994272793";
  private static final String RID = "8f5c1c1e-0000-4000-8000-000000000001";
  private static final LiveObservation.Outcome ANSWERED = new LiveObservation.Outcome("the Invoke API", null, null);

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static JsonNode diagnostics(String traceId, String hops, String findings) {
    com.fasterxml.jackson.databind.node.ObjectNode d = (com.fasterxml.jackson.databind.node.ObjectNode) json(
        "{'requestId':'" + RID + "','function':'clean-math','traceId':'" + traceId + "','coldStart':true,"
        + "'hops':{" + hops + "},'counts':{'spans':2,'tracerSpans':1,'logLines':1}}");
    try {
      d.set("findings", JSON.readTree("[" + findings + "]"));
    } catch (Exception e) {
      throw new IllegalArgumentException(findings, e);
    }
    return d;
  }

  private static final String ALL_PASSED = "'handler-loaded':'passed','wrapper-ran':'passed','tracer-active':'passed',"
      + "'spans-received':'passed','invocation-span':'passed','cold-start-span':'passed','logs-correlated':'passed'";

  private static JsonNode invocation(String traceId) {
    return json("{'requestId':'" + RID + "','function':'clean-math','traceId':'" + traceId + "','coldStart':true}");
  }

  private static JsonNode logs(String traceId) {
    return json("[{'body':'fibonacci(15) = 610','requestId':'" + RID + "','traceId':'" + traceId + "'}]");
  }

  /** The invocation span under {@code parent}, and the init span under {@code initParent}. */
  private static JsonNode trace(String traceId, String parent, String initParent) {
    return json("{'traceId':'" + traceId + "','spans':[{'spanId':'1111111111111111','parentSpanId':" + (parent == null
        ? "null" : "'" + parent + "'") + ",'name':'aws.lambda','attributes':{'faas.invocation_id':'" + RID + "'}},"
        + "{'spanId':'2222222222222222','parentSpanId':'" + initParent + "','name':'aws.lambda.init',"
        + "'attributes':{}}]}");
  }

  private static LiveObservation observation(JsonNode diagnostics, JsonNode invocation, JsonNode logs,
      JsonNode callerTrace, JsonNode ownTrace, List<String> lines) {
    return new LiveObservation("clean-math", RID, CALLER_TRACE, CALLER_SPAN, ANSWERED, diagnostics, invocation, logs,
        callerTrace, ownTrace, lines);
  }

  private static List<String> statuses(LiveResult r) {
    return r.hops().stream().map(h -> h.hop().key() + "=" + h.status().label()).toList();
  }

  @Test
  void aWrappedFunction_passesEveryHop() {
    LiveResult r = LiveCheck.evaluate(observation(diagnostics(CALLER_TRACE, ALL_PASSED, ""), invocation(CALLER_TRACE),
        logs(CALLER_TRACE), trace(CALLER_TRACE, CALLER_SPAN, "1111111111111111"), null, List.of()));

    assertThat(r.hops()).extracting(HopResult::status).containsOnly(Hop.Status.PASSED);
    assertThat(r.hops()).extracting(HopResult::detail).containsExactly("", "", "", "1 tracer span",
        "aws.lambda 1111111111111111 in trace " + CALLER_TRACE, "aws.lambda.init under the invocation span",
        "1 of 1 line in trace " + CALLER_TRACE, "the extension's diagnostics arrived with its flush",
        "the invocation, 2 spans, 1 log line", "trace " + CALLER_TRACE + " found by the caller's trace id, aws.lambda "
            + "under the caller's span " + CALLER_SPAN);
    assertThat(r.cause()).isNull();
    assertThat(r.findings()).isEmpty();
    assertThat(r.exitStatus()).isZero();
    assertThat(r.traceId()).isEqualTo(CALLER_TRACE);
    assertThat(LiveText.render(r)).endsWith("\nevery hop passed (exit 0)\n")
        .contains("  passed  handler-loaded   the runtime loaded the handler and ran it\n");
  }

  private static Finding h001() {
    return Finding.of(Code.H001).function("clean-math")
        .evidence(Evidence.path("invocation " + RID).withExcerpt("_HANDLER=dev.farol.examples.cleanmath."
            + "FibonacciHandler::handleRequest"))
        .message("A tracer layer is attached but no tracer data reached the extension.").why("no tracer runs")
        .fix(new Fix("Set the handler to dev.farol.lambda.TracingHandler::handleRequest", "text", "- a\n+ b")).build();
  }

  @Test
  void anUnwrappedHandler_isTheExtensionsH001_inTheStaticReportsFormat() throws Exception {
    String hops = "'handler-loaded':'passed','wrapper-ran':'failed','tracer-active':'failed',"
        + "'spans-received':'failed','invocation-span':'passed','cold-start-span':'passed','logs-correlated':'passed'";
    JsonNode d = diagnostics(CALLER_TRACE, hops, FindingJson.of(h001()));
    ((com.fasterxml.jackson.databind.node.ObjectNode) d.get("counts")).put("tracerSpans", 0);

    LiveResult r = LiveCheck.evaluate(observation(d, invocation(CALLER_TRACE), logs(CALLER_TRACE),
        trace(CALLER_TRACE, CALLER_SPAN, "1111111111111111"), null, List.of()));

    assertThat(statuses(r)).containsExactly("handler-loaded=passed", "wrapper-ran=failed", "tracer-active=failed",
        "spans-received=failed", "invocation-span=passed", "cold-start-span=passed", "logs-correlated=passed",
        "flushed=passed", "stored=passed", "queryable=passed");
    assertThat(r.cause()).isEqualTo(h001());
    assertThat(r.findings()).containsExactly(h001());
    assertThat(r.exitStatus()).isEqualTo(1);
    String text = LiveText.render(r);
    String staticReport = TextReport.render(new Report(List.of(), List.of(h001()), List.of(), List.of()));
    String block = staticReport.substring(staticReport.indexOf("error FAROL-H001"),
        staticReport.lastIndexOf("\n\n") + 1);
    assertThat(text).contains("\n\n" + block + "\nwrapper-ran broke (exit 1)\n");
    assertThat(text).contains("  failed  spans-received   the extension received the tracer's spans "
        + "(0 tracer spans)\n");
    JsonNode out = JSON.readTree(LiveJson.render(r));
    assertThat(out.get("exitStatus").asInt()).isEqualTo(1);
    assertThat(out.get("findings").get(0)).isEqualTo(JSON.readTree(FindingJson.of(h001())));
    assertThat(out.at("/hops/1").toString()).isEqualTo("{\"hop\":\"wrapper-ran\",\"status\":\"failed\",\"description\":"
        + "\"the tracer's wrapper ran around the handler\",\"detail\":\"\"}");
  }

  @Test
  void nothingOnTheServer_isNotFlushed_withWhatTheExtensionSaid() {
    LiveResult r = LiveCheck.evaluate(observation(null, null, json("[]"), null, null, List.of(
        "[farol-extension] cannot reach Farol's server at http://127.0.0.1:1 (java.net.ConnectException); keeping "
            + "data to send later")));

    assertThat(statuses(r)).containsExactly("handler-loaded=passed", "wrapper-ran=unknown", "tracer-active=unknown",
        "spans-received=unknown", "invocation-span=unknown", "cold-start-span=unknown", "logs-correlated=unknown",
        "flushed=failed", "stored=failed", "queryable=failed");
    assertThat(r.firstBroken().hop()).isEqualTo(Hop.FLUSHED);
    assertThat(r.cause().code()).isEqualTo(Code.V007);
    assertThat(r.cause().message()).isEqualTo("What the extension had of invocation " + RID + " did not reach Farol's "
        + "server (the extension said: [farol-extension] cannot reach Farol's server at http://127.0.0.1:1 "
        + "(java.net.ConnectException); keeping data to send later).");
    assertThat(r.cause().evidence().location()).isEqualTo("invocation " + RID);
  }

  @Test
  void aTraceFoundOnlyByItsOwnId_didNotContinueTheCaller() {
    LiveResult r = LiveCheck.evaluate(observation(diagnostics(OWN_TRACE, ALL_PASSED, ""), invocation(OWN_TRACE),
        logs(OWN_TRACE), null, trace(OWN_TRACE, null, "1111111111111111"), List.of()));

    assertThat(r.firstBroken().hop()).isEqualTo(Hop.QUERYABLE);
    assertThat(r.firstBroken().detail()).isEqualTo("the invocation is in trace " + OWN_TRACE + ", found by that id, "
        + "not in the caller's trace " + CALLER_TRACE);
    assertThat(r.cause().code()).isEqualTo(Code.V010);
    assertThat(r.cause().severity().label()).isEqualTo("warning");
    assertThat(r.exitStatus()).isEqualTo(1);
  }

  @Test
  void anInitSpanUnderAnotherSpan_isNotJoined() {
    LiveResult r = LiveCheck.evaluate(observation(diagnostics(CALLER_TRACE, ALL_PASSED, ""), invocation(CALLER_TRACE),
        logs(CALLER_TRACE), trace(CALLER_TRACE, CALLER_SPAN, "9999999999999999"), null, List.of()));

    assertThat(r.firstBroken().hop()).isEqualTo(Hop.COLD_START_SPAN);
    assertThat(r.firstBroken().detail()).isEqualTo("aws.lambda.init hangs under 9999999999999999, not the invocation "
        + "span 1111111111111111");
    assertThat(r.cause().code()).isEqualTo(Code.V005);
  }

  @Test
  void aHandlerThatCannotBeLoaded_isV001_fromTheCallersAnswer() {
    LiveObservation o = new LiveObservation("clean-math", RID, CALLER_TRACE, CALLER_SPAN,
        new LiveObservation.Outcome("the Invoke API", "Runtime.BadFunctionCode", "Class not found: x.Y"), null,
        invocation(OWN_TRACE), json("[]"), null, trace(OWN_TRACE, null, "1111111111111111"), List.of());

    LiveResult r = LiveCheck.evaluate(o);

    assertThat(r.firstBroken().hop()).isEqualTo(Hop.HANDLER_LOADED);
    assertThat(r.cause().code()).isEqualTo(Code.V001);
    assertThat(r.cause().message()).isEqualTo("Invocation " + RID + " failed before its handler ran "
        + "(Runtime.BadFunctionCode: Class not found: x.Y).");
  }

  @Test
  void linesStoredWithoutTheInvocationsTrace_areNotCorrelated() {
    LiveResult r = LiveCheck.evaluate(observation(diagnostics(CALLER_TRACE, ALL_PASSED, ""), invocation(CALLER_TRACE),
        json("[{'body':'a','traceId':'" + CALLER_TRACE + "'},{'body':'b','traceId':null}]"),
        trace(CALLER_TRACE, CALLER_SPAN, "1111111111111111"), null, List.of()));

    assertThat(r.firstBroken().hop()).isEqualTo(Hop.LOGS_CORRELATED);
    assertThat(r.firstBroken().detail()).isEqualTo("1 of 2 lines in trace " + CALLER_TRACE);
    assertThat(r.cause().code()).isEqualTo(Code.V006);
  }
}
