package dev.farol.runtime.env;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer of the in-environment APIs, independent of the HTTP server that writes it. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final Reply ACCEPTED = json(202, "{\"status\":\"OK\"}");

  static Reply json(int status, String json) {
    return new Reply(status, "application/json", json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  static Reply error(int status, String type, String message) {
    return json(status, dev.farol.runtime.http.HttpExchange.lambdaError(type, message));
  }
}
