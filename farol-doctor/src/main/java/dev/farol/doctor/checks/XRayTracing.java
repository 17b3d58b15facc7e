package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import dev.farol.findings.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * X-Ray's tracing mode against the tracers: FAROL-T002 (PassThrough's {@code Sampled=0} honoured), FAROL-T003
 * (Active and another tracer both start traces), FAROL-T004 (Datadog merges X-Ray traces that are not
 * there), FAROL-T008 (Application Signals without Active), FAROL-T009 (Powertools' X-Ray tracer without
 * Active).
 */
final class XRayTracing implements Check {

  @Override
  public void run(FunctionFacts f, Findings out) {
    Set<Vendor> vendors = Vendors.tracing(f);
    Val mode = f.fn().tracing();
    boolean active = mode.is("Active");
    boolean knownMode = mode.known() || mode.absent();
    if (!knownMode) {
      return;
    }
    if (!active) {
      passThrough(f, vendors, out);
    }
    Val merge = f.fn().env().get("DD_MERGE_XRAY_TRACES");
    if (vendors.contains(Vendor.DATADOG)) {
      if (active && !merge.is("true") && !merge.symbolic()) {
        out.add(Code.T003, f, mode.site(), "X-Ray active tracing is on and Datadog's tracer runs too, without "
            + "DD_MERGE_XRAY_TRACES.", "Each starts its own trace of every invocation: the same request appears in two "
            + "traces that are not connected, and both are paid for.", "Merge X-Ray's traces into Datadog's (or turn "
            + "active tracing off).", List.of(new Change.SetEnv("DD_MERGE_XRAY_TRACES", "true")));
      }
      if (!active && merge.is("true")) {
        boolean node = "nodejs".equals(f.family());
        out.add(Code.T004, node ? Severity.ERROR : Severity.WARNING, f, merge.site(), "DD_MERGE_XRAY_TRACES is true "
            + "but X-Ray tracing is " + (mode.absent() ? "not set (PassThrough)" : mode.value()) + ".",
            "There are no X-Ray traces to merge" + (node ? "; in Node.js the tracer takes the platform's Sampled=0 as "
            + "a rejection, so every trace is dropped" : ", so the merge never happens") + ".",
            "Turn X-Ray active tracing on, or remove DD_MERGE_XRAY_TRACES.",
            List.of(new Change.SetSetting(Change.Setting.TRACING, "Active")));
      }
    }
    if (active && Vendors.openTelemetry(vendors) && !vendors.contains(Vendor.APPLICATION_SIGNALS)
        && propagators(f).stream().noneMatch(p -> p.startsWith("xray"))) {
      out.add(Code.T003, f, mode.site(), "X-Ray active tracing is on and OpenTelemetry's tracer does not take X-Ray's "
          + "context (OTEL_PROPAGATORS has no xray).", "Lambda's X-Ray segments and the tracer's spans form two "
          + "unconnected traces of the same invocation.", "Add the xray-lambda propagator, or turn active tracing off.",
          List.of(new Change.SetEnv("OTEL_PROPAGATORS", String.join(",", propagators(f)) + ",xray-lambda")));
    }
    if (vendors.contains(Vendor.APPLICATION_SIGNALS) && !active) {
      out.add(Code.T008, f, mode.site(), "An AWS Application Signals layer is attached but X-Ray tracing is "
          + (mode.absent() ? "not set (PassThrough)" : mode.value()) + ".", "Application Signals sends its spans "
          + "through X-Ray; without active tracing they are not recorded.", "Turn X-Ray active tracing on.",
          List.of(new Change.SetSetting(Change.Setting.TRACING, "Active")));
    }
    String powertools = powertoolsTracer(f);
    if (!active && powertools != null && !f.fn().env().is("POWERTOOLS_TRACE_DISABLED", "true")
        && !f.fn().env().is("POWERTOOLS_TRACE_ENABLED", "false") && vendors.isEmpty()) {
      out.add(Code.T009, f, mode.site(), "Powertools' Tracer is used (" + powertools + ") but X-Ray tracing is not "
          + "active.",
          "Powertools' Tracer is an X-Ray SDK tracer: without active tracing Lambda samples nothing and its "
          + "segments are not recorded.", "Turn X-Ray active tracing on.",
          List.of(new Change.SetSetting(Change.Setting.TRACING, "Active")));
    }
  }

