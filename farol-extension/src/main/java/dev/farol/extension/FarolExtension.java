package dev.farol.extension;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Farol's external extension. Registers with the Extensions API, subscribes to the Telemetry API with a
 * listener of its own, builds the invocation span (and the init span on a cold start, in the same
 * trace) and the function's log records from the platform events, and sends them to Farol's server
 * over OTLP/HTTP after the runtime is done and before it asks for the next event, so nothing waits
 * across a freeze. Its failures are logged once and never reach the function.
 */
public final class FarolExtension {
  static final String NAME = "farol-extension";

  private final String runtimeApi;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Assembler assembler;
  private final Exporter exporter;
  private String extensionId;

  FarolExtension(String runtimeApi, Assembler assembler, Exporter exporter) {
    this.runtimeApi = runtimeApi;
    this.assembler = assembler;
    this.exporter = exporter;
  }

  public static void main(String[] args) {
    long startNanos = System.nanoTime();
    Map<String, String> env = System.getenv();
    String api = env.get("AWS_LAMBDA_RUNTIME_API");
    if (api == null) {
      log("AWS_LAMBDA_RUNTIME_API is not set: not running in a Lambda execution environment; exiting");
      return;
    }
    String endpoint = env.getOrDefault("FAROL_OTLP_ENDPOINT", "http://127.0.0.1:4318");
    Assembler assembler = new Assembler(env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "unknown"),
        env.getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"), env.getOrDefault("AWS_REGION", "us-east-1"),
        parseInt(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), 128));
    Exporter exporter = new Exporter(endpoint, env.get("FAROL_API_KEY"));
    exporter.resource(assembler.resourceJson());
    FarolExtension ext = new FarolExtension(api, assembler, exporter);
    try {
      ext.run(startNanos);
    } catch (Exception e) {
      log("stopped: " + e);
    }
  }

  private static int parseInt(String s, int dflt) {
    try {
      return s == null ? dflt : Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  static void log(String message) {
    System.out.println("[farol-extension] " + message);
    System.out.flush();
  }

  static boolean debug() {
    return "debug".equalsIgnoreCase(System.getenv("FAROL_LOG_LEVEL"));
  }

  void run(long startNanos) throws Exception {
    HttpServer listener = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    listener.createContext("/", x -> {
      try (InputStream in = x.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assembler.accept(Json.array(Json.parse(body)));
        x.sendResponseHeaders(200, -1);
      } catch (RuntimeException e) {
        log("unreadable telemetry batch: " + e.getMessage());
        x.sendResponseHeaders(400, -1);
      } finally {
        x.close();
      }
    });
    listener.start();
    register();
    subscribe(listener.getAddress().getPort());
    if (debug()) {
      log("ready in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms, telemetry on port "
          + listener.getAddress().getPort() + ", exporting to " + exporter.endpoint());
    }
    while (true) {
      Map<String, Object> event = next();
      String type = Json.string(event.get("eventType"));
      if ("INVOKE".equals(type)) {
        String requestId = Json.string(event.get("requestId"));
        long deadline = (long) Json.number(event.get("deadlineMs"), System.currentTimeMillis() + 900_000);
        // the runtime's answer is known once platform.runtimeDone arrives; send before asking for more
        assembler.awaitRuntimeDone(requestId, deadline + 1_000);
        exporter.send(assembler.drain(false));
      } else if ("SHUTDOWN".equals(type)) {
        assembler.awaitQuiet(300);
        exporter.send(assembler.drain(true));
        exporter.flushRetries();
        if (exporter.dropped() > 0) {
          log("dropped " + exporter.dropped() + " items the server did not take (" + exporter.endpoint() + ")");
        }
        listener.stop(0);
        return;
      }
    }
  }

  private void register() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + runtimeApi
            + "/2020-01-01/extension/register"))
        .header("Lambda-Extension-Name", NAME)
        .POST(HttpRequest.BodyPublishers.ofString("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("register answered " + r.statusCode() + ": " + r.body());
    }
    extensionId = r.headers().firstValue("Lambda-Extension-Identifier")
        .orElseThrow(() -> new IOException("register gave no Lambda-Extension-Identifier"));
  }

  private void subscribe(int port) throws IOException, InterruptedException {
    String body = "{\"schemaVersion\":\"2022-12-13\",\"types\":[\"platform\",\"function\"],"
        + "\"buffering\":{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":25},"
        + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:" + port + "/telemetry\"}}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + runtimeApi
            + "/2022-07-01/telemetry"))
        .header("Lambda-Extension-Identifier", extensionId)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      log("the Telemetry API refused the subscription (" + r.statusCode() + " " + r.body()
          + "): no platform spans or logs will be sent");
    }
  }

  private Map<String, Object> next() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + runtimeApi
            + "/2020-01-01/extension/event/next"))
        .header("Lambda-Extension-Identifier", extensionId).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("event/next answered " + r.statusCode() + ": " + r.body());
    }
    return Json.object(Json.parse(r.body()));
  }

  /** What one flush sends. */
  static final class Payload {
    final List<String> spans;
    final List<String> logs;
    final List<String> metrics;

    Payload(List<String> spans, List<String> logs) {
      this(spans, logs, List.of());
    }

    Payload(List<String> spans, List<String> logs, List<String> metrics) {
      this.spans = spans;
      this.logs = logs;
      this.metrics = metrics;
    }
  }
}
