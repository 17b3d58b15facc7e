package dev.farol.runtime.apigw;

import dev.farol.runtime.invoke.Invoker;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local API Gateway: serves HTTP on one port and turns each request into a Lambda proxy event
 * for the function its route names, then the function's result into the HTTP response. Each route
 * says whether it belongs to a REST API or an HTTP API (payload format 1.0 or 2.0); the front
 * behaves like that kind of API, errors included (see {@link dev.farol.runtime.apigw}).
 *
 * <p>URLs carry no stage: {@code GET /installments/42} on the front is {@code GET
 * /Prod/installments/42} on a REST API's stage {@code Prod}. The event reports the stage as AWS
 * would.
 *
 * <pre>{@code
 * try (ApiGatewayFront front = new ApiGatewayFront(invoker, List.of(
 *     new RouteBinding("installments", new HttpRoute("GET", "/installments/{id}", HTTP_V2, "$default"))),
 *     "127.0.0.1", 0)) {
 *   front.start();
 *   // GET http://127.0.0.1:<front.port()>/installments/42
 * }
 * }</pre>
 */
public final class ApiGatewayFront implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayFront.class);
  /** Request threads; each waits for one invocation. */
  static final int MAX_THREADS = 64;
  /** API Gateway accepts 10 KB of request headers; Jetty's default is 8 KB. */
  static final int MAX_REQUEST_HEADER_BYTES = 10 * 1024;

  private final List<RouteBinding> routes;
  private final String host;
  private final int requestedPort;
  private final Server server;
  private final ServerConnector connector;
  private final ExecutorService invokes;

  /**
   * @param invoker runs the functions
   * @param routes the routes to serve; paths take {@code {param}} and a final {@code {proxy+}}, and
   *     an HTTP API may have a {@code $default} route
   * @param host the address to bind, e.g. {@code 127.0.0.1}
   * @param port the port to bind, {@code 0} for any free one (see {@link #port()})
   * @throws IllegalArgumentException for an invalid route or two routes with the same method and path
   */
  public ApiGatewayFront(Invoker invoker, List<RouteBinding> routes, String host, int port) {
    this(invoker, routes, host, port, Limits.AWS, Clock.systemUTC());
  }

  ApiGatewayFront(
      Invoker invoker, List<RouteBinding> routes, String host, int port, Limits limits, Clock clock) {
    Objects.requireNonNull(invoker, "invoker == null");
    Objects.requireNonNull(routes, "routes == null");
    Objects.requireNonNull(host, "host == null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    this.routes = List.copyOf(routes);
    this.host = host;
    this.requestedPort = port;
    RouteTable table = new RouteTable(this.routes);
    this.invokes = Executors.newCachedThreadPool(daemonThreads("farol-apigw-invoke-"));

    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("farol-apigw");
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    Gateway gateway = new Gateway(table, invoker, invokes, limits, clock);
    server.setHandler(new FrontHandler(gateway, limits.maxRequestBodyBytes()));
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException when the address cannot be bound
   */
  public void start() throws IOException {
    try {
      server.start();
    } catch (IOException e) {
      close();
      throw new IOException(
          "API Gateway front cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
    } catch (Exception e) {
      close();
      throw new IOException("API Gateway front failed to start: " + e, e);
    }
    for (RouteBinding binding : routes) {
      LOG.debug(
          "Mounted {} at http://{}:{}{} [{}] ({})",
          binding.functionName(),
          host,
          port(),
          binding.route().path(),
          binding.route().method(),
          binding.route().format());
    }
  }

  /** The bound port: the one given, or the one chosen when {@code 0} was given. */
  public int port() {
    int port = connector.getLocalPort();
    if (port <= 0) {
      throw new IllegalStateException("API Gateway front is not started");
    }
    return port;
  }

  /** Stops serving; invocations still running are interrupted. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the API Gateway front failed: {}", e.toString());
    }
    invokes.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
