package dev.farol.lambda.spring;

import dev.farol.tracer.Scope;
import dev.farol.tracer.Span;
import dev.farol.tracer.SpanKind;
import dev.farol.tracer.Tracer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;

/**
 * The web framework's request span, a child of the invocation span: method and route template (the
 * pattern Spring MVC matched, such as {@code /installments/{id}}), path, status, and the exception if
 * one escaped or was handled by the application's exception handlers.
 */
public class RequestSpanFilter implements Filter, Ordered {
  static final String ROUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
  static final String EXCEPTION = RequestSpanFilter.class.getName() + ".exception";

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Tracer tracer = Tracer.global();
    if (!tracer.enabled() || !(request instanceof HttpServletRequest)
        || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse res = (HttpServletResponse) response;
    Span span = null;
    try {
      span = tracer.startSpan(req.getMethod() + " " + req.getRequestURI(), SpanKind.SERVER);
      span.setAttribute("http.request.method", req.getMethod());
      span.setAttribute("url.path", req.getRequestURI());
      if (req.getQueryString() != null) {
        span.setAttribute("url.query", req.getQueryString());
      }
      span.setAttribute("farol.framework", "spring-webmvc");
    } catch (RuntimeException | LinkageError e) {
      tracer.failed("the request span", e);
    }
    if (span == null) {
      chain.doFilter(request, response);
      return;
    }
    Throwable escaped = null;
    try (Scope ignored = span.activate()) {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      escaped = e;
      throw e;
    } finally {
      try {
        Object route = req.getAttribute(ROUTE);
        if (route != null) {
          span.setName(req.getMethod() + " " + route);
          span.setAttribute("http.route", route.toString());
        }
        int status = escaped != null && res.getStatus() < 400 ? 500 : res.getStatus();
        span.setAttribute("http.response.status_code", (long) status);
        Object handled = req.getAttribute(EXCEPTION);
        if (escaped != null) {
          span.recordException(escaped);
        } else if (handled instanceof Throwable) {
          span.recordException((Throwable) handled);
        } else if (status >= 500) {
          span.setStatus(Span.ERROR, "HTTP " + status);
        }
        span.end();
      } catch (RuntimeException | LinkageError e) {
        tracer.failed("the request span", e);
      }
    }
  }
}
