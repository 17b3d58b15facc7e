package dev.farol.tracer;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The small API for code in the function: manual spans, custom metrics, and handing the current
 * trace context to other threads. Every method is safe to call with tracing off or outside an
 * invocation; none throws because of the tracer.
 *
 * <pre>{@code
 * try (Scope s = Farol.span("price quote").activate()) { ... }      // or:
 * Quote q = Farol.inSpan("price quote", () -> quotes.fetch(id));
 * Farol.metric("orders.placed", 1, "currency:EUR");
 * executor = Farol.wrap(executor);                                    // tasks keep the trace
 * }</pre>
 */
public final class Farol {
  private Farol() {}

  /** A body that may throw, for {@link #inSpan}. */
  @FunctionalInterface
  public interface SpanBody<T> {
    T run() throws Exception;
  }

  /** Starts a span under the current one; end it (or use {@link #inSpan}). */
  public static Span span(String name) {
    return Tracer.global().startSpan(name, SpanKind.INTERNAL);
  }

  /** Starts a span of the given kind under the current one. */
  public static Span span(String name, SpanKind kind) {
    return Tracer.global().startSpan(name, kind);
  }

  /**
   * Runs the body in a span of its own, current while it runs; an exception marks the span failed and is
   * rethrown as it is.
   */
  public static <T> T inSpan(String name, SpanBody<T> body) throws Exception {
    Span s = span(name);
    try (Scope ignored = s.activate()) {
      return body.run();
    } catch (Exception | Error e) {
      s.recordException(e);
      throw e;
    } finally {
      s.end();
    }
  }

  /** The span current on this thread, or {@code null}. */
  public static Span currentSpan() {
    return Tracer.current();
  }

  /**
   * The current context as headers for an outgoing request: W3C {@code traceparent} (and
   * {@code tracestate}), and Datadog's {@code x-datadog-*}, so that callees traced by either continue it.
   */
  public static Map<String, String> headers() {
    return headers(Tracer.current());
  }

  /** The headers that make {@code s} the parent of the callee's spans (none for {@code null}). */
  public static Map<String, String> headers(Span s) {
    Map<String, String> h = new LinkedHashMap<>();
    if (s == null) {
      return h;
    }
    TraceContext c = s.context();
    h.put("traceparent", Propagation.traceparent(c, s.spanId()));
    if (c.traceState() != null) {
      h.put("tracestate", c.traceState());
    }
    h.putAll(Propagation.datadogHeaders(c, s.spanId()));
    return h;
  }

  private static volatile DatagramSocket statsd;

  /**
   * A custom metric (a gauge), sent as DogStatsD to the extension ({@code DD_DOGSTATSD_PORT}, 8125), which
   * tags it with the invocation. Tags are {@code key:value} strings.
   */
  public static void metric(String name, double value, String... tags) {
    send(name, value, "g", tags);
  }

  /** A count to add up (DogStatsD {@code c}). */
  public static void count(String name, double value, String... tags) {
    send(name, value, "c", tags);
  }

  private static void send(String name, double value, String type, String... tags) {
    Tracer t = Tracer.global();
    try {
      if (name == null || name.isEmpty() || Double.isNaN(value) || Double.isInfinite(value)) {
        t.report("metric-invalid", "a metric needs a name and a finite value; got " + name + "=" + value
            + " (not sent; reported once)");
        return;
      }
      StringBuilder line = new StringBuilder(clean(name)).append(':').append(value).append('|').append(type);
      if (tags != null && tags.length > 0) {
        line.append("|#");
        for (int i = 0; i < tags.length; i++) {
          line.append(i > 0 ? "," : "").append(tags[i] == null ? "" : tags[i].replace(',', '_').replace('|', '_'));
        }
      }
      byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
      DatagramSocket s = statsd;
      if (s == null) {
        synchronized (Farol.class) {
          if (statsd == null) {
            statsd = new DatagramSocket();
          }
          s = statsd;
        }
      }
      s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), t.config().statsdPort));
    } catch (Exception | LinkageError e) {
      t.failed("metric", e);
    }
  }

  private static String clean(String name) {
    return name.replace(':', '_').replace('|', '_').replace('@', '_').replace('\n', '_');
  }

  // ---------------------------------------------------------------- context across threads

  /** The task, run with the span that is current now as its current span. */
  public static Runnable wrap(Runnable task) {
    Span captured = Tracer.current();
    if (captured == null || task == null) {
      return task;
    }
    return () -> {
      try (Scope ignored = captured.activate()) {
        task.run();
      }
    };
  }

  public static <T> Callable<T> wrap(Callable<T> task) {
    Span captured = Tracer.current();
    if (captured == null || task == null) {
      return task;
    }
    return () -> {
      try (Scope ignored = captured.activate()) {
        return task.call();
      }
    };
  }

  /** An executor whose tasks run with the context current when they were submitted. */
  public static Executor wrap(Executor executor) {
    if (executor instanceof ExecutorService) {
      return wrap((ExecutorService) executor);
    }
    return task -> executor.execute(wrap(task));
  }

  public static ExecutorService wrap(ExecutorService executor) {
    return new ContextExecutorService(executor);
  }

  private static final class ContextExecutorService implements ExecutorService {
    private final ExecutorService delegate;

    ContextExecutorService(ExecutorService delegate) {
      this.delegate = delegate;
    }

    private <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
      List<Callable<T>> out = new java.util.ArrayList<>(tasks.size());
      for (Callable<T> t : tasks) {
        out.add(wrap(t));
      }
      return out;
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(wrap(command));
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
      return delegate.submit(wrap(task));
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
      return delegate.submit(wrap(task), result);
    }

    @Override
    public Future<?> submit(Runnable task) {
      return delegate.submit(wrap(task));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
      return delegate.invokeAll(wrapAll(tasks));
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException {
      return delegate.invokeAll(wrapAll(tasks), timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
      return delegate.invokeAny(wrapAll(tasks));
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      return delegate.invokeAny(wrapAll(tasks), timeout, unit);
    }
  }
}
