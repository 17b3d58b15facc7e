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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function with no tracer at all under {@code farol up}: Farol's extension alone gives the invocation a
 * trace (invocation span, and on the cold start the init span in the same trace), its log lines by
 * request id, and the function's summary.
 */
class NoTracerTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void cleanMathWithoutATracer_stillHasItsTraceLogsAndSummary(@TempDir Path dir) throws Exception {
    Path home = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize();
    Path template = Files.writeString(dir.resolve("farol.yaml"), "functions:\n  clean-math:\n"
        + "    handler: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
        + "    code: " + home.resolve("examples/clean-math/target/clean-math.jar") + "\n    memory: 512\n");
    FarolCliTest.Up up = FarolCliTest.startUp(dir, "--template", template.toString());
    try {
      FarolCliTest.Run fib = FarolCliTest.farol("invoke", "clean-math", "--invoke-port",
          Integer.toString(up.invokePort()));
      assertThat(fib.code()).as(fib.err() + up.output()).isZero();
      assertThat(fib.out().trim()).isEqualTo("610");
      Matcher rid = Pattern.compile("REPORT RequestId: (\\S+)").matcher(fib.err());
      assertThat(rid.find()).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      JsonNode logs = null;
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < until) {
        logs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + up.queryPort()
            + "/api/v1/logs?requestId=" + rid.group(1))).build(), HttpResponse.BodyHandlers.ofString()).body());
        if (logs.get("logs").size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(logs.at("/logs/0/body").asText()).as(up.output().toString()).contains("fibonacci(15) = 610");
      JsonNode trace = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + up.queryPort() + "/api/v1/traces/" + logs.at("/logs/0/traceId").asText())).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      List<String> names = new ArrayList<>();
      trace.get("spans").forEach(sp -> names.add(sp.get("name").asText()));
      assertThat(names).containsExactlyInAnyOrder("aws.lambda", "aws.lambda.init");
      for (JsonNode sp : trace.get("spans")) {
        if (sp.get("name").asText().equals("aws.lambda")) {
          // built by the extension from the platform's events: no tracer marked it
          assertThat(sp.at("/attributes/farol.status").asText()).isEqualTo("success");
          assertThat(sp.at("/attributes/faas.coldstart").asBoolean()).isTrue();
        }
      }
      JsonNode functions = null;
      until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < until) {
        functions = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + up.queryPort()
            + "/api/v1/functions?since=15m")).build(), HttpResponse.BodyHandlers.ofString()).body());
        if (functions.path("functions").size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      JsonNode f = functions.at("/functions/0");
      assertThat(f.get("name").asText()).isEqualTo("clean-math");
      assertThat(f.get("invocations").asInt()).isEqualTo(1);
      assertThat(f.get("coldStarts").asInt()).isEqualTo(1);
      assertThat(f.get("p50Ms").asDouble()).isPositive();
    } finally {
      FarolCliTest.stop(up);
    }
  }
}
