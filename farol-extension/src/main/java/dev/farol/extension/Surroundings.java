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
      "otel-proxy-handler", "OpenTelemetry Lambda wrapper (otel-proxy-handler)",
      "java/lib/farol-lambda.jar", "Farol tracer (farol-lambda)");

  static final String FAROL_WRAPPER = "dev.farol.lambda.TracingHandler";

  final List<String> tracerLayers = new ArrayList<>();
  final String execWrapper;
  final boolean javaAgent;
  /** Farol's tracer layer is attached, and the handler Lambda calls ({@code _HANDLER}). */
  final boolean farolTracer;
  final String handler;

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
    farolTracer = Files.exists(opt.resolve("java/lib/farol-lambda.jar"));
    handler = env.get("_HANDLER");
  }

  /** Farol's tracer layer is there, but the handler does not go through its wrapper. */
  boolean farolTracerNotWrapping() {
    return farolTracer && handler != null && !handler.startsWith(FAROL_WRAPPER);
  }

  boolean tracerAttached() {
    return !tracerLayers.isEmpty();
  }

  /** Nothing will start the attached tracer: no exec wrapper and no -javaagent. */
  boolean tracerNotStarted() {
    return farolTracerNotWrapping()
        || tracerAttached() && !farolTracer && (execWrapper == null || execWrapper.isBlank()) && !javaAgent;
  }

  /**
   * The one warning, after an invocation for which no tracer sent anything: why no trace of the
   * function's own will appear, and what to change.
   */
  String warning(String requestId) {
    StringBuilder b = new StringBuilder("invocation ").append(requestId).append(": a tracer layer is attached (")
        .append(String.join(", ", tracerLayers)).append(") but no tracer data reached the extension. ");
    if (farolTracerNotWrapping()) {
      b.append("The handler is ").append(handler).append(", not Farol's wrapper, so the tracer never runs and "
          + "no invocation span of the function's own is made. Set the function's handler to "
          + FAROL_WRAPPER + "::handleRequest and FAROL_LAMBDA_HANDLER=").append(handler)
          .append(" (adapters such as aws-serverless-java-container's handlers are wrapped the same way).");
    } else if (tracerNotStarted()) {
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
