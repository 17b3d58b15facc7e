package dev.farol.tracer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A span: 128-bit trace id, 64-bit span id, kind, attributes, events, links and status, timed in Unix
 * nanoseconds. Started by a {@link Tracer}; recorded when it ends (and when its trace is sampled).
 * Thread-safe; methods on an ended span change nothing.
 */
public final class Span {
  /** Status codes, as OTLP has them. */
  public static final int UNSET = 0;
  public static final int OK = 1;
  public static final int ERROR = 2;

  private final Tracer tracer;
  private final String traceId;
  private final String spanId;
  private final String parentSpanId;
  private final boolean sampled;
  private final SpanKind kind;
  private final long startNanos;
  private final String traceState;
  private String name;
  private long endNanos;
  private final Map<String, Object> attributes = new LinkedHashMap<>();
  private final List<Event> events = new ArrayList<>();
  private final List<Link> links = new ArrayList<>();
  private int status = UNSET;
  private String statusMessage;

  /** A timed event on the span. */
  public static final class Event {
    final String name;
    final long timeNanos;
    final Map<String, Object> attributes;

    Event(String name, long timeNanos, Map<String, Object> attributes) {
      this.name = name;
      this.timeNanos = timeNanos;
      this.attributes = attributes;
    }
  }

  /** A link to a span of another (or the same) trace, such as one message of a batch. */
  public static final class Link {
    final String traceId;
    final String spanId;
    final Map<String, Object> attributes;

    Link(String traceId, String spanId, Map<String, Object> attributes) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.attributes = attributes;
    }
  }

  Span(Tracer tracer, String traceId, String spanId, String parentSpanId, boolean sampled, String traceState,
      String name, SpanKind kind, long startNanos) {
    this.tracer = tracer;
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.sampled = sampled;
    this.traceState = traceState;
    this.name = name;
    this.kind = kind;
    this.startNanos = startNanos;
  }

  public String traceId() {
    return traceId;
  }

  public String spanId() {
    return spanId;
  }

  /** The parent's span id, or {@code null} for a root. */
  public String parentSpanId() {
    return parentSpanId;
  }

  public boolean sampled() {
    return sampled;
  }

  public SpanKind kind() {
    return kind;
  }

  public synchronized String name() {
    return name;
  }

  public long startEpochNanos() {
    return startNanos;
  }

  /** 0 while the span is open. */
  public synchronized long endEpochNanos() {
    return endNanos;
  }

  public synchronized boolean isEnded() {
    return endNanos != 0;
  }

  /** This span as the context of what it calls: its trace, itself as parent. */
  public TraceContext context() {
    return new TraceContext(traceId, spanId, sampled, "w3c", traceState);
  }

  public synchronized Span setName(String name) {
    if (endNanos == 0 && name != null) {
      this.name = name;
    }
    return this;
  }

  public Span setAttribute(String key, String value) {
    return put(key, value);
  }

  public Span setAttribute(String key, long value) {
    return put(key, value);
  }

  public Span setAttribute(String key, double value) {
    return put(key, value);
  }

  public Span setAttribute(String key, boolean value) {
    return put(key, value);
  }

  private synchronized Span put(String key, Object value) {
    if (endNanos == 0 && key != null && value != null) {
      attributes.put(key, value);
    }
    return this;
  }

  public synchronized Object attribute(String key) {
    return attributes.get(key);
  }

  public synchronized Span addEvent(String name, Map<String, Object> attributes) {
    if (endNanos == 0) {
      events.add(new Event(name, Clock.nowEpochNanos(), attributes == null ? Map.of() : new LinkedHashMap<>(
          attributes)));
    }
    return this;
  }

  public synchronized Span addLink(TraceContext context, Map<String, Object> attributes) {
    if (endNanos == 0 && context != null) {
      links.add(new Link(context.traceId(), context.spanId(), attributes == null ? Map.of()
          : new LinkedHashMap<>(attributes)));
    }
    return this;
  }

  /**
   * Marks the span failed by this exception: an {@code exception} event (type, message, stack trace, as
   * OTel names them), the same attributes on the span, and an error status with the message.
   */
  public Span recordException(Throwable t) {
    if (t == null) {
      return this;
    }
    StringWriter stack = new StringWriter();
    t.printStackTrace(new PrintWriter(stack));
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("exception.type", t.getClass().getName());
    if (t.getMessage() != null) {
      a.put("exception.message", t.getMessage());
    }
    a.put("exception.stacktrace", stack.toString());
    addEvent("exception", a);
    synchronized (this) {
      if (endNanos == 0) {
        attributes.put("error.type", t.getClass().getName());
        attributes.putAll(a);
      }
    }
    return setStatus(ERROR, t.getMessage() != null ? t.getMessage() : t.getClass().getName());
  }

  public synchronized Span setStatus(int code, String message) {
    if (endNanos == 0) {
      this.status = code;
      this.statusMessage = code == ERROR ? message : null;
    }
    return this;
  }

  public synchronized int status() {
    return status;
  }

  public synchronized String statusMessage() {
    return statusMessage;
  }

  /** Makes this span current on this thread until the scope is closed. */
  public Scope activate() {
    return new Scope(this);
  }

  public void end() {
    end(Clock.nowEpochNanos());
  }

  public void end(long epochNanos) {
    synchronized (this) {
      if (endNanos != 0) {
        return;
      }
      endNanos = Math.max(epochNanos, startNanos);
    }
    tracer.ended(this);
  }

  // the exporter's view, taken when the span is ended

  synchronized Map<String, Object> attributesView() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  synchronized List<Event> eventsView() {
    return new ArrayList<>(events);
  }

  synchronized List<Link> linksView() {
    return new ArrayList<>(links);
  }

  @Override
  public String toString() {
    return "Span{" + name() + " " + traceId + "/" + spanId + (parentSpanId == null ? "" : " < " + parentSpanId) + "}";
  }
}
