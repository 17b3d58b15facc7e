package dev.farol.doctor.checks;

import dev.farol.doctor.model.Runtime;
import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Layer;
import dev.farol.doctor.layers.LayerCatalog;
import dev.farol.findings.Code;
import dev.farol.findings.Severity;
import java.util.List;

/**
 * Layers that cannot work for this function: FAROL-L003 built for another runtime or version, FAROL-L004
 * for another architecture, FAROL-L007 more than Lambda's five, FAROL-L008 published in another region.
 */
final class LayerFit implements Check {
  static final int MAX_LAYERS = 5;

  @Override
  public void run(FunctionFacts f, Findings out) {
    String arch = f.fn().effectiveArchitecture();
    String region = f.fn().region().known() ? f.fn().region().value() : null;
    for (AttachedLayer a : f.layers()) {
      if (a.layer().isEmpty()) {
        continue;
      }
      Layer l = a.layer().get();
      if (f.family() != null && l.runtime() != null) {
        runtime(f, a, l, out);
      }
      if (arch != null && l.architecture() != null && !l.architecture().equals(arch)) {
        String other = LayerArns.otherArchitecture(a.written().text(), arch);
        out.add(Code.L004, f, a.written().site(), l.describe() + " is built for " + l.architecture()
            + " but the function runs on " + arch + ".", "Its binaries cannot run on " + arch + " (exec format "
            + "error): " + (l.role().receivesTraces() ? "the extension fails to start (Extension.LaunchError) and "
            + "the function with it" : "the tracer's native parts fail to load") + ".",
            "Use the " + arch + " build of the layer.", List.of(new Change.ReplaceLayer(a.written(), other)));
      }
      String layerRegion = a.written().known() ? LayerCatalog.region(a.written().value()) : null;
      if (region != null && layerRegion != null && !layerRegion.equals(region)) {
        out.add(Code.L008, f, a.written().site(), l.name() + " is published in " + layerRegion + " but the function "
            + "is in " + region + ".", "Lambda only attaches layers of the function's own region: the deploy fails.",
            "Use the layer's ARN in " + region + ".", List.of(new Change.ReplaceLayer(a.written(),
                a.written().value().replace(":" + layerRegion + ":", ":" + region + ":"))));
      }
    }
    int count = f.fn().layers().items().size();
    if (count > MAX_LAYERS && !f.fn().image()) {
      out.add(Code.L007, f, f.fn().layers().site(), "The function has " + count + " layers.", "Lambda accepts at "
          + "most " + MAX_LAYERS + " layers per function: the deploy is refused, and the function keeps running its "
          + "old configuration.", "Remove or merge layers until there are at most " + MAX_LAYERS + ".", List.of());
    }
  }

  private static void runtime(FunctionFacts f, AttachedLayer a, Layer l, Findings out) {
    String family = f.family();
    String version = f.runtime().map(Runtime::version).orElse(null);
    if (!l.runtime().equals(family)) {
      String right = l.vendor() == dev.farol.doctor.layers.Vendor.DATADOG ? LayerArns.datadogTracer(f) : null;
      out.add(Code.L003, f, a.written().site(), l.describe() + " is for " + l.runtime() + " but the function runs "
          + f.fn().runtime().value() + ".", "A tracer for another runtime is never loaded: the function runs "
          + "untraced, and a wrapper that expects it fails to import.", right != null ? "Use " + l.vendor().label()
          + "'s layer for " + f.fn().runtime().value() + "." : "Remove the layer.",
          right != null ? List.of(new Change.ReplaceLayer(a.written(), right))
              : List.of(new Change.RemoveLayer(a.written())));
      return;
    }
    if (l.runtimeVersion() != null && version != null && !l.runtimeVersion().equals(version)) {
      boolean python = family.equals("python") || family.equals("ruby");
      out.add(Code.L003, python ? Severity.ERROR : Severity.WARNING, f, a.written().site(), l.describe()
          + " is built for " + family + " " + l.runtimeVersion() + " but the function runs " + f.fn().runtime().value()
          + ".", python ? "Its compiled modules and site-packages path are for " + family + " " + l.runtimeVersion()
              + ": the interpreter does not find them (No module named 'datadog_lambda') and the wrapper fails."
              : "It is tested against another Node.js version; native parts of the tracer may fail to load.",
          "Use the layer built for " + f.fn().runtime().value() + ".",
          l.vendor() == dev.farol.doctor.layers.Vendor.DATADOG
              ? List.of(new Change.ReplaceLayer(a.written(), LayerArns.datadogTracer(f))) : List.of());
    }
  }
}
