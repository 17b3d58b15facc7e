package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.runtime.config.ConfigOrigin;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.LayerRef;
import dev.farol.runtime.env.LambdaService;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server is down while a function runs: the extension keeps what it could not send and delivers
 * it once the server is back, so every invocation's span and log line ends up stored.
 */
class ServerDownTest {
  private static final Path HOME = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize();

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void whatWasSentWhileTheServerWasDown_arrivesWhenItIsBack(@TempDir Path dir) throws Exception {
    int ingest = freePort();
    Path layer = HOME.resolve("farol-extension/target/layer");
    FunctionConfig fn = new FunctionConfig("clean-math", "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest",
        "java17", HOME.resolve("examples/clean-math/target/clean-math.jar"), 512, 10,
        Map.of("FAROL_OTLP_ENDPOINT", "http://127.0.0.1:" + ingest, "FAROL_EXTENSION_OTLP_PORT", "auto"),
        List.of(new LayerRef("farol:extension", null)), -1, "x86_64", List.<HttpRoute>of(), new ConfigOrigin(null, 0));
    LambdaService.Options options = LambdaService.Options.defaults(dir.resolve("work"),
            HOME.resolve("farol-runtime/target/java-runtime"))
        .withIsolation("plain")
        .withBuiltInLayers(ref -> ref.ref().equals("farol:extension") ? layer : null);
    List<String> requestIds = new ArrayList<>();
    FarolServer server = null;
    try (LambdaService lambda = LambdaService.start(options, List.of(fn))) {
      for (int i = 0; i < 3; i++) {
        InvokeResult r = lambda.invoke(InvokeRequest.of("clean-math", "{}".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(r.payload(), StandardCharsets.UTF_8)).isEqualTo("610");
        requestIds.add(r.requestId());
      }
      // the server comes up on the port the extension has been trying
      server = new FarolServer(FarolServer.Settings.defaults().withPorts(ingest, 0), DuckDbStore.open(
          dir.resolve("data"))).start();
      InvokeResult last = lambda.invoke(InvokeRequest.of("clean-math", "{}".getBytes(StandardCharsets.UTF_8)));
      requestIds.add(last.requestId());
    }
    // closing the local Lambda sent SHUTDOWN: the extension's final flush has gone out
    try {
      ObjectMapper json = new ObjectMapper();
      HttpClient http = HttpClient.newHttpClient();
      for (String id : requestIds) {
        JsonNode inv = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
            + server.queryPort() + "/api/v1/invocations/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(inv.path("requestId").asText()).as("invocation %s: %s", id, inv).isEqualTo(id);
        assertThat(inv.at("/signals/invocationSpan").asBoolean()).isTrue();
        assertThat(inv.at("/signals/logs").asInt()).as("log lines of %s (%d of %s)", id, requestIds.indexOf(id),
            requestIds).isEqualTo(1);
        assertThat(inv.at("/signals/report").asBoolean()).as("report of %s (%d of %s): %s", id, requestIds.indexOf(id), requestIds, inv).isTrue();
      }
      JsonNode first = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.queryPort() + "/api/v1/invocations/" + requestIds.get(0))).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(first.get("coldStart").asBoolean()).isTrue();
      assertThat(first.at("/signals/initSpan").asBoolean()).isTrue();
    } finally {
      server.close();
    }
  }
}
