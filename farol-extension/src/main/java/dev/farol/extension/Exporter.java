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
  private final String basePath;
  /** Kept-alive connections to the server, reused from one flush to the next. */
  private final MiniHttp.Client client;
  private final ArrayDeque<Request> pending = new ArrayDeque<>();
  /** What tracers in the function sent to the extension's OTLP intake, passed on as it came. */
  private final ArrayDeque<Request> received = new ArrayDeque<>();

  /** One OTLP request to the server. */
  static final class Request {
    final String path;
    final String contentType;
    final String contentEncoding;
    final byte[] body;

    Request(String path, String contentType, String contentEncoding, byte[] body) {
      this.path = path;
      this.contentType = contentType;
      this.contentEncoding = contentEncoding;
      this.body = body;
    }
  }
  private long dropped;
  private volatile boolean warned;

  Exporter(String endpoint, String apiKey) {
    this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.apiKey = apiKey;
    URI uri = URI.create(this.endpoint);
    this.basePath = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.client = new MiniHttp.Client(uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 80));
  }

  String endpoint() {
    return endpoint;
  }

  synchronized long dropped() {
    return dropped;
  }

  private String resource = null;

  void resource(String resourceJson) {
    this.resource = resourceJson;
  }

  /** Keeps a tracer's OTLP request for the next flush. */
  synchronized void forward(String path, String contentType, String contentEncoding, byte[] body) {
    received.add(new Request(path, contentType, contentEncoding, body));
    while (received.size() > MAX_PENDING) {
      received.poll();
      dropped++;
    }
  }

  /** Sends a flush's spans and logs (after anything still pending from earlier flushes). */
  void send(FarolExtension.Payload p) {
    flushRetries();
    // what tracers sent, as it came, then the extension's own signals
    List<Request> requests = new java.util.ArrayList<>();
    synchronized (this) {
      requests.addAll(received);
      received.clear();
    }
    if (!p.spans.isEmpty()) {
      requests.add(json("/v1/traces", "{\"resourceSpans\":[{\"resource\":" + resourceOrEmpty()
          + ",\"scopeSpans\":[{\"scope\":{\"name\":\"farol-extension\"},\"spans\":[" + String.join(",", p.spans)
          + "]}]}]}"));
    }
    if (!p.metrics.isEmpty()) {
      requests.add(json("/v1/metrics", "{\"resourceMetrics\":[{\"resource\":" + resourceOrEmpty()
          + ",\"scopeMetrics\":[{\"scope\":{\"name\":\"farol-extension\"},\"metrics\":["
          + String.join(",", p.metrics) + "]}]}]}"));
    }
    if (!p.logs.isEmpty() || !p.diagnostics.isEmpty()) {
      // the function's lines and the invocations' diagnostics in one request, each under a scope of its own
      StringBuilder scopes = new StringBuilder();
      if (!p.logs.isEmpty()) {
        scopes.append("{\"scope\":{\"name\":\"farol-extension\"},\"logRecords\":[")
            .append(String.join(",", p.logs)).append("]}");
      }
      if (!p.diagnostics.isEmpty()) {
        scopes.append(scopes.length() == 0 ? "" : ",")
            .append("{\"scope\":{\"name\":\"farol-extension/diagnostics\"},\"logRecords\":[")
            .append(String.join(",", p.diagnostics)).append("]}");
      }
      requests.add(json("/v1/logs", "{\"resourceLogs\":[{\"resource\":" + resourceOrEmpty() + ",\"scopeLogs\":["
          + scopes + "]}]}"));
    }
    boolean backlog;
    synchronized (this) {
      backlog = !pending.isEmpty();
    }
    if (backlog || requests.size() < 2) {
      // behind already: keep the order
      for (Request r : requests) {
        post(r, true);
      }
      return;
    }
    // the requests are independent: send them side by side (a few connections at a time), so that the
    // flush takes about as long as the slowest
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> threads = new java.util.ArrayList<>();
    for (int i = 0; i < Math.min(MAX_PARALLEL, requests.size()); i++) {
      Thread t = new Thread(() -> {
        for (int k = next.getAndIncrement(); k < requests.size(); k = next.getAndIncrement()) {
          post(requests.get(k), true);
        }
      }, "farol-extension-export");
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Requests of one flush sent at a time, at most: {@value}. */
  private static final int MAX_PARALLEL = 4;

  private static Request json(String path, String body) {
    return new Request(path, "application/json", null, body.getBytes(StandardCharsets.UTF_8));
  }

  private String resourceOrEmpty() {
    return resource == null ? "{}" : resource;
  }

  /** Sends again what the server did not take before, oldest first, until one fails. */
  void flushRetries() {
    while (true) {
      Request next;
      synchronized (this) {
        next = pending.peek();
      }
      if (next == null || !post(next, false)) {
        return;
      }
      synchronized (this) {
        pending.poll();
      }
    }
  }

  private boolean post(Request req, boolean keepOnFailure) {
    String path = req.path;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", req.contentType == null ? "application/json" : req.contentType);
    if (req.contentEncoding != null) {
      headers.put("Content-Encoding", req.contentEncoding);
    }
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put("x-farol-api-key", apiKey);
    }
    String problem;
    try {
      MiniHttp.Response r = client.request("POST", basePath + path, headers, req.body, 5_000);
      if (r.status / 100 == 2) {
        warned = false;
        return true;
      }
      if (r.status / 100 == 4 && r.status != 429) {
        // the server will never take it: counting it is all that is left
        synchronized (this) {
          dropped++;
        }
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
      synchronized (this) {
        pending.add(req);
        while (pending.size() > MAX_PENDING) {
          pending.poll();
          dropped++;
        }
      }
    }
    return false;
  }

  synchronized List<Request> pendingForTest() {
    return List.copyOf(pending);
  }
}
