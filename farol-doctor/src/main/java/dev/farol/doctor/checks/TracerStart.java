package dev.farol.doctor.checks;

import dev.farol.doctor.layers.Vendor;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a vendor's tracer starts in a runtime: through a handler wrapper (the handler names the wrapper,
 * an environment variable names the real handler), through an exec wrapper script the layer provides
 * ({@code AWS_LAMBDA_EXEC_WRAPPER}), or in the function's own code.
 *
 * @param handler the wrapper's handler, for handler wrappers
 * @param accepts other spellings of the wrapper's handler that work (bundled copies)
 * @param handlerEnv the variable that names the real handler, for handler wrappers
 * @param execWrappers the accepted {@code AWS_LAMBDA_EXEC_WRAPPER} values, for exec wrappers
 * @param javaAgent a {@code -javaagent} jar that starts it as well, or {@code null}
 */
public record TracerStart(Vendor vendor, String family, String handler, Pattern accepts, String handlerEnv,
    List<String> execWrappers, String javaAgent) {

  /**
   * The variables that name the real handler, first the wrapper's own: Farol's wrapper reads
   * {@code FAROL_LAMBDA_HANDLER}, then {@code DD_LAMBDA_HANDLER} (for functions moved from Datadog's).
   */
  public List<String> handlerEnvs() {
    if (handlerEnv == null) {
      return List.of();
    }
    return vendor == Vendor.FAROL ? List.of(handlerEnv, "DD_LAMBDA_HANDLER") : List.of(handlerEnv);
  }

  static final String DD_PYTHON = "datadog_lambda.handler.handler";
  static final String DD_NODE = "/opt/nodejs/node_modules/datadog-lambda-js/handler.handler";
  static final String FAROL_JAVA = "dev.farol.lambda.TracingHandler::handleRequest";
  static final String FAROL_PYTHON = "farol_lambda.handler.handler";
  static final String DATADOG_WRAPPER = "/opt/datadog_wrapper";

  private static final List<TracerStart> ALL = List.of(
      handler(Vendor.DATADOG, "python", DD_PYTHON, "datadog_lambda\\.handler\\.handler", "DD_LAMBDA_HANDLER"),
      handler(Vendor.DATADOG, "nodejs", DD_NODE,
          "(/opt/nodejs/)?(.*/)?node_modules/datadog-lambda-js/(dist/)?handler\\.handler", "DD_LAMBDA_HANDLER"),
      new TracerStart(Vendor.DATADOG, "java", null, null, null, List.of(DATADOG_WRAPPER),
          "/opt/java/lib/dd-java-agent.jar"),
      exec(Vendor.DATADOG, "dotnet", DATADOG_WRAPPER),
      code(Vendor.DATADOG, "ruby"),
      new TracerStart(Vendor.OPENTELEMETRY, "python", null, null, null, List.of("/opt/otel-instrument",
          "/opt/otel-handler"), null),
      exec(Vendor.OPENTELEMETRY, "nodejs", "/opt/otel-handler"),
      new TracerStart(Vendor.OPENTELEMETRY, "java", null, null, null, List.of("/opt/otel-handler",
          "/opt/otel-sqs-handler", "/opt/otel-stream-handler", "/opt/otel-proxy-handler"),
          "/opt/opentelemetry-javaagent.jar"),
      exec(Vendor.OPENTELEMETRY, "ruby", "/opt/otel-handler"),
      code(Vendor.OPENTELEMETRY, "dotnet"),
      exec(Vendor.ADOT, "python", "/opt/otel-instrument"),
      exec(Vendor.ADOT, "nodejs", "/opt/otel-handler"),
      new TracerStart(Vendor.ADOT, "java", null, null, null, List.of("/opt/otel-handler", "/opt/otel-sqs-handler",
          "/opt/otel-stream-handler", "/opt/otel-proxy-handler"), null),
      code(Vendor.ADOT, "dotnet"),
      exec(Vendor.APPLICATION_SIGNALS, "python", "/opt/otel-instrument"),
      exec(Vendor.APPLICATION_SIGNALS, "nodejs", "/opt/otel-instrument"),
      exec(Vendor.APPLICATION_SIGNALS, "java", "/opt/otel-instrument"),
      exec(Vendor.APPLICATION_SIGNALS, "dotnet", "/opt/otel-instrument"),
      handler(Vendor.FAROL, "java", FAROL_JAVA, "dev\\.farol\\.lambda\\.TracingHandler(::handleRequest)?",
          "FAROL_LAMBDA_HANDLER"),
      handler(Vendor.FAROL, "python", FAROL_PYTHON, "farol_lambda\\.handler\\.handler", "FAROL_LAMBDA_HANDLER"));

  private static TracerStart handler(Vendor v, String family, String handler, String accepts, String env) {
    return new TracerStart(v, family, handler, Pattern.compile(accepts), env, List.of(), null);
  }

  private static TracerStart exec(Vendor v, String family, String wrapper) {
    return new TracerStart(v, family, null, null, null, List.of(wrapper), null);
  }

  private static TracerStart code(Vendor v, String family) {
    return new TracerStart(v, family, null, null, null, List.of(), null);
  }

  /** How {@code vendor}'s tracer starts in {@code family}, when the doctor knows. */
  public static Optional<TracerStart> of(Vendor vendor, String family) {
    return ALL.stream().filter(t -> t.vendor == vendor && t.family.equals(family)).findFirst();
  }

  /** The handler wrapper {@code handler} names, of any vendor and runtime. */
  public static Optional<TracerStart> wrapping(String handler) {
    String h = handler.trim();
    return ALL.stream().filter(t -> t.accepts != null && t.accepts.matcher(h).matches()).findFirst();
  }

  /** The tracers an exec wrapper value starts (several vendors ship {@code /opt/otel-handler}). */
  public static List<TracerStart> startedBy(String execWrapper) {
    String w = execWrapper.trim();
    return ALL.stream().filter(t -> t.execWrappers.contains(w)).toList();
  }

  public boolean byHandler() {
    return handler != null;
  }

  public boolean byExecWrapper() {
    return !execWrappers.isEmpty();
  }

  /** Started by the function's own code (Datadog's Ruby {@code Datadog::Lambda.wrap}, …): not checkable here. */
  public boolean inCode() {
    return handler == null && execWrappers.isEmpty();
  }
}
