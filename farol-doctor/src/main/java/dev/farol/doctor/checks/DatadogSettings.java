package dev.farol.doctor.checks;

import dev.farol.doctor.fix.Change;
import dev.farol.doctor.layers.LayerCatalog;
import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.Val;
import dev.farol.findings.Code;
import java.util.List;
import java.util.Set;

/**
 * Datadog settings that do not do what they seem to: FAROL-C001 {@code DD_FLUSH_TO_LOG} with the
 * extension, FAROL-C002 log settings the extension does not read (and Powertools' settings of the other
 * runtime), FAROL-C005 log shipping off, FAROL-G001 trace ids not injected where nothing else ties logs to
 * traces.
 */
final class DatadogSettings implements Check {
  /** The first Datadog extension version that reads DD_LOGS_ENABLED as well as DD_SERVERLESS_LOGS_ENABLED. */
  static final int LOGS_ENABLED_ALIAS_SINCE = 89;

  @Override
  public void run(FunctionFacts f, Findings out) {
    powertools(f, out);
    Set<Vendor> vendors = Vendors.tracing(f);
    boolean extension = f.hasExtension(Vendor.DATADOG);
    Val flush = f.fn().env().get("DD_FLUSH_TO_LOG");
    if (extension && flush.is("true")) {
      out.add(Code.C001, f, flush.site(), "DD_FLUSH_TO_LOG is true while Datadog's extension is attached.",
          "With the extension the tracers send metrics to it and ignore DD_FLUSH_TO_LOG; the setting is left over "
          + "from a Forwarder setup and misleads whoever reads the configuration.", "Remove DD_FLUSH_TO_LOG.",
          List.of(new Change.RemoveEnv("DD_FLUSH_TO_LOG")));
    }
    if (extension) {
      logs(f, out);
    }
    Val injection = f.fn().env().get("DD_LOGS_INJECTION");
    if (vendors.contains(Vendor.DATADOG) && !extension && injection.is("false")) {
      out.add(Code.G001, f, injection.site(), "DD_LOGS_INJECTION is false and no extension ties log lines to "
          + "invocations.", "The tracer writes no trace or span id into the log lines, and nothing else joins them: "
          + "the logs cannot be found from a trace.", "Remove DD_LOGS_INJECTION.",
          List.of(new Change.RemoveEnv("DD_LOGS_INJECTION")));
    }
  }

  private static void logs(FunctionFacts f, Findings out) {
    Val serverless = f.fn().env().get("DD_SERVERLESS_LOGS_ENABLED");
    Val generic = f.fn().env().get("DD_LOGS_ENABLED");
    Integer version = extensionVersion(f);
    if (generic.present() && serverless.absent() && version != null && version < LOGS_ENABLED_ALIAS_SINCE) {
      out.add(Code.C002, f, generic.site(), "DD_LOGS_ENABLED is set but Datadog's extension layer is version "
          + version + ", which reads only DD_SERVERLESS_LOGS_ENABLED.", "The setting has no effect: log shipping "
          + "stays as the extension's default (on), whatever DD_LOGS_ENABLED says.", "Use DD_SERVERLESS_LOGS_ENABLED.",
          List.of(new Change.RenameEnv("DD_LOGS_ENABLED", "DD_SERVERLESS_LOGS_ENABLED")));
      return;
    }
    if (serverless.known() && generic.known() && truthy(serverless) != truthy(generic)) {
      String ignored = truthy(serverless) ? "DD_LOGS_ENABLED" : "DD_SERVERLESS_LOGS_ENABLED";
      out.add(Code.C002, f, f.fn().env().get(ignored).site(), "DD_SERVERLESS_LOGS_ENABLED is " + serverless.value()
          + " and DD_LOGS_ENABLED is " + generic.value() + ".", "The extension ships logs when either says true, so "
          + ignored + "=" + f.fn().env().get(ignored).value() + " has no effect: logs are shipped.", "Remove " + ignored + ", which changes nothing "
          + "(set the other to false to stop shipping logs).", List.of(new Change.RemoveEnv(ignored)));
      return;
    }
    Val off = serverless.is("false") ? serverless : generic.is("false") && serverless.absent() ? generic : null;
    if (off != null) {
      String name = off == serverless ? "DD_SERVERLESS_LOGS_ENABLED" : "DD_LOGS_ENABLED";
      out.add(Code.C005, f, off.site(), name + " is false, so Datadog's extension does not send the function's "
          + "logs.", "Unless a Forwarder or a subscription ships the log group, the logs never reach Datadog.",
          "Remove " + name + " (unless logs are shipped another way).", List.of(new Change.RemoveEnv(name)));
    }
  }

  /** As the extension reads booleans: {@code true} or {@code 1}, in any case. */
  private static boolean truthy(Val v) {
    return v.is("true") || v.is("1");
  }

  private static Integer extensionVersion(FunctionFacts f) {
    for (AttachedLayer a : f.layers(Vendor.DATADOG, dev.farol.doctor.layers.Role.EXTENSION)) {
      String v = a.written().known() ? LayerCatalog.version(a.written().value()) : null;
      if (v != null) {
        return Integer.valueOf(v);
      }
    }
    return null;
  }

  private static void powertools(FunctionFacts f, Findings out) {
    String family = f.family();
    if (family == null) {
      return;
    }
    String wrong = family.equals("nodejs") ? "POWERTOOLS_TRACE_DISABLED"
        : family.equals("python") ? "POWERTOOLS_TRACE_ENABLED" : null;
    Val v = wrong == null ? null : f.fn().env().get(wrong);
    if (v != null && v.present()) {
      String right = family.equals("nodejs") ? "POWERTOOLS_TRACE_ENABLED" : "POWERTOOLS_TRACE_DISABLED";
      out.add(Code.C002, f, v.site(), wrong + " is set on a " + family + " function; Powertools for " + family
          + " reads " + right + ".", "The setting has no effect, so the tracer is on or off regardless of it.",
          "Use " + right + " (with the opposite value).", List.of(new Change.RemoveEnv(wrong)));
    }
  }
}
