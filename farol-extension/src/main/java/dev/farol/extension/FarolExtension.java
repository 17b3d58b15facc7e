package dev.farol.extension;

import dev.farol.tracer.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
  /** The name it registers under: its launcher's file name (Lambda requires that), farol-extension by default. */
  static final String NAME = System.getProperty("farol.extension.name", "farol-extension");

  private final String runtimeApi;
  /** The Extensions and Telemetry APIs, on a kept-alive connection (not a new one each invocation). */
  private final MiniHttp.Client lambdaApi;
  private final Assembler assembler;
  private final Exporter exporter;
  private String extensionId;
  private final Surroundings surroundings = new Surroundings(java.nio.file.Path.of(System.getProperty("farol.opt",
      "/opt")), System.getenv());
  private final FindingLog findingLog = new FindingLog(FarolExtension::log);
  private boolean statusSent;

  FarolExtension(String runtimeApi, Assembler assembler, Exporter exporter) {
    this.runtimeApi = runtimeApi;
    this.lambdaApi = new MiniHttp.Client(runtimeApi);
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

  private static String millis(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
  }

  static boolean debug() {
    return "debug".equalsIgnoreCase(System.getenv("FAROL_LOG_LEVEL"));
  }

  void run(long startNanos) throws Exception {
    MiniHttp.Server listener = new MiniHttp.Server(body -> {
      try {
        assembler.accept(Json.array(Json.parse(new String(body, StandardCharsets.UTF_8))));
        return 200;
      } catch (RuntimeException e) {
        log("unreadable telemetry batch: " + e.getMessage());
        return 400;
      }
    });
    MiniHttp.Server intake = otlpIntake();
    java.util.concurrent.atomic.AtomicLong ddRejected = new java.util.concurrent.atomic.AtomicLong();
    MiniHttp.Server ddTraces = datadogTraceIntake(ddRejected);
    MiniHttp.Server ddInvocations = datadogInvocationProtocol();
    DogStatsD statsd = dogStatsD();
    RuntimeProxy proxy = runtimeProxy();
    surroundings.forgetEarlierHandler();
    if (surroundings.farolTracerWrapping()) {
      assembler.expectFarolTracer();
    }
    assembler.surroundings(surroundings);
    register();
    subscribe(listener.port());
    if (debug()) {
      log("ready in " + (System.nanoTime() - startNanos) / 1_000_000 + " ms (JVM up "
          + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms), telemetry on port "
          + listener.port() + ", exporting to " + exporter.endpoint());
    }
    while (true) {
      Map<String, Object> event = next();
      String type = Json.string(event.get("eventType"));
      if ("INVOKE".equals(type)) {
        String requestId = Json.string(event.get("requestId"));
        long deadline = (long) Json.number(event.get("deadlineMs"), System.currentTimeMillis() + 900_000);
        long invoked = System.nanoTime();
        assembler.invoke(requestId, Json.string(Json.object(event.get("tracing")).get("value")));
        // the runtime's answer is known once platform.runtimeDone arrives; send before asking for more
        assembler.awaitRuntimeDone(requestId, deadline + 1_000);
        long runtimeDone = System.nanoTime();
        // Farol's tracer hands its export over without waiting for the answer: take it before sending
        assembler.finishWaiting(requestId, FAROL_TRACER_WAIT_MS);
        // a Datadog tracer's writer sends the trace from its own thread once the handler returned
        assembler.awaitDatadogTrace(requestId, DATADOG_TRACE_WAIT_MS);
        long tracersDone = System.nanoTime();
        FarolExtension.Payload payload = assembler.drain(false);
        report(payload);
        exporter.send(payload);
        if (debug()) {
          long sent = System.nanoTime();
          log("invocation " + requestId + ": runtimeDone after " + millis(runtimeDone - invoked) + " ms, tracers' data "
              + millis(tracersDone - runtimeDone) + " ms later, flushed in " + millis(sent - tracersDone) + " ms ("
              + payload.spans.size() + " spans, " + payload.logs.size() + " log lines, " + payload.metrics.size()
              + " metrics)");
        }
      } else if ("SHUTDOWN".equals(type)) {
        assembler.awaitQuiet(300);
        exporter.send(assembler.drain(true));
        exporter.flushRetries();
        if (exporter.dropped() > 0) {
          log("dropped " + exporter.dropped() + " items the server did not take (" + exporter.endpoint() + ")");
        }
        if (ddRejected.get() > 0 || assembler.datadogSpansDropped() > 0) {
          log("Datadog intake: " + ddRejected.get() + " payloads refused as unreadable, "
              + assembler.datadogSpansDropped() + " spans dropped over the buffer limit");
        }
        listener.close();
        for (MiniHttp.Server s : new MiniHttp.Server[] {intake, ddTraces, ddInvocations}) {
          if (s != null) {
            s.close();
          }
        }
        if (proxy != null) {
          proxy.close();
        }
        if (statsd != null) {
          if (statsd.rejected() > 0) {
            log("DogStatsD: " + statsd.rejected() + " lines were not metrics this intake takes (sets, or malformed)");
          }
          statsd.close();
        }
        return;
      }
    }
  }

  /**
   * What the invocations' hops say: each finding's line printed once per environment (it starts with the
   * finding's code, as the doctor names it), and {@code farol.instrumentation_status} with the first invocation
   * that tells (a tracer layer attached, or a tracer's data arrived).
   */
  private void report(Payload payload) {
    findingLog.report(payload.hops);
    for (InvocationHops hops : payload.hops) {
      if (!statusSent && (surroundings.tracerAttached() || hops.tracerSent())) {
        statusSent = true;
        payload.metrics.add(assembler.instrumentationStatus(hops.tracerSent() ? 1 : 0, surroundings.tracerLayers));
      }
    }
  }

  /**
   * The OTLP/HTTP intake for tracers in the function (4318 in an isolated environment, the port Farol
   * gave in FAROL_EXTENSION_OTLP_PORT otherwise): requests are kept and passed on at the next flush.
   */
  private MiniHttp.Server otlpIntake() {
    String configured = System.getenv("FAROL_EXTENSION_OTLP_PORT");
    int port = configured == null || configured.equals("auto") ? 4318 : parseInt(configured, 4318);
    try {
      // connections stay open however long the environment is frozen: tracers keep theirs alive
      return new MiniHttp.Server(port, 0, in -> {
        if (!in.method.equals("POST") || !(in.path.equals("/v1/traces") || in.path.equals("/v1/logs")
            || in.path.equals("/v1/metrics"))) {
          return new MiniHttp.Response(404, Map.of("Content-Type", "application/json"),
              "{\"error\":\"the extension takes POST /v1/traces, /v1/logs, /v1/metrics\"}"
                  .getBytes(StandardCharsets.UTF_8));
        }
        String type = in.headers.getOrDefault("Content-Type", "application/x-protobuf");
        String encoding = in.headers.get("Content-Encoding");
        assembler.tracerExport(in.headers.get("X-Farol-Invocation"),
            in.path.equals("/v1/traces") ? SpanCount.of(type, encoding, in.body) : 0);
        exporter.forward(in.path, type, encoding, in.body);
        boolean json = type.startsWith("application/json");
        return new MiniHttp.Response(200, Map.of("Content-Type", json ? "application/json" : "application/x-protobuf"),
            json ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0]);
      });
    } catch (IOException e) {
      log("cannot listen on 127.0.0.1:" + port + " for tracers (" + e.getMessage() + "): spans that tracers in "
          + "the function send there will not reach Farol");
      return null;
    }
  }

  /**
   * The Runtime API proxy, when the runtime is pointed at it (FAROL_PROXY_PORT, set with
   * /opt/farol-wrapper as AWS_LAMBDA_EXEC_WRAPPER). Started before registering, so it is up before
   * the runtime starts.
   */
  private RuntimeProxy runtimeProxy() {
    String configured = System.getenv("FAROL_PROXY_PORT");
    if (configured == null || configured.isBlank() || configured.equals("off")) {
      return null;
    }
    int port = parseInt(configured, -1);
    if (port <= 0) {
      log("FAROL_PROXY_PORT must be a port number, got '" + configured + "': the Runtime API proxy is off");
      return null;
    }
    try {
      return new RuntimeProxy(port, runtimeApi, new RuntimeProxy.Observer() {
        @Override
        public void event(String requestId, byte[] body, String clientContext) {
          assembler.event(requestId, body, clientContext);
        }

        @Override
        public void answer(String requestId, boolean error, byte[] body) {
          assembler.answer(requestId, error, body);
        }
      });
    } catch (IOException e) {
      log("cannot listen on 127.0.0.1:" + port + " for the Runtime API proxy (" + e.getMessage() + "); the "
          + "runtime pointed there by /opt/farol-wrapper would not start: fix the port or unset the wrapper");
      return null;
    }
  }

  /** How long, after the runtime is done, to wait for Farol's tracer's export of the invocation. */
  static final long FAROL_TRACER_WAIT_MS = parseInt(System.getenv("FAROL_TRACER_WAIT_MS"), 200);

  /** How long, after the runtime is done, to wait for a Datadog tracer's trace before flushing. */
  static final long DATADOG_TRACE_WAIT_MS = parseInt(System.getenv("FAROL_DATADOG_TRACE_WAIT_MS"), 2_000);

  /** The Datadog trace intake (8126 in an isolated environment, DD_TRACE_AGENT_PORT when Farol gave one). */
  private MiniHttp.Server datadogTraceIntake(java.util.concurrent.atomic.AtomicLong rejected) {
    int port = parseInt(System.getenv("DD_TRACE_AGENT_PORT"), 8126);
    try {
      return DatadogIntake.traceServer(port, assembler, rejected);
    } catch (IOException e) {
      log("cannot listen on 127.0.0.1:" + port + " for Datadog tracers (" + e.getMessage() + "): spans a Datadog "
          + "tracer sends there will not reach Farol");
      return null;
    }
  }

  /**
   * Datadog's invocation protocol, on 127.0.0.1:8124: the port Datadog's Java tracer calls, which it does
   * not let anyone change; in plain mode only one environment at a time can have it.
   */
  private MiniHttp.Server datadogInvocationProtocol() {
    int port = parseInt(System.getenv("FAROL_DATADOG_LAMBDA_PORT"), 8124);
    try {
      return DatadogIntake.invocationServer(port, assembler);
    } catch (IOException e) {
      log("cannot listen on 127.0.0.1:" + port + " for Datadog's invocation protocol (" + e.getMessage() + "): "
          + "a Datadog tracer in this function cannot learn the invocation's trace, so its spans will form a "
          + "trace of their own (in the fallback without isolation, another environment holds the port)");
      return null;
    }
  }

  static int dogStatsDPort() {
    return parseInt(System.getenv("DD_DOGSTATSD_PORT"), 8125);
  }

  /** DogStatsD on UDP (8125 in an isolated environment, DD_DOGSTATSD_PORT when Farol gave one). */
  private DogStatsD dogStatsD() {
    int port = dogStatsDPort();
    try {
      return new DogStatsD(port, assembler::customMetric);
    } catch (IOException e) {
      log("cannot listen on UDP 127.0.0.1:" + port + " for DogStatsD (" + e.getMessage() + "): custom metrics "
          + "sent there will not reach Farol");
      return null;
    }
  }

  private void register() throws IOException {
    MiniHttp.Response r = lambdaApi.request("POST", "/2020-01-01/extension/register",
        Map.of("Lambda-Extension-Name", NAME, "Content-Type", "application/json"),
        "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}".getBytes(StandardCharsets.UTF_8), 10_000);
    if (r.status != 200) {
      throw new IOException("register answered " + r.status + ": " + r.text());
    }
    extensionId = r.headers.get("Lambda-Extension-Identifier");
    if (extensionId == null) {
      throw new IOException("register gave no Lambda-Extension-Identifier");
    }
  }

  private void subscribe(int port) throws IOException {
    String body = "{\"schemaVersion\":\"2022-12-13\",\"types\":[\"platform\",\"function\"],"
        + "\"buffering\":{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":25},"
        + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:" + port + "/telemetry\"}}";
    MiniHttp.Response r = lambdaApi.request("PUT", "/2022-07-01/telemetry",
        Map.of("Lambda-Extension-Identifier", extensionId, "Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8), 10_000);
    if (r.status != 200) {
      log("the Telemetry API refused the subscription (" + r.status + " " + r.text()
          + "): no platform spans or logs will be sent");
    }
  }

  private Map<String, Object> next() throws IOException {
    MiniHttp.Response r = lambdaApi.request("GET", "/2020-01-01/extension/event/next",
        Map.of("Lambda-Extension-Identifier", extensionId), null, 0);
    if (r.status != 200) {
      throw new IOException("event/next answered " + r.status + ": " + r.text());
    }
    return Json.object(Json.parse(r.text()));
  }

  /**
   * What one flush sends: spans, the function's log records, metrics, and the invocations' diagnostics (hops
   * and finding records, sent with the log records) with the hops they tell.
   */
  static final class Payload {
    final List<String> spans;
    final List<String> logs;
    final List<String> metrics;
    final List<String> diagnostics;
    final List<InvocationHops> hops;

    Payload(List<String> spans, List<String> logs) {
      this(spans, logs, List.of());
    }

    Payload(List<String> spans, List<String> logs, List<String> metrics) {
      this(spans, logs, metrics, List.of(), List.of());
    }

    Payload(List<String> spans, List<String> logs, List<String> metrics, List<String> diagnostics,
        List<InvocationHops> hops) {
      this.spans = spans;
      this.logs = logs;
      this.metrics = metrics;
      this.diagnostics = diagnostics;
      this.hops = hops;
    }
  }
}
