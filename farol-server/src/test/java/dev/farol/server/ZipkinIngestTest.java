package dev.farol.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.server.store.DuckDbStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/** Zipkin v2 spans, sent by Zipkin's own reporter sender, land in the same store and query API. */
class ZipkinIngestTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void zipkinSenderSpans_areStoredAsTraces(@TempDir Path data) throws Exception {
    try (FarolServer server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0),
        DuckDbStore.open(data)).start()) {
      long nowMicros = System.currentTimeMillis() * 1000L;
      Span root = Span.newBuilder().traceId("463ac35c9f6413ad").id("463ac35c9f6413ad").name("get /installments")
          .kind(Span.Kind.SERVER).localEndpoint(Endpoint.newBuilder().serviceName("gateway").build())
          .timestamp(nowMicros).duration(20_000).putTag("http.method", "GET").build();
      Span child = Span.newBuilder().traceId("463ac35c9f6413ad").parentId("463ac35c9f6413ad").id("72485a3953bb6124")
          .name("select").kind(Span.Kind.CLIENT).localEndpoint(Endpoint.newBuilder().serviceName("gateway").build())
          .timestamp(nowMicros + 1000).duration(5_000).putTag("error", "timeout").addAnnotation(nowMicros + 2000, "retry")
          .build();
      URLConnectionSender sender = URLConnectionSender.create("http://127.0.0.1:" + server.ingestPort()
          + "/api/v2/spans");
      try {
        sender.send(List.of(SpanBytesEncoder.JSON_V2.encode(root), SpanBytesEncoder.JSON_V2.encode(child)));
      } finally {
        sender.close();
      }
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.queryPort()
          + "/api/v1/traces/0000000000000000463ac35c9f6413ad")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode trace = json.readTree(r.body());
      assertThat(trace.get("spans")).hasSize(2);
      assertThat(trace.at("/spans/0/name").asText()).isEqualTo("get /installments");
      assertThat(trace.at("/spans/0/kind").asText()).isEqualTo("SERVER");
      assertThat(trace.at("/spans/0/attributes/http.method").asText()).isEqualTo("GET");
      assertThat(trace.at("/spans/1/parentSpanId").asText()).isEqualTo("463ac35c9f6413ad");
      assertThat(trace.at("/spans/1/status/code").asText()).isEqualTo("ERROR");
      assertThat(trace.at("/spans/1/events/0/name").asText()).isEqualTo("retry");
      assertThat(trace.at("/spans/1/endTimeUnixNano").asLong() - trace.at("/spans/1/startTimeUnixNano").asLong())
          .isEqualTo(5_000_000L);

      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.ingestPort() + "/api/v2/spans")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("[{\"traceId\":\"zz\"}]")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("not valid Zipkin v2 JSON");
    }
  }
}
