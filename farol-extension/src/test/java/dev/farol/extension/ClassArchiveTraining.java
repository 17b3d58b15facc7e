package dev.farol.extension;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the extension's class archive at package time: runs the layer's own launcher once, through a
 * cold start, one invocation and a shutdown, against a stand-in Lambda API and a stand-in Farol server,
 * with {@code -XX:ArchiveClassesAtExit}. The JVM then writes the classes it loaded to
 * {@code farol/farol-extension.jsa}, which the launcher passes as {@code -XX:SharedArchiveFile} when it
 * is there; the classes come mapped from the archive instead of being read, verified and linked at every
 * cold start. A JVM other than the one that made the archive ignores it and starts as before.
 *
 * <p>Arguments: the layer directory. Exits non-zero, saying why, when no archive was written; the build
 * goes on without it (the extension then starts as before), and the test suite's check of the archive
 * fails.
 */
public final class ClassArchiveTraining {
  private ClassArchiveTraining() {}

  public static void main(String[] args) throws Exception {
    Path layer = Path.of(args[0]).toAbsolutePath();
    Path archive = layer.resolve("farol/farol-extension.jsa");
    Files.deleteIfExists(archive);
    try {
      train(layer, archive);
    } catch (Exception | Error e) {
      Files.deleteIfExists(archive); // half a run leaves no archive behind
      System.out.println("[farol] no class archive for the extension (it will start without one): " + e);
      throw e;
    }
    System.out.println("[farol] class archive for the extension: " + archive.getFileName() + ", "
        + Files.size(archive) / 1024 + " kB");
  }

