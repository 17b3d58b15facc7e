package dev.farol.extension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runtime API proxy: the runtime (pointed here by {@code /opt/farol-wrapper}) calls the extension, which
 * passes each call on to Lambda's Runtime API unchanged and reports the events and answers it saw.
 */
final class RuntimeProxy implements AutoCloseable {
  /** What the proxy saw. */
  interface Observer {
    /** An event the runtime took; {@code clientContext} is its {@code Lambda-Runtime-Client-Context}, or null. */
    void event(String requestId, byte[] body, String clientContext);

    void answer(String requestId, boolean error, byte[] body);
  }

  private final MiniHttp.Server server;
  /** Kept-alive connections to the Runtime API, one per call in flight. */
  private final MiniHttp.Client upstreamClient;

  RuntimeProxy(int port, String upstream, Observer observer) throws IOException {
    upstreamClient = new MiniHttp.Client(upstream);
    // the runtime keeps its connection while the function runs and while the environment is frozen
    server = new MiniHttp.Server(port, 0, in -> {
      Map<String, String> headers = new LinkedHashMap<>();
      for (Map.Entry<String, String> h : in.headers.entrySet()) {
        String k = h.getKey().toLowerCase(java.util.Locale.ROOT);
        if (!k.equals("host") && !k.equals("content-length") && !k.equals("connection")
            && !k.equals("transfer-encoding")) {
          headers.put(h.getKey(), h.getValue());
        }
      }
      byte[] body = in.method.equals("GET") ? null : in.body;
      MiniHttp.Response r;
      try {
        r = upstreamClient.request(in.method, in.path, headers, body, 0);
      } catch (IOException e) {
        FarolExtension.log("Runtime API proxy: " + in.method + " " + in.path + " failed upstream: " + e.getMessage());
        return new MiniHttp.Response(502, Map.of("Content-Type", "application/json"),
            "{\"errorType\":\"Farol.ProxyError\",\"errorMessage\":\"the Runtime API did not answer\"}"
                .getBytes(StandardCharsets.UTF_8));
      }
      try {
        if (in.path.endsWith("/invocation/next") && r.status == 200) {
          String id = r.headers.get("Lambda-Runtime-Aws-Request-Id");
          if (id != null) {
            observer.event(id, r.body, r.headers.get("Lambda-Runtime-Client-Context"));
          }
        } else if (in.path.contains("/invocation/") && (in.path.endsWith("/response") || in.path.endsWith("/error"))) {
          String rest = in.path.substring(in.path.indexOf("/invocation/") + "/invocation/".length());
          String id = rest.substring(0, rest.indexOf('/'));
          observer.answer(id, in.path.endsWith("/error"), in.body);
        }
      } catch (RuntimeException e) {
        // what the proxy saw is a bonus; the runtime's call goes through regardless
      }
      Map<String, String> back = new LinkedHashMap<>();
      for (Map.Entry<String, String> h : r.headers.entrySet()) {
        String k = h.getKey().toLowerCase(java.util.Locale.ROOT);
        if (!k.equals("content-length") && !k.equals("connection") && !k.equals("transfer-encoding")
            && !k.equals("date")) {
          back.put(h.getKey(), h.getValue());
        }
      }
      return new MiniHttp.Response(r.status, back, r.body);
    });
  }

  @Override
  public void close() throws IOException {
    server.close();
    upstreamClient.close();
  }
}
