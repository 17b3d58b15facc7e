package dev.farol.server.catalog;

import java.util.List;
import java.util.Objects;

/**
 * A function's configuration as the local runtime runs it: what {@code farol up} loaded from the definition file,
 * with what it attached (Farol's extension layer, the variables that point it at this server) marked as such.
 * Values are the user's own, environment values included; the UI shows them as text.
 *
 * @param memorySizeMb 128..10240
 * @param timeoutSeconds 1..900
 * @param architecture {@code x86_64} or {@code arm64}
 * @param layers in declaration order, the attached ones last
 * @param environment in declaration order, the attached ones last
 * @param routes the API Gateway routes that invoke it, {@code METHOD /path}
 * @param reservedConcurrency reserved concurrent executions, or {@code -1} when unreserved
 * @param code where its code is (a directory, a {@code .zip} or a {@code .jar})
 * @param definedAt the definition's file and line, {@code template.yaml:14}
 */
public record FunctionDefinition(String name, String runtime, String handler, int memorySizeMb, int timeoutSeconds,
    String architecture, List<Layer> layers, List<Variable> environment, List<String> routes, int reservedConcurrency,
    String code, String definedAt) {
  public FunctionDefinition {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(runtime, "runtime == null");
    Objects.requireNonNull(handler, "handler == null");
    Objects.requireNonNull(architecture, "architecture == null");
    layers = List.copyOf(layers);
    environment = List.copyOf(environment);
    routes = List.copyOf(routes);
    Objects.requireNonNull(code, "code == null");
    Objects.requireNonNull(definedAt, "definedAt == null");
  }

  /**
   * A layer as the definition names it ({@code farol:tracer}, a path, an ARN).
   *
   * @param attached {@code farol up} added it (Farol's extension), the definition does not name it
   */
  public record Layer(String ref, boolean attached) {
    public Layer {
      Objects.requireNonNull(ref, "ref == null");
    }
  }

  /**
   * An environment variable.
   *
   * @param attached {@code farol up} added it (or replaced the definition's value), the definition does not set it
   */
  public record Variable(String name, String value, boolean attached) {
    public Variable {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(value, "value == null");
    }
  }
}
