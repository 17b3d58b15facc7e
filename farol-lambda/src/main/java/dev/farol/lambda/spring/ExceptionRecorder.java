package dev.farol.lambda.spring;

import dev.farol.lambda.Invocations;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Sees every exception a controller throws before the application's own handlers
 * ({@code @ExceptionHandler}, {@code @ControllerAdvice}) turn it into a response, records it on the
 * request span and the invocation span, and lets those handlers do their work.
 */
public class ExceptionRecorder implements HandlerExceptionResolver, Ordered {
  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
      Exception ex) {
    try {
      request.setAttribute(RequestSpanFilter.EXCEPTION, ex);
      Invocations.handledException(ex);
    } catch (RuntimeException | LinkageError ignored) {
      // never in the way of the application's own handling
    }
    return null;
  }
}
