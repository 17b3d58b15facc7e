package dev.farol.findings;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every finding Farol reports, with a code that never changes meaning ({@code FAROL-H001}) and a name
 * ({@code handler-not-wrapped}). The doctor, the live check, the extension and the UI all speak these;
 * each is documented in {@code docs/doctor.md} under its code.
 *
 * <p>Letters group the hops: H handler and wrapper, L layers, T tracing and sampling, D destination (keys,
 * site, endpoint, permissions), C capacity and conflicting settings, G logs, V the live check's hops, I the
 * input itself.
 */
public enum Code {
  H001("handler-not-wrapped", Severity.ERROR, "the handler does not go through the tracer's wrapper",
      Signal.TRACES, Signal.COLD_START, Signal.LOG_CORRELATION),
  H002("wrapped-handler-missing", Severity.ERROR, "the wrapper is set but the real handler is not named",
      Signal.INVOCATIONS, Signal.TRACES),
  H003("wrapped-handler-is-wrapper", Severity.ERROR, "the real handler named to the wrapper is the wrapper itself",
      Signal.INVOCATIONS, Signal.TRACES),
  H004("exec-wrapper-not-provided", Severity.ERROR, "AWS_LAMBDA_EXEC_WRAPPER names a file no layer provides",
      Signal.INVOCATIONS),
  H005("wrapper-for-another-runtime", Severity.ERROR, "the handler wrapper is one of another runtime's tracer",
      Signal.INVOCATIONS, Signal.TRACES),
  H006("java-agent-not-provided", Severity.ERROR, "a -javaagent or --require names a file no layer provides",
      Signal.INVOCATIONS),
  L001("extension-layer-missing", Severity.ERROR, "a tracer is set up but no extension receives its data",
      Signal.TRACES, Signal.METRICS),
  L002("tracer-layer-missing", Severity.ERROR, "the handler names a tracer's wrapper but no layer provides it",
      Signal.INVOCATIONS, Signal.TRACES),
  L003("layer-for-another-runtime", Severity.ERROR, "a tracer layer is built for another runtime or version",
      Signal.TRACES, Signal.INVOCATIONS),
  L004("layer-for-another-architecture", Severity.ERROR, "a layer is built for another architecture",
      Signal.TRACES, Signal.METRICS, Signal.LOGS),
  L005("tracer-bundled-twice", Severity.WARNING, "the tracer is both in the package and in a layer",
      Signal.TRACES),
  L006("extensions-compete", Severity.WARNING, "two telemetry extensions take the same signals",
      Signal.TRACES, Signal.LOGS),
  L007("too-many-layers", Severity.ERROR, "more than five layers: Lambda refuses the function",
      Signal.INVOCATIONS),
  L008("layer-in-another-region", Severity.ERROR, "a layer is published in another region than the function's",
      Signal.INVOCATIONS),
  T001("tracing-disabled", Severity.ERROR, "tracing is switched off", Signal.TRACES, Signal.COLD_START),
  T002("xray-passthrough-unsampled", Severity.WARNING,
      "X-Ray PassThrough lets an upstream Sampled=0 turn the tracer off", Signal.TRACES),
  T003("xray-and-tracer-both-trace", Severity.WARNING, "X-Ray active tracing and another tracer both start traces",
      Signal.TRACES),
  T004("merge-xray-without-active-tracing", Severity.WARNING, "X-Ray traces to merge, but X-Ray tracing is off",
      Signal.TRACES),
  T005("sampling-off", Severity.ERROR, "the sampler keeps no trace", Signal.TRACES),
  T006("traces-sent-elsewhere", Severity.ERROR, "the tracer sends its traces where no extension listens",
      Signal.TRACES),
  T007("propagation-drops-upstream", Severity.WARNING,
      "the propagators do not read the format callers send, so traces split", Signal.TRACES),
  T008("application-signals-without-active-tracing", Severity.ERROR,
      "AWS Application Signals needs X-Ray active tracing", Signal.TRACES),
  T009("xray-sdk-without-active-tracing", Severity.WARNING,
      "an X-Ray SDK tracer (Powertools) runs without X-Ray active tracing", Signal.TRACES),
  D001("api-key-missing", Severity.ERROR, "the extension has no API key for its destination",
      Signal.TRACES, Signal.LOGS, Signal.METRICS),
  D002("api-key-secret-not-a-secret", Severity.ERROR, "the API key's secret ARN is not a Secrets Manager ARN",
      Signal.TRACES, Signal.LOGS, Signal.METRICS),
  D003("site-invalid", Severity.ERROR, "the destination site is not one the vendor serves",
      Signal.TRACES, Signal.LOGS, Signal.METRICS),
  D004("secret-not-readable", Severity.ERROR, "the function's role may not read the API key's secret",
      Signal.TRACES, Signal.LOGS, Signal.METRICS),
  D005("endpoint-unreachable", Severity.ERROR, "the extension exports to an endpoint the function cannot reach",
      Signal.TRACES, Signal.LOGS, Signal.METRICS),
  D006("collector-config-missing", Severity.ERROR, "the collector layer has no configuration that exports anywhere",
      Signal.TRACES, Signal.LOGS, Signal.METRICS),
  D007("api-key-in-plain-text", Severity.NOTE, "the API key is in the configuration as plain text"),
  D008("api-key-sources-conflict", Severity.WARNING, "several API key sources are set; one silently wins",
      Signal.TRACES, Signal.LOGS, Signal.METRICS),
  C001("flush-to-log-with-extension", Severity.NOTE,
      "DD_FLUSH_TO_LOG is set while the extension is attached, which then ignores it"),
  C002("setting-not-read", Severity.WARNING, "a setting the attached tools do not read, so it has no effect",
      Signal.LOGS, Signal.TRACES),
  C003("timeout-too-short-to-flush", Severity.WARNING, "the timeout leaves no time to flush", Signal.TRACES,
      Signal.LOGS, Signal.METRICS),
  C004("memory-too-small", Severity.WARNING, "the memory is too small for the runtime and the extension",
      Signal.INVOCATIONS, Signal.TRACES),
  C005("logs-collection-off", Severity.WARNING, "the extension is told not to send the function's logs",
      Signal.LOGS),
  C006("handler-setting-unused", Severity.NOTE, "a wrapper's handler setting is set but no wrapper reads it"),
  G001("logs-not-correlated", Severity.WARNING, "log lines will not carry trace ids", Signal.LOG_CORRELATION),
  V001("function-did-not-start", Severity.ERROR, "the function failed before its handler ran", Signal.INVOCATIONS),
  V002("wrapper-did-not-run", Severity.ERROR, "no tracer ran in the invocation", Signal.TRACES),
  V003("tracer-sent-nothing", Severity.ERROR, "the tracer ran but sent nothing to the extension", Signal.TRACES),
  V004("invocation-span-missing", Severity.ERROR, "the invocation has no invocation span", Signal.TRACES),
  V005("cold-start-not-joined", Severity.WARNING, "the init span is missing or in another trace",
      Signal.COLD_START),
  V006("logs-not-tied", Severity.WARNING, "the invocation's log lines carry no trace id", Signal.LOG_CORRELATION),
  V007("not-flushed", Severity.ERROR, "the extension could not send the invocation's data", Signal.TRACES,
      Signal.LOGS, Signal.METRICS),
  V008("not-stored", Severity.ERROR, "the server did not store what the extension sent", Signal.TRACES,
      Signal.LOGS),
  V009("not-queryable", Severity.ERROR, "the stored trace cannot be found by its id", Signal.TRACES),
  V010("caller-trace-not-continued", Severity.WARNING, "the invocation did not continue the caller's trace",
      Signal.TRACES),
  I001("value-not-knowable", Severity.NOTE, "a value the checks need cannot be known from the files"),
  I002("no-functions-found", Severity.NOTE, "no function definition was found");

