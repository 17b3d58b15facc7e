package dev.farol.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.tracer.Config;
import dev.farol.tracer.Farol;
import dev.farol.tracer.Tracer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spans made through the OpenTelemetry API land in Farol's trace, in both directions of nesting. */
class FarolOpenTelemetryTest {

  @Test
  void otelSpans_nestUnderFarolsCurrentSpan_andFarolSpansUnderOtels() {
    Tracer.setGlobal(new Tracer(Config.from(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orders"))));
    GlobalOpenTelemetry.resetForTest();
    assertThat(FarolOpenTelemetry.install()).isTrue();
    io.opentelemetry.api.trace.Tracer otel = GlobalOpenTelemetry.getTracer("shop-library");

    dev.farol.tracer.Span invocation = Tracer.global().startSpan("aws.lambda", dev.farol.tracer.SpanKind.SERVER);
    dev.farol.tracer.Span inner;
    Span db;
    try (dev.farol.tracer.Scope ignored = invocation.activate()) {
      db = otel.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT).setAttribute("db.system", "postgresql")
          .startSpan();
      try (Scope s = db.makeCurrent()) {
        // a Farol span made while the OpenTelemetry span is current hangs under it
        inner = Farol.span("row mapping");
        inner.end();
        assertThat(Span.current().getSpanContext().getSpanId()).isEqualTo(db.getSpanContext().getSpanId());
      } finally {
        db.end();
      }
    }
    invocation.end();

    assertThat(db).isInstanceOf(FarolOpenTelemetry.BridgeSpan.class);
    dev.farol.tracer.Span dbSpan = ((FarolOpenTelemetry.BridgeSpan) db).span;
    assertThat(dbSpan.traceId()).isEqualTo(invocation.traceId());
    assertThat(dbSpan.parentSpanId()).isEqualTo(invocation.spanId());
    assertThat(dbSpan.kind()).isEqualTo(dev.farol.tracer.SpanKind.CLIENT);
    assertThat(dbSpan.attribute("db.system")).isEqualTo("postgresql");
    assertThat(inner.parentSpanId()).isEqualTo(dbSpan.spanId());
    assertThat(Tracer.current()).isNull();
    // a second registration keeps the first and says so
    assertThat(FarolOpenTelemetry.install()).isFalse();
    GlobalOpenTelemetry.resetForTest();
  }
}
