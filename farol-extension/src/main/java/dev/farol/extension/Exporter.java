package dev.farol.extension;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends OTLP/HTTP JSON to Farol's server. A request the server does not take (down, overloaded) is
 * kept in a bounded buffer and sent again with the next flush; what falls out of the buffer is
 * counted and reported, never lost silently.
 */
final class Exporter {
  private static final int MAX_PENDING = 256;

  private final String endpoint;
  private final String apiKey;
  private final String authority;
  private final String basePath;
  private final ArrayDeque<String[]> pending = new ArrayDeque<>();
  private long dropped;
  private boolean warned;

  Exporter(String endpoint, String apiKey) {
    this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.apiKey = apiKey;
    URI uri = URI.create(this.endpoint);
    this.authority = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 80);
    this.basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
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
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put("x-farol-api-key", apiKey);
    }
    String problem;
    try {
      MiniHttp.Response r = MiniHttp.request(authority, "POST", basePath + path, headers,
          body.getBytes(StandardCharsets.UTF_8), 5_000);
      if (r.status / 100 == 2) {
        warned = false;
        return true;
      }
      if (r.status / 100 == 4 && r.status != 429) {
        // the server will never take it: counting it is all that is left
        dropped++;
        FarolExtension.log("the server refused " + path + " (" + r.status + "): " + r.text());
        return true;
      }
      problem = "answered " + r.status;
    } catch (java.io.IOException | RuntimeException e) {
      problem = e.toString();
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
