package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tracing switched off where a tracer is set up: FAROL-T001 (the tracer or SDK disabled, the exporter
 * {@code none}), FAROL-T005 (a sampler that keeps nothing).
 */
final class TracingSwitches implements Check {

  @Override
  public void run(FunctionFacts f, Findings out) {
    Set<Vendor> vendors = Vendors.tracing(f);
    if (vendors.contains(Vendor.DATADOG) || vendors.contains(Vendor.FAROL)) {
      off(f, "DD_TRACE_ENABLED", out, vendors.contains(Vendor.FAROL) ? "Farol's and Datadog's tracers read it"
          : "Datadog's tracer reads it");
    }
    if (vendors.contains(Vendor.FAROL)) {
      off(f, "FAROL_TRACE_ENABLED", out, "Farol's tracer reads it");
    }
    if (Vendors.openTelemetry(vendors) || vendors.contains(Vendor.FAROL)) {
      Val sdk = f.fn().env().get("OTEL_SDK_DISABLED");
      if (sdk.known() && sdk.value().trim().equalsIgnoreCase("true")) {
        out.add(Code.T001, f, sdk.site(), "OTEL_SDK_DISABLED is true.", "The OpenTelemetry SDK (and Farol's tracer, "
            + "which honours it) makes no spans: no trace of the function's own, no cold-start span in one.",
            "Remove OTEL_SDK_DISABLED.", List.of(new Change.RemoveEnv("OTEL_SDK_DISABLED")));
      }
    }
    if (Vendors.openTelemetry(vendors)) {
      Val exporter = f.fn().env().get("OTEL_TRACES_EXPORTER");
      if (exporter.known() && exporter.value().trim().equalsIgnoreCase("none")) {
        out.add(Code.T001, f, exporter.site(), "OTEL_TRACES_EXPORTER is none.", "The SDK makes spans and exports "
            + "none of them.", "Remove OTEL_TRACES_EXPORTER (the layer's default exports OTLP).",
            List.of(new Change.RemoveEnv("OTEL_TRACES_EXPORTER")));
      }
      sampler(f, out);
    }
    if (vendors.contains(Vendor.DATADOG)) {
      Val rate = f.fn().env().get("DD_TRACE_SAMPLE_RATE");
      if (rate.known() && zero(rate.value())) {
        out.add(Code.T005, f, rate.site(), "DD_TRACE_SAMPLE_RATE is " + rate.value() + ".", "Datadog's tracer keeps "
            + "no trace at a sample rate of 0.", "Remove DD_TRACE_SAMPLE_RATE, or set it above 0.",
            List.of(new Change.RemoveEnv("DD_TRACE_SAMPLE_RATE")));
      }
    }
  }

  private static void off(FunctionFacts f, String name, Findings out, String who) {
    Val v = f.fn().env().get(name);
    if (!v.known()) {
      return;
    }
    String s = v.value().trim().toLowerCase(Locale.ROOT);
    if (!s.equals("true") && !s.equals("1")) {
      out.add(Code.T001, f, v.site(), name + " is " + v.value() + ", so tracing is off (" + who + ").",
          "No spans are made: no trace of the function's own, no cold-start span, no inferred spans for the trigger, "
          + "and logs tied to no trace.", "Remove " + name + ".", List.of(new Change.RemoveEnv(name)));
    }
  }

  private static void sampler(FunctionFacts f, Findings out) {
    Val sampler = f.fn().env().get("OTEL_TRACES_SAMPLER");
    if (!sampler.known()) {
      return;
    }
    String s = sampler.value().trim().toLowerCase(Locale.ROOT);
    Val arg = f.fn().env().get("OTEL_TRACES_SAMPLER_ARG");
    boolean none = s.equals("always_off") || s.equals("parentbased_always_off")
        || (s.equals("traceidratio") || s.equals("parentbased_traceidratio")) && arg.known() && zero(arg.value());
    if (none) {
      out.add(Code.T005, f, sampler.site(), "OTEL_TRACES_SAMPLER is " + sampler.value()
          + (s.contains("ratio") ? " with OTEL_TRACES_SAMPLER_ARG " + arg.value() : "") + ".",
          "The sampler drops every trace.", "Remove OTEL_TRACES_SAMPLER.",
          List.of(new Change.RemoveEnv("OTEL_TRACES_SAMPLER")));
    }
  }

  static boolean zero(String v) {
    try {
      return Double.parseDouble(v.trim()) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
