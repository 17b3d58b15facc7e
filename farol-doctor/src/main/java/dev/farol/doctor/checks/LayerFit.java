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
        java.util.Optional<String> other = LayerCatalog.forArchitecture(l, a.written().text(), arch);
        boolean extension = l.role() == dev.farol.doctor.layers.Role.EXTENSION
            || l.role() == dev.farol.doctor.layers.Role.OTHER_EXTENSION;
        out.add(Code.L004, f, a.written().site(), l.describe() + " is built for " + l.architecture()
            + " but the function runs on " + arch + ".", "Its binaries cannot run on " + arch + " (exec format "
            + "error): " + (extension ? "the extension fails to start (Extension.LaunchError) and sends nothing"
            : "the tracer's compiled parts fail to load, and the wrapper with them") + ".",
            other.isPresent() ? "Use the " + arch + " build of the layer." : "Use a build of the layer for " + arch
                + " (" + l.vendor().label() + " publishes none under a name the doctor knows).",
            other.map(o -> List.<Change>of(new Change.ReplaceLayer(a.written(), o))).orElse(List.of()));
      }
      String layerRegion = a.written().known() ? LayerCatalog.region(a.written().value()) : null;
      if (region != null && layerRegion != null && !layerRegion.equals(region)) {
        out.add(Code.L008, f, a.written().site(), l.name() + " is published in " + layerRegion + " but the function "
            + "is in " + region + ".", "Lambda only attaches layers of the function's own region: the deploy fails.",
            "Use the layer's ARN in " + region + ".", sameAccountEverywhere(l) && !region.startsWith("us-gov-")
                && !layerRegion.startsWith("us-gov-")
                ? List.of(new Change.ReplaceLayer(a.written(), a.written().value().replace(":" + layerRegion + ":",
                    ":" + region + ":"))) : List.of());
      }
    }
    int count = f.fn().layers().items().size();
    if (count > MAX_LAYERS && !f.fn().image()) {
      out.add(Code.L007, f, f.fn().layers().site(), "The function has " + count + " layers.", "Lambda accepts at "
          + "most " + MAX_LAYERS + " layers per function: the deploy is refused, and the function keeps running its "
          + "old configuration.", "Remove or merge layers until there are at most " + MAX_LAYERS + ".", List.of());
    }
  }

  /** Vendors that publish their layers from one account in every commercial region. */
  private static boolean sameAccountEverywhere(Layer l) {
    return l.vendor() == dev.farol.doctor.layers.Vendor.DATADOG || l.vendor() == dev.farol.doctor.layers.Vendor.OPENTELEMETRY
        || l.vendor() == dev.farol.doctor.layers.Vendor.ADOT;
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
