package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the extension sends: FAROL-D003 a Datadog site that is not one, FAROL-D005 Farol's extension left
 * on its loopback default where no server is, FAROL-D006 an OpenTelemetry collector with its debug-only
 * default configuration.
 */
final class Destinations implements Check {
  static final Set<String> DATADOG_SITES = Set.of("datadoghq.com", "datadoghq.eu", "us3.datadoghq.com",
      "us5.datadoghq.com", "ap1.datadoghq.com", "ap2.datadoghq.com", "uk1.datadoghq.com", "ddog-gov.com",
      "us2.ddog-gov.com");
  private static final Map<String, String> SHORT_NAMES = Map.of("us1", "datadoghq.com", "us", "datadoghq.com",
      "eu", "datadoghq.eu", "eu1", "datadoghq.eu", "us3", "us3.datadoghq.com", "us5", "us5.datadoghq.com",
      "ap1", "ap1.datadoghq.com", "ap2", "ap2.datadoghq.com", "gov", "ddog-gov.com", "uk1", "uk1.datadoghq.com");

  @Override
  public void run(FunctionFacts f, Findings out) {
    if (f.localFarol()) {
      return;
    }
    if (f.hasExtension(Vendor.DATADOG)) {
      Val site = f.fn().env().get("DD_SITE");
      if (site.known() && !DATADOG_SITES.contains(site.value().trim().toLowerCase(Locale.ROOT))) {
        String suggestion = suggest(site.value());
        out.add(Code.D003, f, site.site(), "DD_SITE is " + site.value() + ", which is not a Datadog site.",
            "The extension builds its intake addresses from DD_SITE without checking it, so every request goes to a "
            + "host that is not Datadog's (or is refused): traces, logs and metrics are all lost.",
            suggestion != null ? "Set DD_SITE to " + suggestion + "." : "Set DD_SITE to your organisation's site: "
                + String.join(", ", DATADOG_SITES.stream().sorted().toList()) + ".",
            suggestion != null ? List.of(new Change.SetEnv("DD_SITE", suggestion)) : List.of());
      }
    }
    if (f.hasExtension(Vendor.FAROL)) {
      Val endpoint = f.fn().env().get("FAROL_OTLP_ENDPOINT");
      boolean loopback = endpoint.known() && TraceRouting.local(endpoint.value());
      if ((endpoint.absent() && !f.fn().env().open()) || loopback) {
        out.add(Code.D005, f, endpoint.present() ? endpoint.site() : f.fn().env().site(), endpoint.absent()
            ? "Farol's extension is attached but FAROL_OTLP_ENDPOINT is not set, so it sends to its default, "
            + "http://127.0.0.1:4318." : "FAROL_OTLP_ENDPOINT is " + endpoint.value() + ", a loopback address.",
            "In a deployed function nothing listens on the execution environment's loopback for Farol's server: "
            + "every flush fails and, once its buffer is full, the extension drops the data (and counts it).",
            "Point FAROL_OTLP_ENDPOINT at your Farol server.",
            List.of(new Change.SetEnv("FAROL_OTLP_ENDPOINT", "https://<your-farol-server>:4318")));
      }
    }
    boolean collector = f.layers().stream().anyMatch(a -> a.layer().map(l -> l.vendor() == Vendor.OPENTELEMETRY
        && l.role() == dev.farol.doctor.layers.Role.EXTENSION).orElse(false));
    if (collector && !f.fn().env().has("OPENTELEMETRY_COLLECTOR_CONFIG_URI")
        && !f.fn().env().has("OPENTELEMETRY_COLLECTOR_CONFIG_FILE") && !f.fn().env().open()) {
      out.add(Code.D006, f, f.fn().env().site(), "The OpenTelemetry collector layer is attached but "
          + "OPENTELEMETRY_COLLECTOR_CONFIG_URI is not set.", "The collector then runs the layer's default "
          + "configuration, whose only exporter is debug: spans and metrics are printed to the function's log and "
          + "sent nowhere else.", "Ship a collector configuration with the function and name it.",
          List.of(new Change.SetEnv("OPENTELEMETRY_COLLECTOR_CONFIG_URI", "/var/task/collector.yaml")));
    }
  }

  static String suggest(String written) {
    String s = written.trim().toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("/.*$", "")
        .replaceFirst("^(app|api|http-intake\\.logs)\\.", "");
    if (DATADOG_SITES.contains(s)) {
      return s;
    }
    return SHORT_NAMES.get(s);
  }
}
