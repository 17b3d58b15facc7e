package dev.farol.runtime;

import dev.farol.runtime.api.InvokeApiServer;
import dev.farol.runtime.apigw.ApiGatewayFront;
import dev.farol.runtime.apigw.RouteBinding;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.env.LambdaService;
import dev.farol.runtime.env.LogSink;
import dev.farol.runtime.invoke.InvokeException;
import dev.farol.runtime.invoke.Invoker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The whole local Lambda as {@code farol up} and {@code farol runtime} run it: the execution
 * environments, the Invoke API and the API Gateway front, started together and ended together.
 */
public final class LocalLambda implements AutoCloseable {

  /**
   * Where and how the local Lambda runs.
   *
   * @param host address the Invoke API and the API Gateway front bind (127.0.0.1 unless told otherwise)
   * @param invokePort Invoke API port (9001 by default; 0 picks a free one)
   * @param httpPort API Gateway front port (3000 by default; 0 picks a free one)
   * @param isolation {@code auto}, {@code isolated} or {@code plain}
   * @param dataDir Farol's data directory; function code is unpacked under {@code runtime/}
   * @param javaRuntimeDir the jars of the Java runtime interface client
   * @param logSink where function, platform and extension log lines go
   */
  public record Settings(String host, int invokePort, int httpPort, String isolation, Path dataDir,
      Path javaRuntimeDir, LogSink logSink, List<Integer> hostPorts,
      java.util.function.Function<dev.farol.runtime.config.LayerRef, Path> builtInLayers,
      java.util.Map<Integer, Integer> portAliases) {

    public Settings(String host, int invokePort, int httpPort, String isolation, Path dataDir, Path javaRuntimeDir,
        LogSink logSink) {
      this(host, invokePort, httpPort, isolation, dataDir, javaRuntimeDir, logSink, List.of(), layer -> null,
          java.util.Map.of());
    }

    /** Also reachable inside isolated environments: host loopback ports (Farol's server) and built-in layers. */
    public Settings withPlatform(List<Integer> ports, java.util.function.Function<dev.farol.runtime.config.LayerRef,
        Path> layers) {
      return new Settings(host, invokePort, httpPort, isolation, dataDir, javaRuntimeDir, logSink, ports, layers,
          portAliases);
    }

    /** Host ports reachable inside isolated environments under another port ({@code inside -> host}). */
    public Settings withPortAliases(java.util.Map<Integer, Integer> aliases) {
      return new Settings(host, invokePort, httpPort, isolation, dataDir, javaRuntimeDir, logSink, hostPorts,
          builtInLayers, aliases);
    }

    public Settings {
      Objects.requireNonNull(host, "host == null");
      Objects.requireNonNull(isolation, "isolation == null");
      Objects.requireNonNull(dataDir, "dataDir == null");
      Objects.requireNonNull(javaRuntimeDir, "javaRuntimeDir == null");
      Objects.requireNonNull(logSink, "logSink == null");
    }
  }

  private final LambdaService lambda;
  private final InvokeApiServer invokeApi;
  private final ApiGatewayFront front;

  private LocalLambda(LambdaService lambda, InvokeApiServer invokeApi, ApiGatewayFront front) {
    this.lambda = lambda;
    this.invokeApi = invokeApi;
    this.front = front;
  }

  /**
   * Starts everything. The API Gateway front binds first so that its real port can be made reachable
   * inside isolated environments (a function calling {@code 127.0.0.1:3000} reaches the front).
   */
  public static LocalLambda start(Settings settings, List<FunctionConfig> functions) throws Exception {
    List<RouteBinding> routes = new ArrayList<>();
    for (FunctionConfig fn : functions) {
      for (HttpRoute r : fn.routes()) {
        routes.add(new RouteBinding(fn.name(), r));
      }
    }
    LambdaService[] lambda = new LambdaService[1];
    Invoker late = request -> {
      LambdaService l = lambda[0];
      if (l == null) {
        throw new InvokeException("ServiceException", 503, "the local Lambda is still starting");
      }
      return l.invoke(request);
    };
    ApiGatewayFront front = null;
    InvokeApiServer api = null;
    try {
      if (!routes.isEmpty()) {
        front = new ApiGatewayFront(late, routes, settings.host(), settings.httpPort());
        front.start();
      }
      List<Integer> hostPorts = new ArrayList<>(settings.hostPorts());
      if (front != null) {
        hostPorts.add(front.port());
      }
      Path work = Files.createDirectories(settings.dataDir().resolve("runtime"));
      LambdaService.Options options = LambdaService.Options.defaults(work, settings.javaRuntimeDir())
          .withIsolation(settings.isolation())
          .withHostPorts(hostPorts)
          .withBuiltInLayers(settings.builtInLayers())
          .withPortAliases(settings.portAliases())
          .withLogSink(settings.logSink());
      lambda[0] = LambdaService.start(options, functions);
      api = new InvokeApiServer(lambda[0], settings.host(), settings.invokePort()).start();
      return new LocalLambda(lambda[0], api, front);
    } catch (Exception e) {
      closeQuietly(api);
      closeQuietly(front);
      closeQuietly(lambda[0]);
      throw e;
    }
  }

  public LambdaService lambda() {
    return lambda;
  }

  public int invokePort() {
    return invokeApi.port();
  }

  /** The API Gateway front's port, or {@code -1} when no function has a route. */
  public int httpPort() {
    return front == null ? -1 : front.port();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // already failing; the first error is the one reported
    }
  }

  /** Stops taking requests, then ends every environment (extensions get their SHUTDOWN). */
  @Override
  public void close() throws Exception {
    closeQuietly(front);
    closeQuietly(invokeApi);
    lambda.close();
  }
}
