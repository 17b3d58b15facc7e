package dev.farol.extension;

import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.Fix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the extension can tell, at start-up, about the function's instrumentation: which tracer
 * layers are attached, and whether anything will make them run (an exec wrapper, a {@code -javaagent}
 * in JAVA_TOOL_OPTIONS). The classic failure: a tracer layer attached, the handler left pointing at
 * the application (or its adapter), so the tracer never starts and no trace arrives. When an invocation
 * brings no tracer data, {@link #silentTracer} says why as the finding the doctor reports for the same
 * cause, and {@link #line} is how the extension prints it (once per environment).
 *
 * <p>Lambda does not give extensions {@code _HANDLER}. The handler is known when Farol's Runtime API proxy wrapper
 * ({@code /opt/farol-wrapper}) runs: it writes the handler to {@code /tmp/.farol-handler-<FAROL_PROXY_PORT>}
 * (the runtime and the extensions share {@code /tmp}) before it starts the runtime. Without it, Farol's wrapper is
 * taken to be the handler exactly when {@code FAROL_LAMBDA_HANDLER} (or {@code DD_LAMBDA_HANDLER}) is set: the
 * wrapper cannot start without one of them.
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

  /** Wrapper scripts of tracer layers, in the order a fix suggests them. */
  private static final List<String> EXEC_WRAPPERS = List.of("datadog_wrapper", "otel-handler", "otel-stream-handler",
      "otel-proxy-handler");

  static final String FAROL_WRAPPER = "dev.farol.lambda.TracingHandler";
  static final String FAROL_WRAPPER_HANDLER = FAROL_WRAPPER + "::handleRequest";

  final List<String> tracerLayers = new ArrayList<>();
  final String execWrapper;
  final boolean javaAgent;
  /** Farol's tracer layer is attached. */
  final boolean farolTracer;
  /** The real handler named to a wrapper ({@code FAROL_LAMBDA_HANDLER}, else {@code DD_LAMBDA_HANDLER}), or null. */
  final String wrappedHandler;
  /** The exec wrapper a fix would name: the first wrapper script a layer provides. */
  private final String layerWrapper;
  /** Where Farol's proxy wrapper writes the handler, or {@code null} without the proxy. */
  private final Path handlerFile;
  /** The handler Lambda calls, once known. */
  private String handler;
  /** A file left by another environment could not be removed, so what it says is not to be trusted. */
  private boolean handlerUnreadable;

  /** Surroundings with no tracer layer, nothing set. */
  Surroundings() {
    execWrapper = null;
    javaAgent = false;
    farolTracer = false;
    wrappedHandler = null;
    layerWrapper = null;
    handlerFile = null;
  }

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
    String named = env.get("FAROL_LAMBDA_HANDLER");
    wrappedHandler = named != null && !named.isBlank() ? named.trim() : blankToNull(env.get("DD_LAMBDA_HANDLER"));
    String proxy = env.get("FAROL_PROXY_PORT");
    handlerFile = proxy == null || proxy.isBlank() || proxy.equals("off") ? null
        : Path.of(env.getOrDefault("FAROL_HANDLER_FILE", "/tmp/.farol-handler-" + proxy));
    String found = null;
    for (String w : EXEC_WRAPPERS) {
      if (found == null && Files.exists(opt.resolve(w))) {
        found = "/opt/" + w;
      }
    }
    layerWrapper = found;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * Forgets what a runtime of an earlier environment may have left in {@code /tmp} (environments share it outside
   * Lambda's sandbox): called at start-up, before the runtime of this environment starts.
   */
  void forgetEarlierHandler() {
    if (handlerFile != null && handler == null) {
      try {
        Files.deleteIfExists(handlerFile);
      } catch (java.io.IOException | RuntimeException e) {
        // not ours to remove: then it is not read either, as it may be stale
        handlerUnreadable = true;
      }
    }
  }

  /**
   * The handler Lambda calls: {@code _HANDLER} where the extension has it, else what Farol's proxy wrapper wrote
   * (read once it is there); {@code null} while it is not known.
   */
  synchronized String handler() {
    if (handler == null && handlerFile != null && !handlerUnreadable) {
      try {
        String h = Files.readString(handlerFile).trim();
        handler = h.isEmpty() ? null : h;
      } catch (java.io.IOException | RuntimeException notThere) {
        // not written (yet): the runtime starts after the extensions register
      }
    }
    return handler;
  }

  /**
   * Farol's tracer layer is there, but the handler does not go through its wrapper: the handler is known and is
   * not the wrapper, or it is not known and no real handler is named to the wrapper.
   */
  boolean farolTracerNotWrapping() {
    if (!farolTracer) {
      return false;
    }
    String h = handler();
    return h != null ? !h.startsWith(FAROL_WRAPPER) : wrappedHandler == null;
  }

  /** Farol's tracer layer is there, and its wrapper is the handler: its export is to be waited for. */
  boolean farolTracerWrapping() {
    return farolTracer && !farolTracerNotWrapping();
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
   * Why no tracer data arrived for the invocation {@code requestId}, or {@code null} when no tracer layer is
   * attached (then nothing was expected). {@code FAROL-H001 handler-not-wrapped} when nothing starts the
   * attached tracer: Farol's, when the handler is not its wrapper; Datadog's or OpenTelemetry's, when there
   * is no exec wrapper and no {@code -javaagent}. {@code FAROL-V003 tracer-sent-nothing} when the tracer is
   * started but sent nothing where the extension listens.
   */
  Finding silentTracer(String function, String requestId) {
    if (!tracerAttached()) {
      return null;
    }
    String attached = "A tracer layer is attached (" + String.join(", ", tracerLayers) + ") but no tracer data "
        + "reached the extension for invocation " + requestId + ". ";
    Evidence at = Evidence.path("invocation " + requestId);
    if (farolTracerNotWrapping()) {
      String h = handler();
      String real = h != null ? h : "<the function's handler>";
      return Finding.of(Code.H001).function(function).evidence(h != null ? at.withExcerpt("_HANDLER=" + h)
              : at.withExcerpt("FAROL_LAMBDA_HANDLER unset"))
          .message(attached + (h != null ? "The handler is " + h + ", not Farol's wrapper"
              : "The handler is not Farol's wrapper (FAROL_LAMBDA_HANDLER is not set, and the wrapper cannot start "
                  + "without it)") + ", so the tracer never runs and no invocation span of the function's own is "
              + "made.")
          .why("Farol's tracer starts only when Lambda calls its wrapper " + FAROL_WRAPPER_HANDLER + ", which then "
              + "calls the handler named in FAROL_LAMBDA_HANDLER. Called directly, the handler runs with no tracer: "
              + "the invocation and init spans come from the platform's events only, and the function's own spans "
              + "and log correlation are lost.")
          .fix(new Fix("Set the handler to " + FAROL_WRAPPER_HANDLER + " and FAROL_LAMBDA_HANDLER=" + real
              + " (adapters such as aws-serverless-java-container's handlers are wrapped the same way).", "text",
              "- Handler: " + real + "\n+ Handler: " + FAROL_WRAPPER_HANDLER + "\n+ FAROL_LAMBDA_HANDLER=" + real))
          .build();
    }
    if (tracerNotStarted()) {
      String wrapper = layerWrapper != null ? layerWrapper : "/opt/datadog_wrapper";
      return Finding.of(Code.H001).function(function).evidence(at.withExcerpt("AWS_LAMBDA_EXEC_WRAPPER unset"))
          .message(attached + "Nothing starts that tracer: AWS_LAMBDA_EXEC_WRAPPER is not set and JAVA_TOOL_OPTIONS "
              + "has no -javaagent, so the handler runs unwrapped.")
          .why("A tracer layer's tracer runs only when Lambda starts the runtime through the layer's wrapper script "
              + "(AWS_LAMBDA_EXEC_WRAPPER) or the JVM loads its agent; without either, no invocation span of the "
              + "function's own is made and only the platform's spans reach the trace.")
          .fix(new Fix("Set AWS_LAMBDA_EXEC_WRAPPER to the layer's wrapper (" + wrapper + "), or point the handler "
              + "at the tracer's handler wrapper instead of the application's (or its adapter's) class.", "text",
              "+ AWS_LAMBDA_EXEC_WRAPPER=" + wrapper))
          .build();
    }
    String started = farolTracer ? "the handler is Farol's wrapper"
        : execWrapper != null && !execWrapper.isBlank() ? "AWS_LAMBDA_EXEC_WRAPPER=" + execWrapper
        : "a -javaagent in JAVA_TOOL_OPTIONS";
    return Finding.of(Code.V003).function(function).evidence(at)
        .message(attached + "The tracer is started (" + started + ") but sent nothing where the extension "
            + "listens.")
        .why("The extension takes tracers' spans on its OTLP intake (127.0.0.1:4318, or FAROL_EXTENSION_OTLP_PORT) "
            + "and Datadog's intake (DD_TRACE_AGENT_PORT); a tracer that is switched off, samples nothing or "
            + "sends elsewhere leaves the invocation with the platform's spans only.")
        .fix(new Fix("Check the tracer's endpoint (OTLP on 127.0.0.1:4318) and that tracing is on.", "text", ""))
        .build();
  }

  /**
   * The extension's log line for a finding: {@code FAROL-H001 handler-not-wrapped: <message> <fix>}, so that
   * a deployed function's log says what the doctor says.
   */
  static String line(Finding f) {
    return f.code().id() + " " + f.code().slug() + ": " + f.message()
        + (f.fix() != null ? " " + f.fix().summary() : "") + " See docs/doctor.md#" + f.code().anchor() + ".";
  }
}
