package dev.farol.lambda.spring;

import dev.farol.lambda.http.ClientSpans;
import dev.farol.tracer.Scope;
import dev.farol.tracer.Span;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/** Spring's {@code RestClient}: a client span per call, and the trace headers on the request. */
public class TracingRestClientInterceptor implements ClientHttpRequestInterceptor {
  @Override
  public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
      throws IOException {
    Span span = ClientSpans.start(request.getMethod().name(), request.getURI());
    if (span == null) {
      return execution.execute(request, body);
    }
    try (Scope ignored = span.activate()) {
      for (Map.Entry<String, String> h : ClientSpans.headers(span).entrySet()) {
        request.getHeaders().set(h.getKey(), h.getValue());
      }
      ClientHttpResponse response = execution.execute(request, body);
      ClientSpans.end(span, response.getStatusCode().value(), null);
      return response;
    } catch (IOException | RuntimeException e) {
      ClientSpans.end(span, 0, e);
      throw e;
    }
  }
}
