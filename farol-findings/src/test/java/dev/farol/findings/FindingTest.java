package dev.farol.findings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FindingTest {

  @Test
  void json_carriesEveryPartAndEscapesAttackerText() {
    Finding f = Finding.of(Code.H001).function("pay\"ments")
        .evidence(Evidence.at("infra/main.tf", 12, 3).withPath("module.lambda.lambda_handler")
            .withExcerpt("lambda_handler = \"app.handler\""))
        .message("handler is <img src=x>\nnext line").why("no tracer runs")
        .fix(new Fix("wrap it", "hcl", "-  a\n+  b")).build();

    assertThat(FindingJson.of(f)).isEqualTo("{\"code\":\"FAROL-H001\",\"name\":\"handler-not-wrapped\","
        + "\"severity\":\"error\",\"function\":\"pay\\\"ments\","
        + "\"signals\":[\"traces\",\"cold-start span\",\"log-trace correlation\"],"
        + "\"title\":\"the handler does not go through the tracer's wrapper\","
        + "\"message\":\"handler is <img src=x>\\nnext line\",\"why\":\"no tracer runs\","
        + "\"evidence\":{\"file\":\"infra/main.tf\",\"line\":12,\"column\":3,\"path\":\"module.lambda.lambda_handler\","
        + "\"excerpt\":\"lambda_handler = \\\"app.handler\\\"\"},"
        + "\"fix\":{\"summary\":\"wrap it\",\"language\":\"hcl\",\"diff\":\"-  a\\n+  b\"},"
        + "\"docs\":\"docs/doctor.md#farol-h001-handler-not-wrapped\"}");
  }

  @Test
  void json_leavesOutAbsentParts() {
    Finding f = Finding.of(Code.I001).evidence(Evidence.path("$.Handler")).message("m").why("w").build();

    assertThat(FindingJson.of(List.of(f, f))).startsWith("[{\"code\":\"FAROL-I001\"")
        .contains("\"signals\":[]", "\"evidence\":{\"path\":\"$.Handler\"}")
        .doesNotContain("\"function\"", "\"fix\"");
  }

  @Test
  void build_namesEveryMissingPart() {
    assertThatThrownBy(() -> Finding.of(Code.H002).message(" ").build())
        .hasMessage("FAROL-H002: missing evidence message why");
  }

  @Test
  void severity_defaultsToTheCodesAndCanBeOverridden() {
    Finding.Builder b = Finding.of(Code.T002).evidence(Evidence.path("x")).message("m").why("w");
    assertThat(b.build().severity()).isEqualTo(Severity.WARNING);
    assertThat(b.severity(Severity.ERROR).build().severity()).isEqualTo(Severity.ERROR);
    assertThat(Severity.NOTE.losesTelemetry()).isFalse();
    assertThat(Severity.WARNING.losesTelemetry()).isTrue();
  }

  @Test
  void codes_areFoundByIdOrName() {
    assertThat(Code.of("FAROL-H001")).isEqualTo(Code.H001);
    assertThat(Code.of("h001")).isEqualTo(Code.H001);
    assertThat(Code.of("handler-not-wrapped")).isEqualTo(Code.H001);
    assertThatThrownBy(() -> Code.of("FAROL-Z999")).hasMessage("no finding code FAROL-Z999");
    assertThat(Code.H001.anchor()).isEqualTo("farol-h001-handler-not-wrapped");
  }

  @Test
  void codes_andNamesAreUnique() {
    assertThat(java.util.Arrays.stream(Code.values()).map(Code::slug).distinct().count())
        .isEqualTo(Code.values().length);
  }
}
