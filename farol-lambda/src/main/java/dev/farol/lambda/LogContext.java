package dev.farol.lambda;

import dev.farol.tracer.Span;
import dev.farol.tracer.Tracer;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the invocation's ids in the logging libraries' thread context, so that every log line can carry
 * them: SLF4J's MDC (Logback, and Log4j 2 through its SLF4J binding) and Log4j 2's ThreadContext, each
 * when the function has it. Keys: {@code trace_id}, {@code span_id}, {@code request_id}, and for
 * Datadog users {@code dd.trace_id} / {@code dd.span_id} (decimal, lower 64 bits), {@code AWSRequestId}.
 * Found by reflection in the function's class loader; a library that is not there costs nothing.
 */
final class LogContext {
  static final String[] KEYS = {"trace_id", "span_id", "request_id", "AWSRequestId", "dd.trace_id", "dd.span_id"};

  private final Method[] puts;
  private final Method[] removes;

  LogContext(ClassLoader loader) {
    Method[][] found = {find(loader, "org.slf4j.MDC"), find(loader, "org.apache.logging.log4j.ThreadContext")};
    int n = 0;
    for (Method[] f : found) {
      if (f != null) {
        n++;
      }
    }
    puts = new Method[n];
    removes = new Method[n];
    int i = 0;
    for (Method[] f : found) {
      if (f != null) {
        puts[i] = f[0];
        removes[i++] = f[1];
      }
    }
  }

  private static Method[] find(ClassLoader loader, String className) {
    try {
      Class<?> c = Class.forName(className, true, loader);
      return new Method[] {c.getMethod("put", String.class, String.class), c.getMethod("remove", String.class)};
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  boolean any() {
    return puts.length > 0;
  }

  static Map<String, String> values(Span span, String requestId) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("trace_id", span.traceId());
    m.put("span_id", span.spanId());
    if (requestId != null) {
      m.put("request_id", requestId);
      m.put("AWSRequestId", requestId);
    }
    m.put("dd.trace_id", Long.toUnsignedString(Long.parseUnsignedLong(span.traceId().substring(16), 16)));
    m.put("dd.span_id", Long.toUnsignedString(Long.parseUnsignedLong(span.spanId(), 16)));
    return m;
  }

  void put(Span span, String requestId) {
    if (puts.length == 0) {
      return;
    }
    for (Map.Entry<String, String> e : values(span, requestId).entrySet()) {
      for (Method put : puts) {
        try {
          put.invoke(null, e.getKey(), e.getValue());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError err) {
          Tracer.global().failed("log correlation", err);
        }
      }
    }
  }

  void clear() {
    for (String k : KEYS) {
      for (Method remove : removes) {
        try {
          remove.invoke(null, k);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError err) {
          Tracer.global().failed("log correlation", err);
        }
      }
    }
  }
}
