package dev.farol.otel;

import dev.farol.tracer.TraceContext;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry API backed by Farol's tracer: a span started through it is a Farol span — under the
 * span current in OpenTelemetry's context, else under Farol's current span (the invocation span, a web
 * request span), else a new trace — and is sent with the invocation's other spans. Making it current
 * makes it current for both. {@link #install()} registers it as the global OpenTelemetry; Farol's handler
 * wrapper does that at start-up when the function has the OpenTelemetry API.
 */
public final class FarolOpenTelemetry implements OpenTelemetry {
  private final TracerProvider provider = new TracerProvider() {
    @Override
    public Tracer get(String instrumentationScopeName) {
      return TRACER;
    }

    @Override
    public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
      return TRACER;
    }
  };

  private static final Tracer TRACER = BridgeSpanBuilder::new;

  /**
   * Registers the bridge as the global OpenTelemetry, unless one is registered already (then that one
   * stays, and this says so once). Returns whether it was installed.
   */
  public static boolean install() {
    try {
      GlobalOpenTelemetry.set(new FarolOpenTelemetry());
      return true;
    } catch (IllegalStateException already) {
      dev.farol.tracer.Tracer.global().report("otel-bridge", "a global OpenTelemetry is registered already, so "
          + "spans made through the OpenTelemetry API go to it, not into Farol's trace");
      return false;
    }
  }

  @Override
  public TracerProvider getTracerProvider() {
    return provider;
  }

  @Override
  public ContextPropagators getPropagators() {
    return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
  }

  /** An OpenTelemetry span that is a Farol span. */
  static final class BridgeSpan implements Span {
    final dev.farol.tracer.Span span;
    private final SpanContext context;

    BridgeSpan(dev.farol.tracer.Span span) {
      this.span = span;
      this.context = SpanContext.create(span.traceId(), span.spanId(), span.sampled() ? TraceFlags.getSampled()
          : TraceFlags.getDefault(), TraceState.getDefault());
    }

    @Override
    public <T> Span setAttribute(AttributeKey<T> key, T value) {
      if (key != null) {
        put(span, key.getKey(), value);
      }
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes) {
      span.addEvent(name, map(attributes));
      return this;
    }

    @Override
    public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
      span.addEvent(name, map(attributes));
      return this;
    }

    @Override
    public Span setStatus(StatusCode code, String description) {
      span.setStatus(code == StatusCode.ERROR ? dev.farol.tracer.Span.ERROR
          : code == StatusCode.OK ? dev.farol.tracer.Span.OK : dev.farol.tracer.Span.UNSET, description);
      return this;
    }

    @Override
    public Span recordException(Throwable exception, Attributes additional) {
      span.recordException(exception);
      return this;
    }

    @Override
    public Span updateName(String name) {
      span.setName(name);
      return this;
    }

    @Override
    public void end() {
      span.end();
    }

    @Override
    public void end(long timestamp, TimeUnit unit) {
      span.end(unit.toNanos(timestamp));
    }

    @Override
    public SpanContext getSpanContext() {
      return context;
    }

    @Override
    public boolean isRecording() {
      return span.sampled() && !span.isEnded();
    }

    /** Current for OpenTelemetry's context and for Farol's (so Farol spans and log lines follow it). */
    @Override
    public Scope makeCurrent() {
      Scope otel = Context.current().with(this).makeCurrent();
      dev.farol.tracer.Scope farol = span.activate();
      return () -> {
        farol.close();
        otel.close();
      };
    }
  }

  /** An attribute of OpenTelemetry's types on a Farol span (lists as their text). */
  static void put(dev.farol.tracer.Span span, String key, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Long || value instanceof Integer) {
      span.setAttribute(key, ((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      span.setAttribute(key, ((Number) value).doubleValue());
    } else if (value instanceof Boolean) {
      span.setAttribute(key, (Boolean) value);
    } else {
      span.setAttribute(key, String.valueOf(value));
    }
  }

  private static Map<String, Object> map(Attributes attributes) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (attributes != null) {
      attributes.forEach((k, v) -> m.put(k.getKey(), v));
    }
    return m;
  }

  /** Builds a Farol span with OpenTelemetry's builder. */
  static final class BridgeSpanBuilder implements SpanBuilder {
    private final String name;
    private Context parent;
    private boolean noParent;
    private SpanKind kind = SpanKind.INTERNAL;
    private long startNanos;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<SpanContext> links = new ArrayList<>();

    BridgeSpanBuilder(String name) {
      this.name = name;
    }

    @Override
    public SpanBuilder setParent(Context context) {
      this.parent = context;
      this.noParent = false;
      return this;
    }

    @Override
    public SpanBuilder setNoParent() {
      this.noParent = true;
      this.parent = null;
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext) {
      if (spanContext != null && spanContext.isValid()) {
        links.add(spanContext);
      }
      return this;
    }

    @Override
    public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
      return addLink(spanContext);
    }

    @Override
    public SpanBuilder setAttribute(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, long value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, double value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public SpanBuilder setAttribute(String key, boolean value) {
      attributes.put(key, value);
      return this;
    }

    @Override
    public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
      if (key != null && value != null) {
        attributes.put(key.getKey(), value);
      }
      return this;
    }

    @Override
    public SpanBuilder setSpanKind(SpanKind spanKind) {
      if (spanKind != null) {
        this.kind = spanKind;
      }
      return this;
    }

    @Override
    public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
      this.startNanos = unit.toNanos(startTimestamp);
      return this;
    }

    @Override
    public Span startSpan() {
      dev.farol.tracer.Tracer tracer = dev.farol.tracer.Tracer.global();
      long start = startNanos > 0 ? startNanos : dev.farol.tracer.Tracer.now();
      dev.farol.tracer.SpanKind k = dev.farol.tracer.SpanKind.valueOf(kind.name());
      dev.farol.tracer.Span s;
      Span otelParent = noParent ? Span.getInvalid() : Span.fromContext(parent != null ? parent : Context.current());
      if (noParent) {
        s = tracer.startSpan(name, k, null, start);
      } else if (otelParent instanceof BridgeSpan) {
        s = tracer.startChild(name, k, ((BridgeSpan) otelParent).span, start);
      } else if (otelParent.getSpanContext().isValid()) {
        SpanContext c = otelParent.getSpanContext();
        s = tracer.startSpan(name, k, new TraceContext(c.getTraceId(), c.getSpanId(), c.isSampled(), "w3c", null),
            start);
      } else if (dev.farol.tracer.Tracer.current() != null) {
        s = tracer.startChild(name, k, dev.farol.tracer.Tracer.current(), start);
      } else {
        s = tracer.startSpan(name, k, null, start);
      }
      BridgeSpan b = new BridgeSpan(s);
      attributes.forEach((key, v) -> put(s, key, v));
      for (SpanContext l : links) {
        s.addLink(new TraceContext(l.getTraceId(), l.getSpanId(), l.isSampled(), "w3c", null), Map.of());
      }
      return b;
    }
  }
}
