package dev.farol.lambda.http;

import dev.farol.tracer.Farol;
import dev.farol.tracer.Span;
import dev.farol.tracer.SpanKind;
import dev.farol.tracer.Tracer;
import java.net.URI;
import java.util.Map;

/** Client spans for outgoing HTTP calls, shared by the JDK HttpClient and Spring RestClient integrations. */
public final class ClientSpans {
  private ClientSpans() {}

  /** A client span under the current one, or {@code null} when tracing is off or no trace is under way. */
  public static Span start(String method, URI uri) {
    Tracer tracer = Tracer.global();
    try {
      if (!tracer.enabled() || Tracer.current() == null) {
        return null;
      }
      Span s = tracer.startSpan(method, SpanKind.CLIENT);
      s.setAttribute("http.request.method", method);
      if (uri != null) {
        s.setAttribute("url.full", strip(uri));
        if (uri.getHost() != null) {
          s.setAttribute("server.address", uri.getHost());
        }
        if (uri.getPort() > 0) {
          s.setAttribute("server.port", (long) uri.getPort());
        }
      }
      return s;
    } catch (RuntimeException | LinkageError e) {
      tracer.failed("the HTTP client span", e);
      return null;
    }
  }

  /** The trace headers that carry this span as the callee's parent. */
  public static Map<String, String> headers(Span span) {
    return Farol.headers(span);
  }

  public static void end(Span span, int status, Throwable error) {
    try {
      if (status > 0) {
        span.setAttribute("http.response.status_code", (long) status);
        if (status >= 400) {
          span.setAttribute("error.type", Integer.toString(status));
          span.setStatus(Span.ERROR, "HTTP " + status);
        }
      }
      if (error != null) {
        span.recordException(error);
      }
      span.end();
    } catch (RuntimeException | LinkageError e) {
      Tracer.global().failed("the HTTP client span", e);
    }
  }

  /** The URL without user info (credentials never go into spans). */
  private static String strip(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath(), uri.getRawQuery(), null)
          .toString();
    } catch (java.net.URISyntaxException e) {
      return uri.getScheme() + "://" + uri.getHost();
    }
  }
}
