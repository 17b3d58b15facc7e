package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.server.store.SpanRow;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** The query API as a test calls it: GET with the query given as pairs, the answer as JSON. */
final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  ApiClient(int port) {
    this.port = port;
  }

  /** {@code path} with {@code pairs} (name, value, name, value, …) URL-encoded. */
  HttpResponse<String> get(String path, String... pairs) throws Exception {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      q.append(q.length() == 0 ? "?" : "&").append(pairs[i]).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + q)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The answer of a call that must succeed. */
  JsonNode json(String path, String... pairs) throws Exception {
    HttpResponse<String> r = get(path, pairs);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The {@code error} of a call that must answer {@code status}. */
  String error(int status, String path, String... pairs) throws Exception {
    HttpResponse<String> r = get(path, pairs);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body()).get("error").asText();
  }

  /** A span as a test writes it straight into the store; ids in hex, times in nanoseconds. */
  static SpanRow span(String trace, String id, String parent, String name, String service, String kind, long start,
      long end, int status, String attributes, String function) {
    return new SpanRow(hex(trace), hex(id), parent == null ? null : hex(parent), name, service, kind, start, end,
        status, "", attributes, "[]", "[]", function, null);
  }

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }
}