  private static void passThrough(FunctionFacts f, Set<Vendor> vendors, Findings out) {
    Val mode = f.fn().tracing();
    String how = mode.absent() ? "not set, so PassThrough" : mode.value();
    if (Vendors.openTelemetry(vendors) && !vendors.contains(Vendor.APPLICATION_SIGNALS)) {
      List<String> props = propagators(f);
      boolean lambdaHeader = props.contains("xray-lambda");
      boolean upstream = props.contains("xray");
      String sampler = f.fn().env().get("OTEL_TRACES_SAMPLER").known()
          ? f.fn().env().get("OTEL_TRACES_SAMPLER").value().trim().toLowerCase(Locale.ROOT) : "parentbased_always_on";
      if ((lambdaHeader || upstream) && sampler.startsWith("parentbased")) {
        out.add(Code.T002, lambdaHeader ? Severity.ERROR : Severity.NOTE, f, mode.site(), "X-Ray tracing is "
            + how + ", and the tracer takes X-Ray's sampling decision (OTEL_PROPAGATORS " + String.join(",", props)
            + ", a parent-based sampler).", lambdaHeader ? "With PassThrough, Lambda's own trace header says Sampled=0 "
            + "whenever the caller did not sample; the xray-lambda propagator makes it the parent, so every span is "
            + "non-recording and no trace is exported." : "A caller whose X-Ray header says Sampled=0 turns every span "
            + "of the invocation into a non-recording one: those traces are lost.",
            "Sample by the tracer's own decision: set OTEL_TRACES_SAMPLER to always_on (or drop "
                + (lambdaHeader ? "xray-lambda" : "xray") + " from OTEL_PROPAGATORS).",
            List.of(new Change.SetEnv("OTEL_TRACES_SAMPLER", "always_on")));
      }
    }
    if (vendors.contains(Vendor.FAROL) && f.fn().env().is("FAROL_XRAY_SAMPLING", "honor")) {
      Val v = f.fn().env().get("FAROL_XRAY_SAMPLING");
      out.add(Code.T002, f, v.site(), "FAROL_XRAY_SAMPLING is honor while X-Ray tracing is " + how + ".",
          "Farol's tracer then drops every trace whose X-Ray header says Sampled=0, which PassThrough gives for "
          + "every caller that did not sample.", "Remove FAROL_XRAY_SAMPLING.",
          List.of(new Change.RemoveEnv("FAROL_XRAY_SAMPLING")));
    }
  }

  /** What shows Powertools' Tracer is used: one of its settings, or its import in the handler's code; else null. */
  private static String powertoolsTracer(FunctionFacts f) {
    for (String name : List.of("POWERTOOLS_TRACER_CAPTURE_RESPONSE", "POWERTOOLS_TRACER_CAPTURE_ERROR",
        "POWERTOOLS_TRACE_MIDDLEWARES", "POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS")) {
      if (f.fn().env().has(name)) {
        return name;
      }
    }
    return f.code().powertoolsTracer() ? "its Tracer imported by the handler's code" : null;
  }

  /** The propagators the OpenTelemetry layer will use: OTEL_PROPAGATORS, or the layer's default. */
  static List<String> propagators(FunctionFacts f) {
    Val p = f.fn().env().get("OTEL_PROPAGATORS");
    if (p.known()) {
      return List.of(p.value().toLowerCase(Locale.ROOT).replace(" ", "").split(","));
    }
    boolean adot = f.tracers().stream().anyMatch(a -> a.layer().get().vendor() == Vendor.ADOT);
    if (adot) {
      return "java".equals(f.family()) ? List.of("xray", "tracecontext", "b3", "b3multi")
          : List.of("tracecontext", "baggage", "xray-lambda");
    }
    return List.of("tracecontext", "baggage", "xray");
  }
}
