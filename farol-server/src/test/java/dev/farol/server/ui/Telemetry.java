package dev.farol.server.ui;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Invocations as the extension reports them ({@code aws.lambda} spans with {@code faas.*} attributes), sent over
 * OTLP/HTTP by the real OpenTelemetry SDK to a server's ingest port; the function is the resource's
 * {@code faas.name}, so whatever text a test gives it arrives as an attacker would send it.
 */
final class Telemetry {
  private final int ingestPort;
  private final String apiKey;
  private int sent;

  /** To a server's ingest port; {@code apiKey} {@code null} when it needs none. */
  Telemetry(int ingestPort, String apiKey) {
    this.ingestPort = ingestPort;
    this.apiKey = apiKey;
  }

  private OtlpHttpSpanExporter exporter() {
    var b = OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + ingestPort + "/v1/traces");
    if (apiKey != null) {
      b.addHeader("x-farol-api-key", apiKey);
    }
    return b.build();
  }

  /** One invocation of {@code function}, {@code durationMs} long, ended now; flushed before this returns. */
  void invocation(String function, long durationMs, boolean coldStart, boolean error) {
    invocations(function, List.of(new Invocation(System.currentTimeMillis(), durationMs, coldStart, error)));
  }

  /** An invocation ended at {@code endMillis} (Unix milliseconds). */
  record Invocation(long endMillis, long durationMs, boolean coldStart, boolean error) {}

  /** Invocations of one function, sent in one export (up to 4,096) before this returns. */
  void invocations(String function, List<Invocation> invocations) {
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), function, AttributeKey.stringKey("faas.name"), function)));
    try (SdkTracerProvider tracing = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(exporter()).setMaxQueueSize(4096).setMaxExportBatchSize(4096)
            .setScheduleDelay(1, TimeUnit.HOURS).build()).build()) {
      for (Invocation i : invocations) {
        Span span = tracing.get("farol-ui-test").spanBuilder("aws.lambda").setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(i.endMillis() - i.durationMs(), TimeUnit.MILLISECONDS)
            .setAttribute("faas.invocation_id", function + "-" + (++sent))
            .setAttribute("faas.coldstart", i.coldStart())
            .setAttribute("faas.max_memory", 512L * 1024 * 1024)
            .setAttribute("aws.lambda.max_memory_used_mb", 180L)
            .setAttribute("aws.lambda.billed_duration_ms", i.durationMs())
            .setAttribute("error.type", "<img src=x onerror=alert(1)>")
            .startSpan();
        if (i.error()) {
          span.setStatus(StatusCode.ERROR, "<img src=x onerror=alert(1)>");
        }
        span.end(i.endMillis(), TimeUnit.MILLISECONDS);
      }
      if (!tracing.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()) {
        throw new IllegalStateException("the server did not take the spans");
      }
    }
  }
}
