package dev.farol.doctor.checks;

import dev.farol.doctor.model.Runtime;
import dev.farol.doctor.layers.DatadogLayers;
import dev.farol.doctor.layers.LayerCatalog;
import dev.farol.doctor.layers.Vendor;

/**
 * The ARNs fixes suggest: the vendor's account, the function's region (or another layer's), and the
 * version of a layer of the same vendor already attached, else a placeholder the user fills in.
 */
final class LayerArns {
  static final String DATADOG_ACCOUNT = DatadogLayers.ACCOUNT;
  static final String OPENTELEMETRY_ACCOUNT = "184161586896";

  private LayerArns() {}

  static String datadogTracer(FunctionFacts f) {
    boolean arm = "arm64".equals(f.fn().effectiveArchitecture());
    String name = DatadogLayers.tracer(f.family(), f.runtime().map(Runtime::version).orElse(null), arm);
    return arn(f, DATADOG_ACCOUNT, name == null ? "Datadog-<runtime>" : name, Vendor.DATADOG, false);
  }

  static String datadogExtension(FunctionFacts f) {
    boolean arm = "arm64".equals(f.fn().effectiveArchitecture());
    return arn(f, DATADOG_ACCOUNT, DatadogLayers.extension(arm, false), Vendor.DATADOG, true);
  }

  static String openTelemetryCollector(FunctionFacts f) {
    boolean arm = "arm64".equals(f.fn().effectiveArchitecture());
    return "arn:aws:lambda:" + region(f) + ":" + OPENTELEMETRY_ACCOUNT + ":layer:opentelemetry-collector-"
        + (arm ? "arm64" : "amd64") + "-<version>:1";
  }

  /** The same layer, on the other architecture (Datadog's {@code -ARM} suffix, OpenTelemetry's amd64/arm64). */
  static String otherArchitecture(String arn, String wanted) {
    boolean arm = "arm64".equals(wanted);
    if (arn.contains(":layer:Datadog-") || arn.contains(":layer:dd-trace-dotnet")) {
      String base = arn.replace("-ARM:", ":").replaceAll("-ARM$", "");
      int colon = base.lastIndexOf(':');
      boolean versioned = LayerCatalog.version(arn) != null;
      return arm ? (versioned ? base.substring(0, colon) + "-ARM" + base.substring(colon) : base + "-ARM") : base;
    }
    return arm ? arn.replace("amd64", "arm64").replace("x86_64", "arm64")
        : arn.replace("arm64", "amd64").replace("-Arm64", "");
  }

  static String region(FunctionFacts f) {
    if (f.fn().region().known()) {
      return f.fn().region().value();
    }
    for (AttachedLayer a : f.layers()) {
      if (a.written().known() && LayerCatalog.region(a.written().value()) != null) {
        return LayerCatalog.region(a.written().value());
      }
    }
    return "<region>";
  }

  private static String arn(FunctionFacts f, String account, String name, Vendor vendor, boolean extension) {
    String version = "<version>";
    for (AttachedLayer a : f.layers()) {
      if (a.layer().isPresent() && a.layer().get().vendor() == vendor && a.layer().get().name().equals(name)
          && LayerCatalog.version(a.written().value()) != null) {
        version = LayerCatalog.version(a.written().value());
      }
    }
    return "arn:aws:lambda:" + region(f) + ":" + account + ":layer:" + name + ":" + version;
  }
}
