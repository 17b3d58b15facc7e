package dev.farol.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.farol.tracer.Tracer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Farol's handler wrapper. Set the function's handler to
 * {@code dev.farol.lambda.TracingHandler::handleRequest}, attach the tracer layer, and name the real
 * handler in {@code FAROL_LAMBDA_HANDLER} (or {@code DD_LAMBDA_HANDLER}, so a function configured for
 * Datadog works unchanged). Any handler shape the Java runtime accepts can be wrapped, web adapters
 * (aws-serverless-java-container) included: the real handler is constructed here, in the init phase,
 * as the runtime would construct it.
 *
 * <p>Each invocation gets the trigger's inferred spans and the {@code aws.lambda} span, current while
 * the real handler runs (log lines carry its ids), and its spans are sent to the extension before the
 * handler returns. Shortly before the deadline, what has ended and what is still open (marked as cut
 * by the timeout) is sent, so a timed-out invocation still shows where its time went.
 *
 * <p>In code, instead of the variable: {@code new TracingHandler(new MyStreamHandler())}, or
 * {@link #wrap(RequestStreamHandler)}.
 *
 * <p>The tracer never breaks the function: its own failures are caught, counted and reported once; the
 * real handler's exceptions reach the runtime unchanged.
 */
public class TracingHandler implements RequestStreamHandler {
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "farol-timeout-flush");
    t.setDaemon(true);
    return t;
  });
  private static volatile boolean coldStart = true;

  private final Target target;
  private final Tracer tracer;
  private final LogContext logs;

  /** The wrapper the runtime constructs: the real handler is named in FAROL_LAMBDA_HANDLER. */
  public TracingHandler() {
    this.tracer = Tracer.global();
    String name = handlerName();
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : TracingHandler.class.getClassLoader();
    this.target = Target.load(name, loader);
    this.logs = new LogContext(loader);
    init();
    bridgeOpenTelemetry(loader);
  }

  /** Wraps a stream handler made in code. */
  public TracingHandler(RequestStreamHandler handler) {
    this.tracer = Tracer.global();
    this.target = Target.of(handler);
    this.logs = new LogContext(handler.getClass().getClassLoader());
    init();
  }

  /** One line in code: {@code RequestStreamHandler traced = TracingHandler.wrap(new MyHandler());}. */
  public static RequestStreamHandler wrap(RequestStreamHandler handler) {
    return new TracingHandler(handler);
  }

  private void init() {
    String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    tracer.resource("cloud.provider", "aws");
    tracer.resource("cloud.platform", "aws_lambda");
    tracer.resource("cloud.region", System.getenv("AWS_REGION"));
    tracer.resource("faas.name", function);
    tracer.resource("faas.version", System.getenv("AWS_LAMBDA_FUNCTION_VERSION"));
    if (tracer.config().debug()) {
      Tracer.global().report("start", "wrapping " + target.describe() + "; spans go to "
          + tracer.config().tracesUrl() + (tracer.enabled() ? "" : " (tracing is off)"));
    }
  }

  /**
   * Where the function has the OpenTelemetry API, spans made through it join the invocation's trace:
   * the bridge (farol-otel, in the tracer layer) becomes the global OpenTelemetry. Off with
   * {@code FAROL_OTEL_BRIDGE=false}.
   */
  private void bridgeOpenTelemetry(ClassLoader loader) {
    if ("false".equalsIgnoreCase(System.getenv("FAROL_OTEL_BRIDGE")) || !tracer.enabled()) {
      return;
    }
    try {
      Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, loader);
    } catch (ClassNotFoundException | LinkageError absent) {
      return;
    }
    try {
      Object installed = Class.forName("dev.farol.otel.FarolOpenTelemetry", true, loader).getMethod("install")
          .invoke(null);
      if (tracer.config().debug()) {
        tracer.report("otel-bridge-on", "OpenTelemetry API spans join the trace: " + installed);
      }
    } catch (ReflectiveOperationException | LinkageError e) {
      tracer.failed("the OpenTelemetry bridge", e);
    }
  }

  static String handlerName() {
    String name = System.getenv("FAROL_LAMBDA_HANDLER");
    if (name == null || name.isBlank()) {
      name = System.getenv("DD_LAMBDA_HANDLER");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("dev.farol.lambda.TracingHandler wraps the handler named in "
          + "FAROL_LAMBDA_HANDLER (or DD_LAMBDA_HANDLER), and neither is set: set it to the function's own "
          + "handler, e.g. com.example.OrderHandler::handleRequest");
    }
    return name.trim();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    byte[] event = input.readAllBytes();
    if (!tracer.enabled()) {
      invokeTarget(event, output, context);
      return;
    }
    InvocationTrace trace = null;
    try {
      trace = InvocationTrace.start(tracer, event, context, coldStart);
      if (tracer.config().logsInjection()) {
        logs.put(trace.invocation, trace.requestId);
      }
    } catch (RuntimeException | LinkageError e) {
      tracer.failed("starting the invocation's trace", e);
    }
    coldStart = false;
    if (trace != null) {
      watchDeadline(trace, context);
    }
    ByteArrayOutputStream result = new ByteArrayOutputStream();
    Throwable failure = null;
    try {
      invokeTarget(event, result, context);
    } catch (Throwable t) {
      failure = t;
    } finally {
      if (trace != null) {
        unwatch(trace);
      }
      if (trace != null) {
        try {
          trace.finish(result.toByteArray(), failure);
          tracer.handOff(trace.exportHeaders());
        } catch (RuntimeException | LinkageError e) {
          tracer.failed("ending the invocation's trace", e);
        }
      }
      logs.clear();
    }
    if (failure != null) {
      throw TracingHandler.<RuntimeException>sneaky(failure);
    }
    result.writeTo(output);
  }

  private void invokeTarget(byte[] event, OutputStream out, Context context) throws IOException {
    try {
      target.invoke(event, out, context);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw TracingHandler.<RuntimeException>sneaky(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  // ---------------------------------------------------------------- the flush before the timeout

  private static final Object WATCH = new Object();
  /** The invocation under way and when to flush it, if it is still running then. */
  private static InvocationTrace watched;
  private static long flushAtMillis;
  /** The timer's wake-up that is pending, and when it is due; one serves many invocations. */
  private static ScheduledFuture<?> wakeUp;
  private static long wakeUpAtMillis;

  /**
   * Shortly before the deadline (5 % of the time left, between 50 and 500 ms), sends what ended and
   * what is still open, cut by the timeout. No timer work per invocation: a pending wake-up is only
   * brought forward when this deadline comes sooner; when it fires early it waits for the current one.
   */
  private void watchDeadline(InvocationTrace trace, Context context) {
    if (context == null) {
      return;
    }
    long remaining = context.getRemainingTimeInMillis();
    long margin = Math.max(50, Math.min(500, remaining / 20));
    if (remaining - margin <= 0) {
      return;
    }
    long at = System.currentTimeMillis() + remaining - margin;
    synchronized (WATCH) {
      watched = trace;
      flushAtMillis = at;
      if (wakeUp == null || wakeUpAtMillis > at) {
        if (wakeUp != null) {
          wakeUp.cancel(false);
        }
        schedule(at);
      }
    }
  }

  private void unwatch(InvocationTrace trace) {
    synchronized (WATCH) {
      if (watched == trace) {
        watched = null;
      }
    }
  }

  private void schedule(long atMillis) {
    try {
      wakeUpAtMillis = atMillis;
      wakeUp = TIMER.schedule(this::wakeUp, Math.max(0, atMillis - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      wakeUp = null;
      tracer.failed("scheduling the flush before the timeout", e);
    }
  }

  private void wakeUp() {
    InvocationTrace due;
    synchronized (WATCH) {
      wakeUp = null;
      due = watched;
      if (due == null) {
        return;
      }
      if (System.currentTimeMillis() < flushAtMillis) {
        schedule(flushAtMillis);
        return;
      }
      watched = null;
    }
    try {
      due.invocation.setAttribute("error.type", "Sandbox.Timedout");
      int cut = tracer.cutOpenSpans("timeout");
      tracer.report("timeout", "the invocation is about to time out: " + cut + " open spans were sent cut "
          + "short (farol.span.cut=timeout)");
      tracer.flush(due.exportHeaders());
    } catch (RuntimeException | LinkageError e) {
      tracer.failed("the flush before the timeout", e);
    }
  }
}
