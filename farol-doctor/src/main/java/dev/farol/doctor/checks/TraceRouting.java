package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where spans go and how context travels: FAROL-T006 (a tracer told to send where nothing listens) and
 * FAROL-T007 (propagation styles that ignore what callers send).
 */
final class TraceRouting implements Check {

  @Override
  public void run(FunctionFacts f, Findings out) {
    Set<Vendor> vendors = Vendors.tracing(f);
    if (vendors.contains(Vendor.DATADOG) && f.hasExtension(Vendor.DATADOG)) {
      for (String name : List.of("DD_AGENT_HOST", "DD_TRACE_AGENT_URL")) {
        Val v = f.fn().env().get(name);
        if (v.known() && !local(v.value())) {
          out.add(Code.T006, f, v.site(), name + " is " + v.value() + " while Datadog's extension is attached.",
              "The tracer sends its traces to " + v.value() + " instead of the extension on localhost, which then "
              + "has no trace for the invocation (and none for the cold start).", "Remove " + name + ".",
              List.of(new Change.RemoveEnv(name)));
        }
      }
    }
    boolean farolOnly = f.hasExtension(Vendor.FAROL) && !f.hasExtension(Vendor.OPENTELEMETRY)
        && !f.hasExtension(Vendor.ADOT);
    if (farolOnly && (vendors.contains(Vendor.FAROL) || Vendors.openTelemetry(vendors))) {
      for (String name : List.of("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
        Val v = f.fn().env().get(name);
        if (v.known() && local(v.value()) && v.value().contains(":4317")) {
          out.add(Code.T006, f, v.site(), name + " is " + v.value() + ", OTLP over gRPC, but Farol's extension takes "
              + "OTLP over HTTP on port 4318.", "Every export is refused and the spans are dropped.",
              "Point it at http://127.0.0.1:4318.", List.of(new Change.SetEnv(name, "http://127.0.0.1:4318")));
        }
      }
    }
    if (vendors.contains(Vendor.DATADOG)) {
      for (String name : List.of("DD_TRACE_PROPAGATION_STYLE", "DD_TRACE_PROPAGATION_STYLE_EXTRACT")) {
        Val v = f.fn().env().get(name);
        if (v.known() && !v.value().toLowerCase(Locale.ROOT).contains("tracecontext")) {
          out.add(Code.T007, f, v.site(), name + " is " + v.value() + ", without tracecontext.", "Callers that send "
              + "W3C traceparent headers (OpenTelemetry, Farol, most HTTP clients) are not continued: the function "
              + "starts a new trace and the caller's trace ends at the call.", "Read both Datadog's and W3C headers.",
              List.of(new Change.SetEnv(name, v.value().trim() + ",tracecontext")));
        }
      }
    }
    if (Vendors.openTelemetry(vendors)) {
      Val p = f.fn().env().get("OTEL_PROPAGATORS");
      if (p.known() && !p.value().toLowerCase(Locale.ROOT).contains("tracecontext")) {
        String wanted = "none".equalsIgnoreCase(p.value().trim()) ? "tracecontext,baggage"
            : "tracecontext," + p.value().trim();
        out.add(Code.T007, f, p.site(), "OTEL_PROPAGATORS is " + p.value() + ", without tracecontext.",
            "The tracer does not read W3C traceparent headers, so callers' traces are not continued.",
            "Include tracecontext.", List.of(new Change.SetEnv("OTEL_PROPAGATORS", wanted)));
      }
    }
  }

  static boolean local(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    return u.contains("localhost") || u.contains("127.0.0.1") || u.contains("[::1]");
  }
}
