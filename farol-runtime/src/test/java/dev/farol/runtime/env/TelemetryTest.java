package dev.farol.runtime.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Telemetry API's subscription rules and delivery, against a real HTTP listener. */
class TelemetryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BlockingQueue<JsonNode> batches = new LinkedBlockingQueue<>();
  private HttpServer listener;
  private Telemetry telemetry;
  private final Extension ext = new Extension("ext-1", "collector", true, Set.of("INVOKE"));

  @BeforeEach
  void start() throws Exception {
    listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    listener.createContext("/", x -> {
      batches.add(JSON.readTree(x.getRequestBody().readAllBytes()));
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    listener.start();
    telemetry = new Telemetry("test-env", Telemetry.loopback());
  }

  @AfterEach
  void stop() {
    telemetry.close();
    listener.stop(0);
  }

  private String body(String types, String buffering) {
    return "{\"schemaVersion\":\"2022-12-13\",\"types\":" + types + ",\"buffering\":" + buffering
        + ",\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:"
        + listener.getAddress().getPort() + "/telemetry\"}}";
  }

  private Reply subscribe(String body) {
    return telemetry.subscribe(ext, false, body.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(Reply r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void invalidSubscriptions_areRefusedWithTheReason() {
    Reply noTypes = subscribe(body("[]", "{}"));
    assertThat(noTypes.status()).isEqualTo(400);
    assertThat(text(noTypes)).contains("Telemetry.ValidationError", "types should not be empty");
    Reply badType = subscribe(body("[\"metrics\"]", "{}"));
    assertThat(text(badType)).contains("unknown type 'metrics'");
    Reply small = subscribe(body("[\"platform\"]", "{\"timeoutMs\":5}"));
    assertThat(small.status()).isEqualTo(400);
    assertThat(text(small)).contains("buffering.timeoutMs must be 25..30000, got 5");
    Reply schema = subscribe("{\"schemaVersion\":\"2019-01-01\",\"types\":[\"platform\"]}");
    assertThat(text(schema)).contains("schemaVersion must be one of");
    Reply noPort = subscribe("{\"schemaVersion\":\"2022-12-13\",\"types\":[\"platform\"],"
        + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain/\"}}");
    assertThat(text(noPort)).contains("URI port is not provided");
    Reply unknown = telemetry.subscribe(null, false, body("[\"platform\"]", "{}").getBytes(StandardCharsets.UTF_8));
    assertThat(unknown.status()).isEqualTo(403);
  }

  @Test
  void backlogSubscriptionAndEvents_areDeliveredAsJsonArrays() throws Exception {
    ObjectMapper m = new ObjectMapper();
    telemetry.emit("platform.initStart", (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(
        "{\"initializationType\":\"on-demand\",\"phase\":\"init\"}"));
    Reply ok = subscribe(body("[\"platform\",\"function\"]", "{\"timeoutMs\":25}"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(text(ok)).isEqualTo("\"OK\"");
    telemetry.log("function", "hello from the function");
    telemetry.log("extension", "not subscribed to extension logs");

    List<String> types = new java.util.ArrayList<>();
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (types.size() < 3 && System.nanoTime() < until) {
      JsonNode batch = batches.poll(100, TimeUnit.MILLISECONDS);
      if (batch == null) {
        continue;
      }
      assertThat(batch.isArray()).isTrue();
      for (JsonNode e : batch) {
        assertThat(e.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        types.add(e.get("type").asText());
        if (e.get("type").asText().equals("function")) {
          assertThat(e.get("record").asText()).isEqualTo("hello from the function");
        }
      }
    }
    assertThat(types).containsExactly("platform.initStart", "platform.telemetrySubscription", "function");
  }

  @Test
  void logsApiSubscribers_getTheLogsApisEvents_andTelemetrySubscribersTheirs() throws Exception {
    ObjectMapper m = new ObjectMapper();
    Reply ok = telemetry.subscribe(ext, true, ("{\"types\":[\"platform\"],\"buffering\":{\"timeoutMs\":25},"
        + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":\"http://sandbox.localdomain:"
        + listener.getAddress().getPort() + "/logs\"}}").getBytes(StandardCharsets.UTF_8));
    assertThat(ok.status()).as(text(ok)).isEqualTo(200);
    telemetry.emit("platform.initStart", (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree("{}"));
    telemetry.emit("platform.start", (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(
        "{\"requestId\":\"r-1\",\"version\":\"$LATEST\"}"));
    telemetry.emit("platform.runtimeDone", (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(
        "{\"requestId\":\"r-1\",\"status\":\"timeout\"}"));

    List<String> types = new java.util.ArrayList<>();
    JsonNode end = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (types.size() < 5 && System.nanoTime() < until) {
      JsonNode batch = batches.poll(100, TimeUnit.MILLISECONDS);
      if (batch != null) {
        for (JsonNode e : batch) {
          types.add(e.get("type").asText());
          if (e.get("type").asText().equals("platform.end")) {
            end = e;
          }
        }
      }
    }
    assertThat(types).containsExactly("platform.logsSubscription", "platform.start", "platform.runtimeDone",
        "platform.end", "platform.fault");
    assertThat(end.at("/record/requestId").asText()).isEqualTo("r-1");
  }

  @Test
  void afterInit_subscriptionsAreClosed() {
    telemetry.initEnded();
    Reply late = subscribe(body("[\"platform\"]", "{}"));
    assertThat(late.status()).isEqualTo(403);
    assertThat(text(late)).contains("Telemetry.SubscriptionClosed");
  }

  @Test
  void paused_deliversNothing_untilResumed() throws Exception {
    assertThat(subscribe(body("[\"function\"]", "{\"timeoutMs\":25}")).status()).isEqualTo(200);
    telemetry.initEnded();
    telemetry.pause();
    telemetry.log("function", "while frozen");
    assertThat(batches.poll(300, TimeUnit.MILLISECONDS)).isNull();
    telemetry.resume();
    JsonNode batch = batches.poll(5, TimeUnit.SECONDS);
    assertThat(batch).isNotNull();
    assertThat(batch.get(0).get("record").asText()).isEqualTo("while frozen");
  }

  @Test
  void aListenerThatFails_getsTheBatchAgain() throws Exception {
    listener.stop(0);
    int port = listener.getAddress().getPort();
    assertThat(subscribe(body("[\"function\"]", "{\"timeoutMs\":25}")).status()).isEqualTo(200);
    telemetry.log("function", "kept until delivered");
    Thread.sleep(300);
    listener = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    listener.createContext("/", x -> {
      batches.add(JSON.readTree(x.getRequestBody().readAllBytes()));
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    listener.start();
    JsonNode batch = batches.poll(10, TimeUnit.SECONDS);
    assertThat(batch).isNotNull();
    assertThat(batch.toString()).contains("kept until delivered");
  }
}
