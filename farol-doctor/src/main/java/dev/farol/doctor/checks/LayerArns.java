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

  /** GovCloud has its own partition and Datadog publishes there from another account. */
  private static String arn(FunctionFacts f, String account, String name, Vendor vendor, boolean extension) {
    String region = region(f);
    if (region.startsWith("us-gov-")) {
      return arnIn(f, "aws-us-gov", vendor == Vendor.DATADOG ? DatadogLayers.GOVCLOUD_ACCOUNT : account, name, vendor);
    }
    return arnIn(f, "aws", account, name, vendor);
  }

  private static String arnIn(FunctionFacts f, String partition, String account, String name, Vendor vendor) {
    String version = "<version>";
    for (AttachedLayer a : f.layers()) {
      if (a.layer().isPresent() && a.layer().get().vendor() == vendor && a.layer().get().name().equals(name)
          && LayerCatalog.version(a.written().value()) != null) {
        version = LayerCatalog.version(a.written().value());
      }
    }
    return "arn:" + partition + ":lambda:" + region(f) + ":" + account + ":layer:" + name + ":" + version;
  }
}