  private final String name;
  private final Severity severity;
  private final String title;
  private final Set<Signal> signals;

  Code(String name, Severity severity, String title, Signal... signals) {
    this.name = name;
    this.severity = severity;
    this.title = title;
    EnumSet<Signal> s = EnumSet.noneOf(Signal.class);
    Collections.addAll(s, signals);
    this.signals = Collections.unmodifiableSet(s);
  }

  /** {@code FAROL-H001}. */
  public String id() {
    return "FAROL-" + name();
  }

  /** {@code handler-not-wrapped}. */
  public String slug() {
    return name;
  }

  /** What goes wrong, in a few words. */
  public String title() {
    return title;
  }

  /** The severity a finding of this code has unless the check knows better. */
  public Severity severity() {
    return severity;
  }

  /** What a finding of this code loses. */
  public Set<Signal> signals() {
    return signals;
  }

  /** The anchor of this code's section in {@code docs/doctor.md}. */
  public String anchor() {
    return id().toLowerCase(Locale.ROOT) + "-" + name;
  }

  /** The code with id {@code FAROL-H001} (or {@code H001}), or its name {@code handler-not-wrapped}. */
  public static Code of(String idOrName) {
    String s = idOrName.trim();
    if (s.regionMatches(true, 0, "FAROL-", 0, 6)) {
      s = s.substring(6);
    }
    for (Code c : values()) {
      if (c.name().equalsIgnoreCase(s) || c.name.equalsIgnoreCase(s)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no finding code " + idOrName);
  }
}
