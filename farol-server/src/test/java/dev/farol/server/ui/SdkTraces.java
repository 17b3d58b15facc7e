package dev.farol.server.ui;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Traces and their log lines made with the real OpenTelemetry SDK and sent over OTLP/HTTP to a server's ingest
 * port: one tracer and logger per service (the resource's {@code service.name}), every span with the times a test
 * gives (nanoseconds after {@code t0}), so a test crafts exactly the trace it asserts on. Everything is sent by
 * {@link #flush}, in exports of up to {@value #BATCH} spans.
 */
final class SdkTraces implements AutoCloseable {
  /** Spans per export: a 100,000-span trace goes in ten requests. */
  static final int BATCH = 10_000;

  private final int ingestPort;
  private final long t0;
  private final Map<String, SdkTracerProvider> tracers = new LinkedHashMap<>();
  private final Map<String, SdkLoggerProvider> loggers = new LinkedHashMap<>();

  /** Spans starting from {@code t0} (Unix nanoseconds), sent to the server on {@code ingestPort}. */
  SdkTraces(int ingestPort, long t0) {
    this.ingestPort = ingestPort;
    this.t0 = t0;
  }

  /** A trace id's context as a caller's: the spans made under it join that trace, under a span never sent. */
  static Context caller(String traceId, String callerSpanId) {
    return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(traceId, callerSpanId,
        TraceFlags.getSampled(), TraceState.getDefault())));
  }

  private SdkTracerProvider tracing(String service) {
    return tracers.computeIfAbsent(service, s -> SdkTracerProvider.builder().setResource(resource(s))
        .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + ingestPort + "/v1/traces").setTimeout(60, TimeUnit.SECONDS).build())
            .setMaxQueueSize(200_000).setMaxExportBatchSize(BATCH).setScheduleDelay(1, TimeUnit.HOURS)
            .setExporterTimeout(60, TimeUnit.SECONDS).build())
        .build());
  }

  private static Resource resource(String service) {
    return Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service,
        AttributeKey.stringKey("faas.name"), service)));
  }

  /** A span of {@code service} from {@code startMicros} to {@code endMicros} after t0, under {@code parent}. */
  Span span(String service, String name, Context parent, SpanKind kind, long startMicros, long endMicros,
      SpanBuilderStep more) {
    Span span = start(service, name, parent, kind, startMicros, more);
    end(span, endMicros);
    return span;
  }

  /** A span started {@code startMicros} after t0 and not ended yet (events and status come next). */
  Span start(String service, String name, Context parent, SpanKind kind, long startMicros, SpanBuilderStep more) {
    SpanBuilder b = tracing(service).get("farol-ui-test").spanBuilder(name).setParent(parent).setSpanKind(kind)
        .setStartTimestamp(t0 + startMicros * 1000, TimeUnit.NANOSECONDS);
    more.apply(b);
    return b.startSpan();
  }

  /** An event {@code atMicros} after t0. */
  void event(Span span, String name, Attributes attributes, long atMicros) {
    span.addEvent(name, attributes, t0 + atMicros * 1000, TimeUnit.NANOSECONDS);
  }

  /** Ends a span {@code endMicros} after t0. */
  void end(Span span, long endMicros) {
    span.end(t0 + endMicros * 1000, TimeUnit.NANOSECONDS);
  }

  /** A span with nothing more than its times. */
  Span span(String service, String name, Context parent, long startMicros, long endMicros) {
    return span(service, name, parent, SpanKind.INTERNAL, startMicros, endMicros, b -> {});
  }

  /** What a test adds to a span before it starts (attributes, links). */
  interface SpanBuilderStep {
    void apply(SpanBuilder b);
  }

  /** A log line of {@code service} at {@code atMicros} after t0, tied to {@code span}'s trace and span. */
  void log(String service, Span span, long atMicros, String severity, String body) {
    Logger logger = loggers.computeIfAbsent(service, s -> SdkLoggerProvider.builder().setResource(resource(s))
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
            .setEndpoint("http://127.0.0.1:" + ingestPort + "/v1/logs").build()).setScheduleDelay(1, TimeUnit.HOURS)
            .build()).build()).get("farol-ui-test");
    logger.logRecordBuilder().setContext(Context.root().with(span)).setTimestamp(t0 + atMicros * 1000,
        TimeUnit.NANOSECONDS).setSeverityText(severity).setBody(body).emit();
  }

  /** Sends everything made so far; throws when the server did not take it. */
  void flush() {
    for (SdkTracerProvider p : tracers.values()) {
      if (!p.forceFlush().join(120, TimeUnit.SECONDS).isSuccess()) {
        throw new IllegalStateException("the server did not take the spans");
      }
    }
    for (SdkLoggerProvider p : loggers.values()) {
      if (!p.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()) {
        throw new IllegalStateException("the server did not take the log lines");
      }
    }
  }

  @Override
  public void close() {
    tracers.values().forEach(SdkTracerProvider::close);
    loggers.values().forEach(SdkLoggerProvider::close);
  }
}
