package dev.farol.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.doctor.live.LiveObservation;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The live check's one invocation, made with a W3C trace context of its own so that the function's trace can be
 * looked up by it afterwards. A function with an HTTP route is called through the API Gateway front, the context
 * in the {@code traceparent} header (its first route; path parameters filled with {@value #PATH_VALUE}, a greedy
 * one with {@value #PROXY_VALUE}, {@code ANY} as {@code GET}). Any other function goes through the Invoke API with
 * the event {@code {}} and the context in the client context's {@code custom} map ({@code X-Amz-Client-Context}),
 * where a direct invoke's caller puts it and where Farol's tracer and the extension's Runtime API proxy read it.
 */
final class LiveInvocation {
  static final String PATH_VALUE = "1";
  static final String PROXY_VALUE = "live-check";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * What came of it.
   *
   * @param requestId the invocation's request id, or {@code null} when the answer did not say (API Gateway)
   */
  record Made(String requestId, LiveObservation.Outcome outcome) {}

  final String traceId;
  final String spanId;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LiveInvocation() {
    this.traceId = hex(16);
    this.spanId = hex(8);
  }

  String traceparent() {
    return "00-" + traceId + "-" + spanId + "-01";
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    b[0] |= 1; // never all zeros
    return HexFormat.of().formatHex(b);
  }

  /**
   * Invokes {@code fn} once.
   *
   * @throws UserError (exit 2) when Lambda refuses the call (not the function: the local Lambda itself)
   */
  Made invoke(FunctionConfig fn, int invokePort, int httpPort) throws IOException, InterruptedException {
    Duration timeout = Duration.ofSeconds(fn.timeoutSeconds() + 40L);
    if (!fn.routes().isEmpty() && httpPort > 0) {
      HttpRoute route = fn.routes().get(0);
      String method = route.method().equals("ANY") ? "GET" : route.method();
      String path = route.path().replaceAll("\\{[^}/]+\\+}", PROXY_VALUE).replaceAll("\\{[^}/]+}", PATH_VALUE);
      HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")
          ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
          .timeout(timeout).header("traceparent", traceparent()).header("Content-Type", "application/json")
          .method(method, body).build(), HttpResponse.BodyHandlers.ofString());
      String via = method + " " + path + " through the API Gateway front (HTTP " + r.statusCode() + ")";
      return new Made(null, r.statusCode() >= 500 ? new LiveObservation.Outcome(via, "HTTP " + r.statusCode(),
          r.body()) : new LiveObservation.Outcome(via, null, null));
    }
    String context = "{\"custom\":{\"traceparent\":\"" + traceparent() + "\"}}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + invokePort
            + "/2015-03-31/functions/" + LiveQuery.encode(fn.name()) + "/invocations"))
        .timeout(timeout)
        .header("X-Amz-Client-Context", Base64.getEncoder().encodeToString(context.getBytes(StandardCharsets.UTF_8)))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new UserError("the Invoke API refused to invoke " + fn.name() + " ("
          + r.headers().firstValue("x-amzn-ErrorType").orElse("HTTP " + r.statusCode()) + "): " + r.body());
    }
    String requestId = r.headers().firstValue("X-Amzn-RequestId").orElse(null);
    String via = "the Invoke API (traceparent in the client context)";
    if (r.headers().firstValue("X-Amz-Function-Error").isEmpty()) {
      return new Made(requestId, new LiveObservation.Outcome(via, null, null));
    }
    String type = "Unhandled";
    String message = r.body();
    try {
      JsonNode error = JSON.readTree(r.body());
      type = error.path("errorType").asText(type);
      message = error.path("errorMessage").asText(message);
    } catch (IOException notJson) {
      // the body as it came is the message
    }
    return new Made(requestId, new LiveObservation.Outcome(via, type, message));
  }
}