  private static void train(Path layer, Path archive) throws Exception {
    List<String> telemetryTargets = new ArrayList<>();
    AtomicInteger nexts = new AtomicInteger();
    AtomicInteger exported = new AtomicInteger();
    String requestId = "00000000-0000-4000-8000-000000000001";
    try (MiniHttp.Server farol = new MiniHttp.Server(0, in -> {
      exported.incrementAndGet();
      return new MiniHttp.Response(200, Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8));
    }); MiniHttp.Server lambda = new MiniHttp.Server(0, 0, in -> lambdaApi(in, telemetryTargets, nexts, requestId))) {
      ProcessBuilder pb = new ProcessBuilder("sh", layer.resolve("farol/launch").toString(), "farol-extension");
      Map<String, String> env = pb.environment();
      env.put("FAROL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
      env.put("FAROL_EXTENSION_JAVA_OPTIONS", "-XX:ArchiveClassesAtExit=" + archive);
      env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + lambda.port());
      env.put("FAROL_OTLP_ENDPOINT", "http://127.0.0.1:" + farol.port());
      env.put("AWS_LAMBDA_FUNCTION_NAME", "class-archive-training");
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
      // every intake on a port of the system's choosing, so that the build never collides with anything
      for (String port : List.of("FAROL_EXTENSION_OTLP_PORT", "DD_TRACE_AGENT_PORT", "DD_DOGSTATSD_PORT",
          "FAROL_DATADOG_LAMBDA_PORT")) {
        env.put(port, "0");
      }
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
      Process p = pb.start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("the extension did not end within 120 s of its training run");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("the extension's training run exited with " + p.exitValue());
      }
      if (exported.get() == 0) {
        throw new IllegalStateException("the extension's training run sent nothing to the stand-in server");
      }
    }
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("no class archive was written to " + archive);
    }
  }

  /** The Extensions and Telemetry APIs, as much of them as one cold invocation needs. */
  private static MiniHttp.Response lambdaApi(MiniHttp.Incoming in, List<String> telemetryTargets, AtomicInteger nexts,
      String requestId) {
    String json = "application/json";
    if (in.path.endsWith("/extension/register")) {
      return new MiniHttp.Response(200, Map.of("Content-Type", json, "Lambda-Extension-Identifier",
          "training-extension-id"), ("{\"functionName\":\"class-archive-training\",\"functionVersion\":\"$LATEST\","
          + "\"handler\":\"example.Handler::handleRequest\"}").getBytes(StandardCharsets.UTF_8));
    }
    if (in.path.endsWith("/telemetry")) {
      String body = new String(in.body, StandardCharsets.UTF_8);
      int at = body.indexOf("\"URI\":\"");
      if (at >= 0) {
        String uri = body.substring(at + 7, body.indexOf('"', at + 7));
        telemetryTargets.add(uri.replace("sandbox.localdomain", "127.0.0.1"));
      }
      return new MiniHttp.Response(200, Map.of("Content-Type", json), "OK".getBytes(StandardCharsets.UTF_8));
    }
    if (in.path.endsWith("/extension/event/next")) {
      Instant now = Instant.now();
      if (nexts.getAndIncrement() == 0) {
        send(telemetryTargets, "["
            + event(now.minusMillis(300), "platform.initStart", "{\"initializationType\":\"on-demand\","
                + "\"phase\":\"init\",\"runtimeVersion\":\"java:17\",\"functionName\":\"class-archive-training\","
                + "\"functionVersion\":\"$LATEST\"}") + ","
            + event(now.minusMillis(10), "platform.initRuntimeDone", "{\"initializationType\":\"on-demand\","
                + "\"phase\":\"init\",\"status\":\"success\"}") + ","
            + event(now.minusMillis(5), "platform.initReport", "{\"initializationType\":\"on-demand\",\"phase\":\"init\","
                + "\"status\":\"success\",\"metrics\":{\"durationMs\":295.0}}") + ","
            + event(now, "platform.start", "{\"requestId\":\"" + requestId + "\",\"version\":\"$LATEST\","
                + "\"tracing\":{\"spanId\":\"0123456789abcdef\",\"type\":\"X-Amzn-Trace-Id\",\"value\":"
                + "\"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0123456789abcdef;Sampled=1\"}}") + ","
            + "{\"time\":\"" + now.plusMillis(1) + "\",\"type\":\"function\",\"record\":\"handling the event\"},"
            + event(now.plusMillis(3), "platform.runtimeDone", "{\"requestId\":\"" + requestId + "\","
                + "\"status\":\"success\",\"metrics\":{\"durationMs\":3.0,\"producedBytes\":12}}")
            + "]");
        return new MiniHttp.Response(200, Map.of("Content-Type", json, "Lambda-Extension-Event-Identifier", "1"),
            ("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + (System.currentTimeMillis() + 30_000) + ",\"requestId\":\""
                + requestId + "\",\"invokedFunctionArn\":\"arn:aws:lambda:us-east-1:123456789012:function:"
                + "class-archive-training\",\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":"
                + "\"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0123456789abcdef;Sampled=1\"}}")
                .getBytes(StandardCharsets.UTF_8));
      }
      send(telemetryTargets, "[" + event(now, "platform.report", "{\"requestId\":\"" + requestId + "\",\"status\":"
          + "\"success\",\"metrics\":{\"durationMs\":3.0,\"billedDurationMs\":299,\"memorySizeMB\":512,"
          + "\"maxMemoryUsedMB\":90,\"initDurationMs\":295.0}}") + "]");
      return new MiniHttp.Response(200, Map.of("Content-Type", json, "Lambda-Extension-Event-Identifier", "2"),
          ("{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"spindown\",\"deadlineMs\":"
              + (System.currentTimeMillis() + 2_000) + "}").getBytes(StandardCharsets.UTF_8));
    }
    return new MiniHttp.Response(404, Map.of("Content-Type", json), "{}".getBytes(StandardCharsets.UTF_8));
  }

  private static String event(Instant time, String type, String record) {
    return "{\"time\":\"" + time + "\",\"type\":\"" + type + "\",\"record\":" + record + "}";
  }

  private static void send(List<String> targets, String batch) {
    for (String target : targets) {
      URI uri = URI.create(target);
      try (MiniHttp.Client client = new MiniHttp.Client(uri.getHost() + ":" + uri.getPort())) {
        client.request("POST", uri.getRawPath(), Map.of("Content-Type", "application/json"),
            batch.getBytes(StandardCharsets.UTF_8), 10_000);
      } catch (IOException e) {
        throw new IllegalStateException("cannot deliver telemetry to the extension at " + target, e);
      }
    }
  }
}
