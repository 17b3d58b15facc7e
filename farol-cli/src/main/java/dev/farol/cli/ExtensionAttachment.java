package dev.farol.cli;

import dev.farol.runtime.LocalLambda;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.LayerRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Farol's extension attached to functions as {@code farol up} and {@code farol doctor --live} run them: the
 * extension layer (under Datadog's extension's name for functions under Datadog's Java tracer), the server's
 * endpoint, ports chosen per environment, and the Runtime API proxy as exec wrapper where the function has none.
 */
final class ExtensionAttachment {
  /** The port Farol's server answers on inside isolated environments. */
  static final int SERVER_PORT_INSIDE = 4319;

  private ExtensionAttachment() {}

  /**
   * The functions with the extension attached, reporting to Farol's server on {@code serverPort} (reached at
   * {@link #SERVER_PORT_INSIDE} inside isolated environments).
   */
  static List<FunctionConfig> attach(List<FunctionConfig> functions, boolean isolated, int serverPort) {
    List<FunctionConfig> out = new ArrayList<>();
    for (FunctionConfig f : functions) {
      List<LayerRef> layers = new ArrayList<>(f.layers());
      if (layers.stream().noneMatch(l -> l.ref().startsWith("farol:extension"))) {
        // Datadog's Java tracer sends its traces to an extension only if /opt/extensions/datadog-agent
        // exists: such functions get the same extension under that name
        layers.add(new LayerRef(usesDatadogTracer(f.environment()) ? "farol:extension-datadog" : "farol:extension",
            null));
      }
      Map<String, String> env = new LinkedHashMap<>(f.environment());
      // inside an isolated sandbox, 4318 is the extension's own OTLP intake (where tracers send by
      // default) and the server is reached at SERVER_PORT_INSIDE; plain processes reach it directly
      env.putIfAbsent("FAROL_OTLP_ENDPOINT", "http://127.0.0.1:" + (isolated ? SERVER_PORT_INSIDE : serverPort));
      env.putIfAbsent("FAROL_EXTENSION_OTLP_PORT", "auto");
      env.putIfAbsent("DD_DOGSTATSD_PORT", "auto");
      env.putIfAbsent("DD_TRACE_AGENT_PORT", "auto");
      if (!env.containsKey("AWS_LAMBDA_EXEC_WRAPPER")) {
        // the Runtime API proxy: the extension sees every event and answer (trace context from the
        // event, the API Gateway request as a span) even when no tracer runs in the function
        env.put("AWS_LAMBDA_EXEC_WRAPPER", "/opt/farol-wrapper");
        env.putIfAbsent("FAROL_PROXY_PORT", "auto");
      }
      out.add(f.withLayers(layers).withEnvironment(env));
    }
    return out;
  }

  /** The local Lambda's settings that let the environments reach Farol's server on {@code serverPort}. */
  static LocalLambda.Settings reachServer(LocalLambda.Settings base, boolean isolated, int serverPort) {
    return base.withPlatform(isolated ? List.of() : List.of(serverPort), base.builtInLayers())
        .withPortAliases(isolated ? Map.of(SERVER_PORT_INSIDE, serverPort) : Map.of());
  }

  /** The function runs under Datadog's Java tracer (its agent in the JVM options, or Datadog's wrapper). */
  static boolean usesDatadogTracer(Map<String, String> env) {
    return env.getOrDefault("JAVA_TOOL_OPTIONS", "").contains("dd-java-agent")
        || env.getOrDefault("AWS_LAMBDA_EXEC_WRAPPER", "").equals("/opt/datadog_wrapper");
  }
}
