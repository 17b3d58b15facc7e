package dev.farol.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurroundingsTest {

  @Test
  void tracerLayerWithoutWrapper_isTheUnwrappedHandlerStory(@TempDir Path opt) throws Exception {
    Files.createDirectories(opt.resolve("java/lib"));
    Files.write(opt.resolve("java/lib/dd-java-agent.jar"), new byte[] {1});
    Files.write(opt.resolve("datadog_wrapper"), new byte[] {1});
    Surroundings s = new Surroundings(opt, Map.of());
    assertThat(s.tracerAttached()).isTrue();
    assertThat(s.tracerNotStarted()).isTrue();
    assertThat(s.warning("r-1")).contains("invocation r-1", "Datadog Java tracer", "AWS_LAMBDA_EXEC_WRAPPER is not set",
        "handler runs unwrapped").doesNotContain("trace id unset");
  }

  @Test
  void wrapperSet_butNothingArrives_pointsAtTheEndpoint(@TempDir Path opt) throws Exception {
    Files.write(opt.resolve("otel-handler"), new byte[] {1});
    Surroundings s = new Surroundings(opt, Map.of("AWS_LAMBDA_EXEC_WRAPPER", "/opt/otel-handler"));
    assertThat(s.tracerNotStarted()).isFalse();
    assertThat(s.warning("r-2")).contains("OpenTelemetry Lambda wrapper", "AWS_LAMBDA_EXEC_WRAPPER=/opt/otel-handler",
        "check its endpoint");
  }

  @Test
  void javaAgentInToolOptions_countsAsStarted_andNoLayerMeansNoWarning(@TempDir Path opt) throws Exception {
    Files.write(opt.resolve("opentelemetry-javaagent.jar"), new byte[] {1});
    assertThat(new Surroundings(opt, Map.of("JAVA_TOOL_OPTIONS", "-javaagent:/opt/opentelemetry-javaagent.jar"))
        .tracerNotStarted()).isFalse();
    assertThat(new Surroundings(opt.resolve("empty"), Map.of()).tracerAttached()).isFalse();
  }

  @Test
  void farolsTracerLayer_withTheHandlerStillOnTheAdapter_saysHowToWrapIt(@TempDir Path opt) throws Exception {
    java.nio.file.Files.createDirectories(opt.resolve("java/lib"));
    java.nio.file.Files.write(opt.resolve("java/lib/farol-lambda.jar"), new byte[0]);
    Surroundings adapter = new Surroundings(opt, Map.of("_HANDLER",
        "com.example.StreamLambdaHandler::handleRequest"));
    assertThat(adapter.tracerNotStarted()).isTrue();
    assertThat(adapter.warning("r-1")).contains("Farol tracer (farol-lambda)",
        "The handler is com.example.StreamLambdaHandler::handleRequest, not Farol's wrapper",
        "dev.farol.lambda.TracingHandler::handleRequest",
        "FAROL_LAMBDA_HANDLER=com.example.StreamLambdaHandler::handleRequest");
    Surroundings wrapped = new Surroundings(opt, Map.of("_HANDLER", "dev.farol.lambda.TracingHandler::handleRequest"));
    assertThat(wrapped.tracerNotStarted()).isFalse();
  }
}
