package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples as users run them ({@code farol up}, the bundled template: both functions wrapped by
 * Farol's tracer): a payment through the API Gateway front with the caller's {@code traceparent} makes one
 * trace from the caller to the ledger function it calls.
 */
class InstallmentsTraceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> post(int port, String path, String traceparent, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (traceparent != null) {
      b.header("traceparent", traceparent);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode trace(int queryPort, String traceId, int minSpans) throws Exception {
    JsonNode last = null;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
          + "/api/v1/traces/" + traceId)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        last = JSON.readTree(r.body());
        if (last.get("spans").size() >= minSpans) {
          return last;
        }
      }
      Thread.sleep(200);
    }
    return last;
  }

  private static Map<String, JsonNode> byName(JsonNode trace, String service) {
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode s : trace.get("spans")) {
      if (service == null || s.get("service").asText().equals(service)) {
        m.put(s.get("name").asText(), s);
      }
    }
    return m;
  }

  /**
   * Also in plain environments (no sandbox): the tracer layer's jars must still share the function's class
   * loader, or its Spring integration cannot see Spring.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"auto", "plain"})
  void aPayment_isOneTraceFromTheCallerToTheLedger_andAHandledExceptionStillMarksTheInvocation(String isolation,
      @TempDir Path dir) throws Exception {
    // the bundled template, with the ledger's URL on this run's API Gateway port (and the code where it is)
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Path examples = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize().resolve("examples");
    String template = java.nio.file.Files.readString(examples.resolve("template.yaml"))
        .replace("CodeUri: ", "CodeUri: " + examples + "/")
        .replace("http://127.0.0.1:3000/bookkeeping/entries", "http://127.0.0.1:" + port + "/bookkeeping/entries");
    Path copy = java.nio.file.Files.writeString(dir.resolve("template.yaml"), template);
    FarolCliTest.Up up = FarolCliTest.startUp(dir, "--template", copy.toString(), "--http-port",
        Integer.toString(port), "--isolation", isolation);
    try {
      assertThat(up.httpPort()).as(up.output().toString()).isPositive();
      // the ledger function's cold start first, so the payment's call to it does not wait for a Spring boot
      HttpResponse<String> ledger = post(up.httpPort(), "/bookkeeping/entries", null,
          "{\"installmentId\":\"1\",\"paymentId\":\"warm-up\",\"amount\":1,\"currency\":\"EUR\"}");
      assertThat(ledger.statusCode()).as(ledger.body() + up.output()).isEqualTo(202);

      String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
      HttpResponse<String> paid = post(up.httpPort(), "/installments/1/payments",
          "00-" + traceId + "-00f067aa0ba902b7-01", "{\"amount\":10,\"currency\":\"EUR\"}");
      assertThat(paid.statusCode()).as(paid.body() + up.output()).isEqualTo(201);
      assertThat(paid.body()).contains("\"ledger\":\"recorded\"");

      JsonNode trace = trace(up.queryPort(), traceId, 8);
      assertThat(trace).as(up.output().toString()).isNotNull();
      Map<String, JsonNode> payments = byName(trace, "installment-payment-transfers");
      JsonNode inferred = payments.get("aws.apigateway POST /installments/{id}/payments");
      JsonNode lambda = payments.get("aws.lambda");
      JsonNode request = payments.get("POST /installments/{id}/payments");
      JsonNode custom = payments.get("installments.outstanding");
      JsonNode client = payments.get("POST");
      assertThat(inferred).as(trace.toString()).isNotNull();
      assertThat(inferred.get("parentSpanId").asText()).isEqualTo("00f067aa0ba902b7");
      assertThat(lambda.get("parentSpanId").asText()).isEqualTo(inferred.get("spanId").asText());
      assertThat(request.get("parentSpanId").asText()).isEqualTo(lambda.get("spanId").asText());
      assertThat(request.at("/attributes/http.route").asText()).isEqualTo("/installments/{id}/payments");
      assertThat(request.at("/attributes/http.response.status_code").asInt()).isEqualTo(201);
      assertThat(custom.get("parentSpanId").asText()).isEqualTo(request.get("spanId").asText());
      assertThat(client.get("parentSpanId").asText()).isEqualTo(request.get("spanId").asText());
      assertThat(client.at("/attributes/url.full").asText()).endsWith("/bookkeeping/entries");
      // the ledger function continued the trace from the client span's headers
      Map<String, JsonNode> ledgerSpans = byName(trace, "installment-bookkeeping-events");
      assertThat(ledgerSpans.get("aws.apigateway POST /bookkeeping/{proxy+}").get("parentSpanId").asText())
          .isEqualTo(client.get("spanId").asText());
      // no second invocation span from the extension for a traced invocation
      assertThat(trace.get("spans").findValuesAsText("name").stream().filter("aws.lambda"::equals)).hasSize(2);
      // the request's log lines carry its trace
      String logs = "";
      long logsUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < logsUntil && !logs.contains("on installment 1")) {
        logs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + up.queryPort()
            + "/api/v1/logs?traceId=" + traceId)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Thread.sleep(200);
      }
      assertThat(logs).contains("payment ", "on installment 1", "installment-payment-transfers");

      // a payment the application refuses with its own exception handler (422): still an error, with its type
      String refusedTrace = "5bf92f3577b34da6a3ce929d0e0e4736";
      HttpResponse<String> refused = post(up.httpPort(), "/installments/1/payments",
          "00-" + refusedTrace + "-00f067aa0ba902b7-01", "{\"amount\":10,\"currency\":\"USD\"}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
      JsonNode refusedSpans = trace(up.queryPort(), refusedTrace, 3);
      JsonNode refusedLambda = byName(refusedSpans, null).get("aws.lambda");
      assertThat(refusedLambda.at("/status/code").asText()).isEqualTo("ERROR");
      assertThat(refusedLambda.at("/attributes/error.type").asText())
          .isEqualTo("dev.farol.examples.installments.PaymentRejectedException");
      assertThat(refusedLambda.at("/attributes/http.response.status_code").asInt()).isEqualTo(422);
    } finally {
      FarolCliTest.stop(up);
    }
  }
}
