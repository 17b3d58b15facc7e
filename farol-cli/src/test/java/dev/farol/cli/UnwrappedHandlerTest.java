package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.runtime.config.ConfigOrigin;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.LayerRef;
import dev.farol.runtime.env.LambdaService;
import dev.farol.runtime.invoke.InvokeRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The story Farol exists for: a tracer layer is attached, the handler still points at the application,
 * so the tracer never runs. The extension says so, once, with the doctor's code and the fix — instead of a
 * bare "trace id unset" — and the invocation still gets its platform trace.
 */
class UnwrappedHandlerTest {
  private static final Path HOME = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize();

  @Test
  void tracerLayerButNoWrapper_isExplainedOnce(@TempDir Path dir) throws Exception {
    Path tracerLayer = Files.createDirectories(dir.resolve("tracer-layer"));
    // what an OpenTelemetry Java wrapper layer ships: the wrapper script and the agent
    Files.writeString(tracerLayer.resolve("otel-handler"),
        "#!/bin/bash\nexport JAVA_TOOL_OPTIONS=\"-javaagent:/opt/opentelemetry-javaagent.jar ${JAVA_TOOL_OPTIONS:-}\"\n"
            + "exec \"$@\"\n");
    Files.write(tracerLayer.resolve("opentelemetry-javaagent.jar"), new byte[0]);
    ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
    FunctionConfig fn = new FunctionConfig("clean-math", "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest",
        "java17", HOME.resolve("examples/clean-math/target/clean-math.jar"), 512, 10,
        Map.of("FAROL_OTLP_ENDPOINT", "http://127.0.0.1:1", "FAROL_EXTENSION_OTLP_PORT", "auto"),
        List.of(new LayerRef("tracer", tracerLayer), new LayerRef("farol:extension", null)), -1, "x86_64",
        List.<HttpRoute>of(), new ConfigOrigin(null, 0));
    LambdaService.Options options = LambdaService.Options.defaults(dir.resolve("work"),
            HOME.resolve("farol-runtime/target/java-runtime"))
        .withIsolation("plain")
        .withBuiltInLayers(ref -> ref.ref().equals("farol:extension") ? HOME.resolve("farol-extension/target/layer")
            : null)
        .withLogSink((f, source, line) -> logs.add(source + "|" + line));
    try (LambdaService lambda = LambdaService.start(options, List.of(fn))) {
      for (int i = 0; i < 2; i++) {
        assertThat(new String(lambda.invoke(InvokeRequest.of("clean-math", "{}".getBytes(StandardCharsets.UTF_8)))
            .payload(), StandardCharsets.UTF_8)).isEqualTo("610");
      }
    }
    List<String> warnings = logs.stream().filter(l -> l.startsWith("extension:farol-extension|")
        && l.contains("A tracer layer is attached")).toList();
    // once for the environment, though both invocations had it; the line says what the doctor says
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).startsWith("extension:farol-extension|[farol-extension] FAROL-H001 "
        + "handler-not-wrapped: A tracer layer is attached (")
        .contains("OpenTelemetry Lambda wrapper (otel-handler)", "AWS_LAMBDA_EXEC_WRAPPER is not set",
            "Set AWS_LAMBDA_EXEC_WRAPPER to the layer's wrapper (/opt/otel-handler)");
    assertThat(logs).noneMatch(l -> l.toLowerCase(java.util.Locale.ROOT).contains("trace id unset"));
  }
}
