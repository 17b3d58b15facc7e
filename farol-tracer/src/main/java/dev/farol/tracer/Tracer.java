package dev.farol.tracer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts spans, keeps the ended ones until {@link #flush} sends them (synchronously, before the handler
 * returns), and knows the open ones, so that a flush before a timeout can send them cut. One per
 * process ({@link #global()}); Lambda runs one invocation at a time per process.
 *
 * <p>It never throws into the function: its own failures are counted ({@link #failures()}) and
 * reported once each, on standard error.
 */
public final class Tracer {
  public static final String VERSION = "0.1.0";
  /** At most this many ended spans wait for a flush; more are dropped and counted. */
  static final int MAX_BUFFERED = 20_000;

  private static volatile Tracer global;

  private final Config config;
  private final Exporter exporter;
  private final Map<String, Object> resource = new LinkedHashMap<>();
  private final List<Span> ended = new ArrayList<>();
  private final Set<Span> open = Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong droppedSpans = new AtomicLong();
  private final AtomicLong exportedSpans = new AtomicLong();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  public Tracer(Config config) {
    this.config = config;
    Exporter e = null;
    try {
      e = new Exporter(config.tracesUrl, config.connectTimeoutMs, config.readTimeoutMs);
    } catch (RuntimeException bad) {
      report("endpoint", "spans cannot be sent: " + bad.getMessage());
    }
    this.exporter = e;
    resource.put("service.name", config.service);
    resource.put("telemetry.sdk.name", "farol-tracer");
    resource.put("telemetry.sdk.language", "java");
    resource.put("telemetry.sdk.version", VERSION);
    if (config.environment != null) {
      resource.put("deployment.environment.name", config.environment);
    }
    if (config.version != null) {
      resource.put("service.version", config.version);
    }
    resource.putAll(config.resourceAttributes);
  }

  /** The process's tracer, configured from the environment on first use. */
  public static Tracer global() {
    Tracer t = global;
    if (t == null) {
      synchronized (Tracer.class) {
        t = global;
        if (t == null) {
          t = new Tracer(Config.fromEnvironment());
          global = t;
        }
      }
    }
    return t;
  }

  /** Replaces the process's tracer (tests, or a function that configures its own). */
  public static void setGlobal(Tracer tracer) {
    global = tracer;
  }

  public Config config() {
    return config;
  }

  public boolean enabled() {
    return config.enabled;
  }

  /** Adds resource attributes (the function's name, ARN, memory...), before the first flush. */
  public synchronized void resource(String key, Object value) {
    if (key != null && value != null) {
      resource.put(key, value);
      resourceHead = null;
    }
  }

  /** The encoded resource (and scope) every export starts with, made again when the resource changes. */
  private String resourceHead;

  /** The span current on this thread, or {@code null}. */
  public static Span current() {
    return Scope.CURRENT.get();
  }

  /** A span under the current one (a new trace if there is none). */
  public Span startSpan(String name, SpanKind kind) {
    Span parent = current();
    return parent != null ? startChild(name, kind, parent, Clock.nowEpochNanos())
        : startSpan(name, kind, null, Clock.nowEpochNanos());
  }

  public Span startChild(String name, SpanKind kind, Span parent, long startEpochNanos) {
    return started(new Span(this, parent.traceId(), Ids.spanId(), parent.spanId(), parent.sampled(),
        parent.context().traceState(), name, kind, startEpochNanos));
  }

  /**
   * A span continuing a remote context ({@code null}: a new trace). The sampling decision is taken here,
   * by {@link Sampler}'s rule.
   */
  public Span startSpan(String name, SpanKind kind, TraceContext remoteParent, long startEpochNanos) {
    return startSpan(name, kind, remoteParent, startEpochNanos, null);
  }

  /** As above, with the span id given (the invocation span takes the platform's). */
  public Span startSpan(String name, SpanKind kind, TraceContext remoteParent, long startEpochNanos,
      String spanId) {
    boolean sampled = enabled() && Sampler.sampled(remoteParent, config.honorXraySampling);
    String id = spanId != null && TraceContext.isHex(spanId, 16) && !TraceContext.isZero(spanId)
        ? spanId.toLowerCase(java.util.Locale.ROOT) : Ids.spanId();
    Span s = remoteParent == null
        ? new Span(this, Ids.traceId(), id, null, sampled, null, name, kind, startEpochNanos)
        : new Span(this, remoteParent.traceId(), id, remoteParent.spanId(), sampled, remoteParent.traceState(),
            name, kind, startEpochNanos);
    return started(s);
  }

  /**
   * A span in a given trace, with a given parent (or none) and id: the invocation span continuing the
   * platform's trace (X-Ray root, no caller), whose id the platform chose.
   */
  public Span startInTrace(String name, SpanKind kind, String traceId, String parentSpanId, String spanId,
      boolean sampled, long startEpochNanos) {
    String id = spanId != null && TraceContext.isHex(spanId, 16) && !TraceContext.isZero(spanId)
        ? spanId.toLowerCase(java.util.Locale.ROOT) : Ids.spanId();
    String trace = traceId != null && TraceContext.isHex(traceId, 32) && !TraceContext.isZero(traceId)
        ? traceId.toLowerCase(java.util.Locale.ROOT) : Ids.traceId();
    return started(new Span(this, trace, id, parentSpanId, sampled && enabled(), null, name, kind, startEpochNanos));
  }

  /** The Unix time in nanoseconds, as spans are timed. */
  public static long now() {
    return Clock.nowEpochNanos();
  }

  /** Reads the wall clock again (at an invocation's start: a restored snapshot's clock may have moved). */
  public static void rebaseClock() {
    Clock.rebase();
  }

  private Span started(Span s) {
    if (s.sampled()) {
      open.add(s);
    }
    return s;
  }

  void ended(Span s) {
    if (!open.remove(s) || !s.sampled()) {
      return;
    }
    synchronized (ended) {
      if (ended.size() >= MAX_BUFFERED) {
        droppedSpans.incrementAndGet();
        report("buffer", "more than " + MAX_BUFFERED + " spans ended before a flush; the rest are dropped "
            + "(counted in farol.tracer.dropped_spans)");
        return;
      }
      ended.add(s);
    }
  }

  /** Ends every open span now, marked as cut short ({@code farol.span.cut} = reason, error status). */
  public int cutOpenSpans(String reason) {
    List<Span> snapshot;
    synchronized (open) {
      snapshot = new ArrayList<>(open);
    }
    for (Span s : snapshot) {
      s.setAttribute("farol.span.cut", reason);
      s.setStatus(Span.ERROR, "cut short: " + reason);
      s.end();
    }
    return snapshot.size();
  }

  public int openSpans() {
    return open.size();
  }

  /** Forgets the ended spans not yet sent; returns how many (for a tracer whose spans go nowhere). */
  public int discardEnded() {
    return drain().size();
  }

  /** The ended spans not yet sent (and forgets them). */
  List<Span> drain() {
    synchronized (ended) {
      List<Span> out = new ArrayList<>(ended);
      ended.clear();
      return out;
    }
  }

  /**
   * Sends every ended span now and returns how many were sent. Extra headers go with the request (the
   * extension learns from them which invocation the spans belong to). Failures are counted, reported
   * once, and the spans dropped (counted): the function is not held up by a receiver that is not there.
   */
  public int flush(Map<String, String> headers) {
    return flush(headers, true);
  }

  /**
   * As {@link #flush}, at the end of an invocation: with {@code FAROL_TRACER_EXPORT=handoff} (the
   * default) the request is handed over without waiting for the answer, which is read before the next
   * export — the invocation does not pay the round trip, and Farol's extension waits for the hand-over
   * before it flushes. {@code sync} waits for every answer (for receivers other than the extension).
   */
  public int handOff(Map<String, String> headers) {
    return flush(headers, !config.handOff);
  }

  private int flush(Map<String, String> headers, boolean await) {
    List<Span> spans = drain();
    if (spans.isEmpty()) {
      return 0;
    }
    if (exporter == null) {
      droppedSpans.addAndGet(spans.size());
      return 0;
    }
    String head;
    synchronized (this) {
      if (resourceHead == null) {
        resourceHead = OtlpJson.head(resource);
      }
      head = resourceHead;
    }
    try {
      byte[] body = OtlpJson.traces(head, spans).getBytes(StandardCharsets.UTF_8);
      int status = exporter.post(body, headers == null ? Map.of() : headers, await);
      String late = exporter.takeLateFailures();
      if (late != null) {
        failures.incrementAndGet();
        report("export-late", "spans handed over earlier were not taken: " + late + "; this message is not repeated");
      }
      if (status / 100 != 2) {
        throw new java.io.IOException(exporter.target() + " answered HTTP " + status);
      }
      exportedSpans.addAndGet(spans.size());
      if (config.debug) {
        log("sent " + spans.size() + " spans to " + exporter.target());
      }
      return spans.size();
    } catch (Exception | LinkageError e) {
      failures.incrementAndGet();
      droppedSpans.addAndGet(spans.size());
      report("export", "could not send spans to " + (exporter == null ? "?" : exporter.target()) + " (" + e.getMessage()
          + "); is Farol's extension attached (layer farol:extension)? Spans that cannot be sent are dropped and "
          + "counted; this message is not repeated");
      return 0;
    }
  }

  public long failures() {
    return failures.get();
  }

  public long droppedSpans() {
    return droppedSpans.get();
  }

  public long exportedSpans() {
    return exportedSpans.get();
  }

  /** Counts a failure of the tracer's own and reports it once per kind. */
  public void failed(String kind, Throwable t) {
    failures.incrementAndGet();
    report(kind, kind + " failed and was skipped: " + t);
  }

  /** Reports a condition once per key (on standard error, as a function's log line). */
  public void report(String key, String message) {
    if (reported.add(key)) {
      log(message);
    }
  }

  static void log(String message) {
    System.err.println("[farol-tracer] " + message);
  }
}
