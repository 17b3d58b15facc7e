package dev.farol.runtime.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Lambda function as the local runtime runs it, whatever file defined it.
 *
 * @param name function name as callers use it (SAM {@code FunctionName}, else the logical id)
 * @param handler the {@code _HANDLER} value, e.g. {@code example.Handler::handleRequest}
 * @param runtime Lambda runtime identifier: {@code java17}, {@code java21}, {@code provided.al2023}, …
 * @param code where the code is: a directory, a {@code .zip} or a {@code .jar} (absolute)
 * @param memorySizeMb 128..10240
 * @param timeoutSeconds 1..900
 * @param environment the function's own environment variables, in declaration order
 * @param layers layers in declaration order (merged into {@code /opt}, later layers win)
 * @param reservedConcurrency reserved concurrent executions, or {@code -1} when unreserved
 * @param architecture {@code x86_64} or {@code arm64}
 * @param routes API Gateway routes that invoke this function
 * @param origin where this function was defined, for error messages
 */
public record FunctionConfig(
    String name,
    String handler,
    String runtime,
    Path code,
    int memorySizeMb,
    int timeoutSeconds,
    Map<String, String> environment,
    List<LayerRef> layers,
    int reservedConcurrency,
    String architecture,
    List<HttpRoute> routes,
    ConfigOrigin origin) {

  public static final int DEFAULT_MEMORY_MB = 128;
  public static final int DEFAULT_TIMEOUT_SECONDS = 3;
  public static final int UNRESERVED = -1;

  public FunctionConfig {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(handler, "handler == null");
    Objects.requireNonNull(runtime, "runtime == null");
    Objects.requireNonNull(code, "code == null");
    environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
    layers = List.copyOf(layers);
    routes = List.copyOf(routes);
    Objects.requireNonNull(architecture, "architecture == null");
    Objects.requireNonNull(origin, "origin == null");
  }

  /** True for the managed Java runtimes, which run under the official Java runtime interface client. */
  public boolean isJava() {
    return runtime.startsWith("java");
  }

  /** Same function with other environment variables (tests and CLI overrides). */
  public FunctionConfig withEnvironment(Map<String, String> env) {
    return new FunctionConfig(name, handler, runtime, code, memorySizeMb, timeoutSeconds, env, layers,
        reservedConcurrency, architecture, routes, origin);
  }

  public FunctionConfig withRoutes(List<HttpRoute> newRoutes) {
    return new FunctionConfig(name, handler, runtime, code, memorySizeMb, timeoutSeconds, environment, layers,
        reservedConcurrency, architecture, newRoutes, origin);
  }

  public FunctionConfig withTimeoutSeconds(int seconds) {
    return new FunctionConfig(name, handler, runtime, code, memorySizeMb, seconds, environment, layers,
        reservedConcurrency, architecture, routes, origin);
  }

  public FunctionConfig withReservedConcurrency(int reserved) {
    return new FunctionConfig(name, handler, runtime, code, memorySizeMb, timeoutSeconds, environment, layers,
        reserved, architecture, routes, origin);
  }

  public FunctionConfig withLayers(List<LayerRef> newLayers) {
    return new FunctionConfig(name, handler, runtime, code, memorySizeMb, timeoutSeconds, environment, newLayers,
        reservedConcurrency, architecture, routes, origin);
  }
}
