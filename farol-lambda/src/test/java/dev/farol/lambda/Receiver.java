package dev.farol.lambda;

import com.sun.net.httpserver.HttpServer;
import dev.farol.tracer.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real OTLP/HTTP JSON receiver on the loopback, standing where the extension listens. */
final class Receiver implements AutoCloseable {
  final HttpServer server;
  final List<Map<String, Object>> spans = new CopyOnWriteArrayList<>();
  final List<String> invocationHeaders = new CopyOnWriteArrayList<>();
  final List<Long> receivedAtMillis = new CopyOnWriteArrayList<>();

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/traces", x -> {
      byte[] body = x.getRequestBody().readAllBytes();
      receivedAtMillis.add(System.currentTimeMillis());
      String h = x.getRequestHeaders().getFirst("X-Farol-Invocation");
      if (h != null) {
        invocationHeaders.add(h);
      }
      Map<String, Object> req = Json.object(Json.parse(new String(body, StandardCharsets.UTF_8)));
      for (Object rs : Json.array(req.get("resourceSpans"))) {
        for (Object ss : Json.array(Json.object(rs).get("scopeSpans"))) {
          for (Object s : Json.array(Json.object(ss).get("spans"))) {
            spans.add(Json.object(s));
          }
        }
      }
      byte[] ok = "{}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, ok.length);
      x.getResponseBody().write(ok);
      x.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  Map<String, Object> named(String name) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> s : spans) {
      if (name.equals(s.get("name"))) {
        found.add(s);
      }
    }
    if (found.size() != 1) {
      throw new AssertionError("expected one span named " + name + ", got " + found.size() + " in " + spans);
    }
    return found.get(0);
  }

  static String attr(Map<String, Object> span, String key) {
    for (Object o : Json.array(span.get("attributes"))) {
      Map<String, Object> kv = Json.object(o);
      if (key.equals(kv.get("key"))) {
        return String.valueOf(Json.object(kv.get("value")).values().iterator().next());
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
