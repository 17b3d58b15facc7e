package dev.farol.extension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Sends OTLP/HTTP JSON to Farol's server. A request the server does not take (down, overloaded) is
 * kept in a bounded buffer and sent again with the next flush; what falls out of the buffer is
 * counted and reported, never lost silently.
 */
final class Exporter {
  private static final int MAX_PENDING = 256;

  private final String endpoint;
  private final String apiKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ArrayDeque<String[]> pending = new ArrayDeque<>();
  private long dropped;
  private boolean warned;

  Exporter(String endpoint, String apiKey) {
    this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.apiKey = apiKey;
  }

  String endpoint() {
    return endpoint;
  }

  long dropped() {
    return dropped;
  }

  private String resource = null;

  void resource(String resourceJson) {
    this.resource = resourceJson;
  }

  /** Sends a flush's spans and logs (after anything still pending from earlier flushes). */
  void send(FarolExtension.Payload p) {
    flushRetries();
    if (!p.spans.isEmpty()) {
      post("/v1/traces", "{\"resourceSpans\":[{\"resource\":" + resourceOrEmpty() + ",\"scopeSpans\":[{\"scope\":"
          + "{\"name\":\"farol-extension\"},\"spans\":[" + String.join(",", p.spans) + "]}]}]}", true);
    }
    if (!p.metrics.isEmpty()) {
      post("/v1/metrics", "{\"resourceMetrics\":[{\"resource\":" + resourceOrEmpty() + ",\"scopeMetrics\":[{"
          + "\"scope\":{\"name\":\"farol-extension\"},\"metrics\":[" + String.join(",", p.metrics) + "]}]}]}", true);
    }
    if (!p.logs.isEmpty()) {
      post("/v1/logs", "{\"resourceLogs\":[{\"resource\":" + resourceOrEmpty() + ",\"scopeLogs\":[{\"scope\":"
          + "{\"name\":\"farol-extension\"},\"logRecords\":[" + String.join(",", p.logs) + "]}]}]}", true);
    }
  }

  private String resourceOrEmpty() {
    return resource == null ? "{}" : resource;
  }

  /** Sends again what the server did not take before, oldest first, until one fails. */
  void flushRetries() {
    while (!pending.isEmpty()) {
      String[] next = pending.peek();
      if (!post(next[0], next[1], false)) {
        return;
      }
      pending.poll();
    }
  }

  private boolean post(String path, String body, boolean keepOnFailure) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + path))
        .timeout(Duration.ofSeconds(2))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null && !apiKey.isEmpty()) {
      b.header("x-farol-api-key", apiKey);
    }
    String problem;
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        warned = false;
        return true;
      }
      if (r.statusCode() / 100 == 4 && r.statusCode() != 429) {
        // the server will never take it: counting it is all that is left
        dropped++;
        FarolExtension.log("the server refused " + path + " (" + r.statusCode() + "): " + r.body());
        return true;
      }
      problem = "answered " + r.statusCode();
    } catch (java.io.IOException e) {
      problem = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    }
    if (!warned) {
      FarolExtension.log("cannot reach Farol's server at " + endpoint + " (" + problem
          + "); keeping data to send later");
      warned = true;
    }
    if (keepOnFailure) {
      pending.add(new String[] {path, body});
      while (pending.size() > MAX_PENDING) {
        pending.poll();
        dropped++;
      }
    }
    return false;
  }

  List<String[]> pendingForTest() {
    return List.copyOf(pending);
  }
}
