package dev.farol.lambda.http;

import dev.farol.tracer.Scope;
import dev.farol.tracer.Span;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK {@link HttpClient} with tracing: each call gets a client span under the current one and
 * carries the trace headers (W3C and Datadog). One line where the client is built:
 * {@code HttpClient http = TracingHttpClient.wrap(HttpClient.newHttpClient());}
 */
public final class TracingHttpClient extends HttpClient {
  private final HttpClient delegate;

  private TracingHttpClient(HttpClient delegate) {
    this.delegate = delegate;
  }

  public static HttpClient wrap(HttpClient client) {
    return client instanceof TracingHttpClient ? client : new TracingHttpClient(client);
  }

  /** The request with the headers added (the JDK's requests are immutable). */
  static HttpRequest withHeaders(HttpRequest r, Map<String, String> extra) {
    HttpRequest.Builder b = HttpRequest.newBuilder(r.uri()).expectContinue(r.expectContinue());
    b.method(r.method(), r.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
    r.timeout().ifPresent(b::timeout);
    r.version().ifPresent(b::version);
    HttpHeaders headers = r.headers();
    for (Map.Entry<String, List<String>> h : headers.map().entrySet()) {
      if (extra.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(h.getKey()))) {
        continue;
      }
      for (String v : h.getValue()) {
        b.header(h.getKey(), v);
      }
    }
    extra.forEach(b::header);
    return b.build();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Span span = ClientSpans.start(request.method(), request.uri());
    if (span == null) {
      return delegate.send(request, handler);
    }
    try (Scope ignored = span.activate()) {
      HttpResponse<T> response = delegate.send(withHeaders(request, ClientSpans.headers(span)), handler);
      ClientSpans.end(span, response.statusCode(), null);
      return response;
    } catch (IOException | InterruptedException | RuntimeException e) {
      ClientSpans.end(span, 0, e);
      throw e;
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
      HttpResponse.BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    Span span = ClientSpans.start(request.method(), request.uri());
    if (span == null) {
      return delegate.sendAsync(request, handler, push);
    }
    return delegate.sendAsync(withHeaders(request, ClientSpans.headers(span)), handler, push).whenComplete((r, e) -> ClientSpans.end(span,
        r == null ? 0 : r.statusCode(), e));
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }
}
