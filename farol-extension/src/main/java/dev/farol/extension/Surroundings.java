package dev.farol.extension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the extension can tell, at start-up, about the function's instrumentation: which tracer
 * layers are attached, and whether anything will make them run (an exec wrapper, a {@code -javaagent}
 * in JAVA_TOOL_OPTIONS). The classic failure: a tracer layer attached, the handler left pointing at
 * the application (or its adapter), so the tracer never starts and no trace arrives.
 */
final class Surroundings {
  /** Files that tracer layers put under /opt, and what they are. */
  private static final Map<String, String> TRACER_FILES = Map.of(
      "java/lib/dd-java-agent.jar", "Datadog Java tracer (dd-java-agent)",
      "dd-java-agent.jar", "Datadog Java tracer (dd-java-agent)",
      "datadog_wrapper", "Datadog wrapper script",
      "opentelemetry-javaagent.jar", "OpenTelemetry Java agent",
      "otel-handler", "OpenTelemetry Lambda wrapper (otel-handler)",
      "otel-stream-handler", "OpenTelemetry Lambda wrapper (otel-stream-handler)",
      "otel-proxy-handler", "OpenTelemetry Lambda wrapper (otel-proxy-handler)");

  final List<String> tracerLayers = new ArrayList<>();
  final String execWrapper;
  final boolean javaAgent;

  Surroundings(Path opt, Map<String, String> env) {
    for (Map.Entry<String, String> f : TRACER_FILES.entrySet()) {
      if (Files.exists(opt.resolve(f.getKey()))) {
        tracerLayers.add(f.getValue() + " (/opt/" + f.getKey() + ")");
      }
    }
    tracerLayers.sort(null);
    // Farol's own wrapper (the Runtime API proxy) starts no tracer
    String wrapper = env.get("AWS_LAMBDA_EXEC_WRAPPER");
    execWrapper = wrapper != null && wrapper.endsWith("/farol-wrapper") ? null : wrapper;
    String options = env.getOrDefault("JAVA_TOOL_OPTIONS", "") + " " + env.getOrDefault("JDK_JAVA_OPTIONS", "");
    javaAgent = options.contains("-javaagent");
  }

  boolean tracerAttached() {
    return !tracerLayers.isEmpty();
  }

  /** Nothing will start the attached tracer: no exec wrapper and no -javaagent. */
  boolean tracerNotStarted() {
    return tracerAttached() && (execWrapper == null || execWrapper.isBlank()) && !javaAgent;
  }

  /**
   * The one warning, after an invocation for which no tracer sent anything: why no trace of the
   * function's own will appear, and what to change.
   */
  String warning(String requestId) {
    StringBuilder b = new StringBuilder("invocation ").append(requestId).append(": a tracer layer is attached (")
        .append(String.join(", ", tracerLayers)).append(") but no tracer data reached the extension. ");
    if (tracerNotStarted()) {
      b.append("Nothing starts that tracer: AWS_LAMBDA_EXEC_WRAPPER is not set and JAVA_TOOL_OPTIONS has no "
          + "-javaagent, so the handler runs unwrapped. Set AWS_LAMBDA_EXEC_WRAPPER to the layer's wrapper "
          + "(e.g. /opt/datadog_wrapper or /opt/otel-handler), or point the handler at the tracer's handler "
          + "wrapper instead of the application's (or its adapter's) class.");
    } else {
      b.append("The tracer is started (").append(execWrapper != null && !execWrapper.isBlank()
          ? "AWS_LAMBDA_EXEC_WRAPPER=" + execWrapper : "a -javaagent in JAVA_TOOL_OPTIONS")
          .append(") but sends nowhere the extension listens: check its endpoint (OTLP on 127.0.0.1:4318).");
    }
    b.append(" The invocation and init spans below come from the platform's events only.");
    return b.toString();
  }
}
