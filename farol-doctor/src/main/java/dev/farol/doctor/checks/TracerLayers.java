package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Layer;
import dev.farol.doctor.layers.Vendor;
import dev.farol.findings.Code;
import dev.farol.findings.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tracer a wrapper needs: FAROL-L002 when the handler names a tracer's wrapper that no layer (and no
 * bundled copy) provides; FAROL-L005 when the tracer is both bundled in the package and attached as a
 * layer.
 */
final class TracerLayers implements Check {

  @Override
  public void run(FunctionFacts f, Findings out) {
    if (f.fn().image() || f.family() == null) {
      return;
    }
    Optional<TracerStart> w = f.handlerWrapper().filter(t -> t.family().equals(f.family()));
    Map<Vendor, String> bundled = f.code().bundledTracers();
    if (w.isPresent() && !f.localFarol()) {
      Vendor v = w.get().vendor();
      boolean layered = f.tracers().stream().anyMatch(a -> a.layer().get().vendor() == v
          && a.layer().get().forRuntime(f.family()));
      if (!layered && !bundled.containsKey(v) && f.allLayersKnown()) {
        boolean codeSeen = f.code().handlerSource().isPresent() || f.fn().code() != null;
        out.add(Code.L002, codeSeen ? Severity.ERROR : Severity.WARNING, f, f.fn().handler().site(),
            "The handler is " + v.label() + "'s wrapper " + f.fn().handler().value() + " but no " + v.label()
            + " tracer layer is attached" + (codeSeen ? " and the package does not bundle it." : "; unless the "
            + "package bundles the tracer, the wrapper cannot be loaded."),
            "Lambda cannot import the wrapper (Runtime.ImportModuleError: No module named 'datadog_lambda', or "
            + "Cannot find module), so every invocation fails before the handler runs.",
            v == Vendor.DATADOG ? "Attach " + v.label() + "'s " + f.family() + " tracer layer." : "Attach "
                + v.label() + "'s tracer layer.",
            v == Vendor.DATADOG ? List.of(new Change.AddLayer(LayerArns.datadogTracer(f))) : List.of());
      }
    }
    datadogJavaWrapperAlone(f, out);
    for (AttachedLayer a : f.tracers()) {
      Layer l = a.layer().get();
      String where = bundled.get(l.vendor());
      if (where != null && l.forRuntime(f.family())) {
        out.add(Code.L005, f, a.written().site(), l.vendor().label() + "'s tracer is bundled in the package ("
            + where + ") and attached as a layer (" + l.name() + ").", "Two copies of the tracer are on the path; "
            + "which one loads depends on the path order, and when their versions drift the wrapper and the tracer "
            + "disagree (import errors, spans without a parent, or none at all).",
            "Keep one copy: remove the layer, or the bundled tracer from the package.",
            List.of(new Change.RemoveLayer(a.written())));
      }
    }
  }

  /** Datadog's exec wrapper loads the Java or .NET tracer only when its layer put it under /opt. */
  private static void datadogJavaWrapperAlone(FunctionFacts f, Findings out) {
    if (!f.execWrapper().is(TracerStart.DATADOG_WRAPPER) || !f.allLayersKnown()
        || !("java".equals(f.family()) || "dotnet".equals(f.family()))) {
      return;
    }
    boolean tracer = f.tracers().stream().anyMatch(a -> a.layer().get().vendor() == Vendor.DATADOG
        && a.layer().get().forRuntime(f.family()));
    if (!tracer) {
      out.add(Code.L002, f, f.execWrapper().site(), "AWS_LAMBDA_EXEC_WRAPPER is " + TracerStart.DATADOG_WRAPPER
          + " but no Datadog " + f.family() + " tracer layer is attached.", "The wrapper adds the tracer only when "
          + "its layer put it under /opt (" + ("java".equals(f.family()) ? "/opt/java/lib/dd-java-agent.jar"
          : "/opt/datadog") + "); without it the function runs untraced and nothing says so.",
          "Attach Datadog's " + f.family() + " tracer layer.", List.of(new Change.AddLayer(LayerArns.datadogTracer(f))));
    }
  }
}
