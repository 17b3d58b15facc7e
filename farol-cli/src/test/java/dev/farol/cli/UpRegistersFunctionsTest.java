package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code farol up} tells its server of the functions it runs: each one's configuration as the local Lambda runs it
 * (what Farol attached marked) and what the doctor finds in the template, through {@code GET /api/v1/functions/{name}}.
 */
class UpRegistersFunctionsTest {
  private static final Path HOME = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The bundled clean-math twice: once with its handler left on the application's class, once wrapped. */
  private static Path template(Path dir) throws Exception {
    String jar = HOME.resolve("examples/clean-math/target/clean-math.jar").toString();
    return Files.writeString(dir.resolve("template.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\n"
        + "Transform: AWS::Serverless-2016-10-31\n"
        + "Resources:\n"
        + "  CleanMathFunction:\n"
        + "    Type: AWS::Serverless::Function\n"
        + "    Properties:\n"
        + "      FunctionName: clean-math\n"
        + "      Runtime: java17\n"
        + "      Handler: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
        + "      CodeUri: " + jar + "\n"
        + "      MemorySize: 512\n"
        + "      Timeout: 10\n"
        + "      Layers: [farol:tracer]\n"
        + "  WrappedFunction:\n"
        + "    Type: AWS::Serverless::Function\n"
        + "    Properties:\n"
        + "      FunctionName: clean-math-wrapped\n"
        + "      Runtime: java17\n"
        + "      Handler: dev.farol.lambda.TracingHandler::handleRequest\n"
        + "      CodeUri: " + jar + "\n"
        + "      MemorySize: 256\n"
        + "      Timeout: 5\n"
        + "      Layers: [farol:tracer]\n"
        + "      Environment:\n"
        + "        Variables:\n"
        + "          FAROL_LAMBDA_HANDLER: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
        + "          LEDGER_API_TOKEN: s3cr3t-token\n");
  }

  private static JsonNode function(int queryPort, String name) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + queryPort + "/api/v1/functions/" + name + "?since=15m")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
    return out;
  }

  @Test
  void up_registersEachFunctionsConfiguration_andTheDoctorsFindingsOfItsTemplate(@TempDir Path dir)
      throws Exception {
    Path template = template(dir);
    FarolCliTest.Up up = FarolCliTest.startUp(dir, "--template", template.toString());
    try {
      assertThat(up.queryPort()).as(up.output().toString()).isPositive();
      assertThat(up.output().toString()).contains("farol: doctor        1 finding loses telemetry in template.yaml "
          + "(each function's page in the web UI, or farol doctor template.yaml)\n");

      JsonNode unwrapped = function(up.queryPort(), "clean-math");
      JsonNode c = unwrapped.get("configuration");
      assertThat(c.get("runtime").asText()).isEqualTo("java17");
      assertThat(c.get("handler").asText()).isEqualTo("dev.farol.examples.cleanmath.FibonacciHandler::handleRequest");
      assertThat(c.get("memorySizeMb").asInt()).isEqualTo(512);
      assertThat(c.get("timeoutSeconds").asInt()).isEqualTo(10);
      assertThat(c.get("architecture").asText()).isEqualTo("x86_64");
      assertThat(c.get("definedAt").asText()).isEqualTo(template + ":5");
      // the tracer layer as the template names it, then Farol's extension, attached by farol up
      assertThat(c.get("layers")).isEqualTo(JSON.readTree("[{\"ref\":\"farol:tracer\",\"attached\":false},"
          + "{\"ref\":\"farol:extension\",\"attached\":true}]"));
      assertThat(texts(c.get("environment"), "name")).contains("FAROL_OTLP_ENDPOINT", "AWS_LAMBDA_EXEC_WRAPPER");
      c.get("environment").forEach(v -> assertThat(v.get("attached").asBoolean()).as(v.toString()).isTrue());

      assertThat(unwrapped.get("findings")).hasSize(1);
      JsonNode h001 = unwrapped.at("/findings/0");
      assertThat(h001.get("code").asText()).isEqualTo("FAROL-H001");
      assertThat(h001.get("function").asText()).isEqualTo("clean-math");
      assertThat(h001.at("/evidence/file").asText()).isEqualTo("template.yaml");
      assertThat(h001.at("/evidence/line").asInt()).isEqualTo(9);
      assertThat(h001.at("/fix/diff").asText()).isEqualTo("@@ template.yaml:6 @@\n"
          + "     Properties:\n"
          + "+      Environment:\n"
          + "+        Variables:\n"
          + "+          FAROL_LAMBDA_HANDLER: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
          + "@@ template.yaml:9 @@\n"
          + "-      Handler: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
          + "+      Handler: dev.farol.lambda.TracingHandler::handleRequest");
      assertThat(h001.get("docs").asText()).isEqualTo("docs/doctor.md#farol-h001-handler-not-wrapped");
      assertThat(unwrapped.get("doctorErrors").toString()).isEqualTo("[]");

      JsonNode wrapped = function(up.queryPort(), "clean-math-wrapped");
      assertThat(wrapped.at("/configuration/handler").asText()).isEqualTo("dev.farol.lambda.TracingHandler::handleRequest");
      JsonNode env = wrapped.at("/configuration/environment");
      assertThat(env.get(0)).isEqualTo(JSON.readTree("{\"name\":\"FAROL_LAMBDA_HANDLER\","
          + "\"value\":\"dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\",\"attached\":false}"));
      assertThat(env.get(1)).isEqualTo(JSON.readTree("{\"name\":\"LEDGER_API_TOKEN\",\"value\":\"s3cr3t-token\","
          + "\"attached\":false}"));
      assertThat(texts(wrapped.get("findings"), "code")).doesNotContain("FAROL-H001");

      // a function farol up does not run: what telemetry says, no configuration
      assertThat(function(up.queryPort(), "deployed-elsewhere").get("configuration").isNull()).isTrue();
    } finally {
      FarolCliTest.stop(up);
    }
  }
}
