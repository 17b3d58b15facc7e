package dev.farol.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingRecordTest {

  private static Finding h001() {
    return Finding.of(Code.H001).function("clean-math")
        .evidence(Evidence.path("invocation r-1").withExcerpt("_HANDLER=com.example.App::handleRequest"))
        .message("The handler is com.example.App::handleRequest, not Farol's wrapper.").why("no tracer runs")
        .fix(new Fix("set the handler", "text", "- a\n+ b")).build();
  }

  @Test
  void attributes_nameEveryPart_inAStableOrder() {
    assertThat(FindingRecord.attributes(h001())).containsExactly(
        Map.entry("farol.finding.code", "FAROL-H001"),
        Map.entry("farol.finding.name", "handler-not-wrapped"),
        Map.entry("farol.finding.severity", "error"),
        Map.entry("farol.finding.why", "no tracer runs"),
        Map.entry("farol.finding.evidence", "invocation r-1"),
        Map.entry("farol.finding.evidence.excerpt", "_HANDLER=com.example.App::handleRequest"),
        Map.entry("farol.finding.fix.summary", "set the handler"),
        Map.entry("farol.finding.fix.language", "text"),
        Map.entry("farol.finding.fix.diff", "- a\n+ b"));
  }

  @Test
  void aFindingReadBack_isTheFindingWritten() {
    Finding f = h001();
    assertThat(FindingRecord.finding(FindingRecord.attributes(f), f.message(), "clean-math")).isEqualTo(f);
    assertThat(FindingJson.of(FindingRecord.finding(FindingRecord.attributes(f), f.message(), "clean-math")))
        .isEqualTo(FindingJson.of(f));
  }

  @Test
  void aMalformedFinding_namesWhatIsWrong() {
    Map<String, String> a = new LinkedHashMap<>(FindingRecord.attributes(h001()));
    a.put("farol.finding.code", "FAROL-Z999");
    assertThatThrownBy(() -> FindingRecord.finding(a, "m", null))
        .hasMessage("farol.finding.code must be a Farol finding code such as FAROL-H001, got 'FAROL-Z999'");
    a.put("farol.finding.code", "FAROL-H001");
    a.remove("farol.finding.why");
    assertThatThrownBy(() -> FindingRecord.finding(a, "m", null))
        .hasMessage("a farol.finding record needs farol.finding.why");
    a.put("farol.finding.why", "w");
    a.put("farol.finding.severity", "fatal");
    assertThatThrownBy(() -> FindingRecord.finding(a, "m", null))
        .hasMessage("farol.finding.severity must be error, warning or note, got 'fatal'");
    a.put("farol.finding.severity", "warning");
    assertThatThrownBy(() -> FindingRecord.finding(a, " ", null))
        .hasMessage("a farol.finding record's body is its message, and it is empty");
  }

  @Test
  void hops_areReadInHopOrder_andUnknownOnesRefused() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("faas.invocation_id", "r-1");
    a.put("farol.hop.wrapper-ran", "failed");
    a.put("farol.hop.handler-loaded", "passed");
    a.put("farol.hop.cold-start-span", "n/a");
    a.put("farol.invocation.spans", "2");
    assertThat(FindingRecord.hops(a)).containsExactly(Map.entry(Hop.HANDLER_LOADED, Hop.Status.PASSED),
        Map.entry(Hop.WRAPPER_RAN, Hop.Status.FAILED), Map.entry(Hop.COLD_START_SPAN, Hop.Status.NOT_APPLICABLE));
    a.put("farol.hop.wrapper-ran", "maybe");
    assertThatThrownBy(() -> FindingRecord.hops(a))
        .hasMessage("farol.hop.wrapper-ran must be passed, failed, n/a or unknown, got 'maybe'");
    a.put("farol.hop.wrapper-ran", "failed");
    a.put("farol.hop.teleported", "passed");
    assertThatThrownBy(() -> FindingRecord.hops(a)).hasMessage("farol.hop.teleported names no hop (hops: "
        + "handler-loaded, wrapper-ran, tracer-active, spans-received, invocation-span, cold-start-span, "
        + "logs-correlated, flushed, stored, queryable)");
  }
}
