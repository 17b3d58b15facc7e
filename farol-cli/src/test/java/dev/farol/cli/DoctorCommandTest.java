package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code farol doctor} as a user runs it: its three outputs and its exit status. */
class DoctorCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNWRAPPED = """
      {
        "FunctionName": "payments",
        "Runtime": "python3.12",
        "Handler": "app.handler",
        "Timeout": 30,
        "MemorySize": 1024,
        "Environment": {"Variables": {
          "DD_API_KEY_SECRET_ARN": "arn:aws:secretsmanager:us-east-1:123456789012:secret:dd-AbCdEf"}},
        "Layers": [
          {"Arn": "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65"},
          {"Arn": "arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104"}]
      }
      """;

  @TempDir
  Path dir;

  private String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Farol.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void text_namesTheFindingAndTheFix_andExitsOne() throws Exception {
    Files.writeString(dir.resolve("payments.json"), UNWRAPPED);
    String[] r = run("doctor", dir.resolve("payments.json").toString());
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[1]).contains("error FAROL-H001 handler-not-wrapped  payments", "payments.json:4 ($.Handler)",
        "-  \"Handler\": \"app.handler\",", "+  \"Handler\": \"datadog_lambda.handler.handler\",",
        "1 error, 0 warnings, 0 notes: telemetry would be lost (exit 1)");
    assertThat(r[2]).isEmpty();
  }

  @Test
  void json_isTheSharedFindingShape() throws Exception {
    Files.writeString(dir.resolve("payments.json"), UNWRAPPED);
    String[] r = run("doctor", "--json", dir.resolve("payments.json").toString());
    JsonNode report = JSON.readTree(r[1]);
    assertThat(report.get("exitStatus").asInt()).isEqualTo(1);
    JsonNode f = report.get("findings").get(0);
    assertThat(f.get("code").asText()).isEqualTo("FAROL-H001");
    assertThat(f.get("name").asText()).isEqualTo("handler-not-wrapped");
    assertThat(f.get("severity").asText()).isEqualTo("error");
    assertThat(f.get("evidence").get("line").asInt()).isEqualTo(4);
    assertThat(f.get("fix").get("language").asText()).isEqualTo("json");
    assertThat(report.get("functions").get(0).get("handler").asText()).isEqualTo("app.handler");
  }

  @Test
  void sarif_putsEachFindingOnItsLine() throws Exception {
    Files.writeString(dir.resolve("payments.json"), UNWRAPPED);
    String[] r = run("doctor", "--sarif", dir.resolve("payments.json").toString());
    JsonNode sarif = JSON.readTree(r[1]);
    assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
    JsonNode run = sarif.get("runs").get(0);
    assertThat(run.get("tool").get("driver").get("rules").get(0).get("id").asText()).isEqualTo("FAROL-H001");
    JsonNode result = run.get("results").get(0);
    assertThat(result.get("ruleId").asText()).isEqualTo("FAROL-H001");
    assertThat(result.get("level").asText()).isEqualTo("error");
    JsonNode loc = result.get("locations").get(0).get("physicalLocation");
    assertThat(loc.get("artifactLocation").get("uri").asText()).endsWith("payments.json");
    assertThat(loc.get("region").get("startLine").asInt()).isEqualTo(4);
    assertThat(result.get("partialFingerprints").get("farolFinding/v1").asText()).hasSize(32);
    assertThat(r[0]).isEqualTo("1");
  }

  @Test
  void exitStatus_zeroWhenClean_twoWhenInputCannotBeRead_andFunctionNarrows() throws Exception {
    Files.writeString(dir.resolve("ok.json"), UNWRAPPED.replace("\"app.handler\"", "\"datadog_lambda.handler.handler\"")
        .replace("\"Variables\": {", "\"Variables\": {\"DD_LAMBDA_HANDLER\": \"app.handler\", "));
    assertThat(run("doctor", dir.resolve("ok.json").toString())[0]).isEqualTo("0");

    Files.writeString(dir.resolve("bad.json"), "{\"FunctionName\": ");
    String[] bad = run("doctor", dir.resolve("bad.json").toString());
    assertThat(bad[0]).isEqualTo("2");
    assertThat(bad[1]).contains("cannot read ").contains("bad.json:1: not valid JSON").doesNotContain("Exception");

    String[] missing = run("doctor", "--function", "nope", dir.resolve("ok.json").toString());
    assertThat(missing[0]).isEqualTo("2");
    assertThat(missing[1]).contains("no function named nope (found: payments)");
  }
}
