package dev.farol.extension;

import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.Fix;
import dev.farol.findings.Hop;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the extension saw of an invocation's first seven hops ({@link Hop}), read from its {@link Invocation}
 * once it is rendered, and the findings that say why a hop broke when the extension knows:
 *
 * <ul>
 *   <li>{@code handler-loaded}: failed when the cold start's init phase failed or the runtime reported one of
 *       {@link #LOAD_FAILURES}; passed once {@code platform.runtimeDone} came without one; unknown without it
 *       ({@code FAROL-V001} with the error type).
 *   <li>{@code wrapper-ran}, {@code tracer-active}, {@code spans-received}: passed when a tracer's data came for
 *       the invocation (Farol's tracer's export marked with it, Datadog's {@code start-invocation}, OTLP) and,
 *       for the last, with spans; with a tracer layer attached and nothing from it, the {@link
 *       Surroundings#silentTracer} finding ({@code FAROL-H001}: the first three failed; {@code FAROL-V003}: the
 *       wrapper ran, the tracer's state unknown, no spans); n/a without a tracer layer and without tracer data.
 *   <li>{@code invocation-span}: passed (the tracer's, or the extension's own from the platform's events).
 *   <li>{@code cold-start-span}: on a cold start, whether the init span went out in the invocation's trace;
 *       n/a when warm.
 *   <li>{@code logs-correlated}: passed when the invocation had log lines (each goes out with its trace and
 *       span ids); n/a without any.
 * </ul>
 */
final class InvocationHops {
  /** Error types with which runtimes say they could not load the handler (Java's, Python's, Node's, custom). */
  static final Set<String> LOAD_FAILURES = Set.of("Runtime.BadFunctionCode", "Runtime.ImportModuleError",
      "Runtime.HandlerNotFound", "Runtime.UserCodeSyntaxError", "Runtime.MalformedHandlerName",
      "Runtime.InvalidEntrypoint");

  private final Map<Hop, Hop.Status> statuses;
  private final List<Finding> findings;

  private InvocationHops(Map<Hop, Hop.Status> statuses, List<Finding> findings) {
    this.statuses = statuses;
    this.findings = findings;
  }

  static InvocationHops of(Invocation inv, Surroundings around, String function) {
    Map<Hop, Hop.Status> s = new EnumMap<>(Hop.class);
    List<Finding> findings = new ArrayList<>(1);
    boolean loadFailed = inv.initFailure != null || inv.errorType != null && LOAD_FAILURES.contains(inv.errorType);
    s.put(Hop.HANDLER_LOADED, loadFailed ? Hop.Status.FAILED
        : inv.runtimeDoneSeen ? Hop.Status.PASSED : Hop.Status.UNKNOWN);
    if (loadFailed) {
      findings.add(loadFailure(inv, around, function));
    }
    boolean arrived = inv.tracerData || inv.tracerTraceId != null || inv.datadogTracer;
    if (arrived) {
      s.put(Hop.WRAPPER_RAN, Hop.Status.PASSED);
      s.put(Hop.TRACER_ACTIVE, Hop.Status.PASSED);
      boolean spans = inv.tracerSpans > 0 || inv.tracerSpansUncounted || inv.tracerTraceId != null;
      s.put(Hop.SPANS_RECEIVED, spans ? Hop.Status.PASSED : Hop.Status.FAILED);
      if (!spans) {
        findings.add(noSpans(inv, function));
      }
    } else if (loadFailed) {
      s.put(Hop.WRAPPER_RAN, Hop.Status.UNKNOWN);
      s.put(Hop.TRACER_ACTIVE, Hop.Status.UNKNOWN);
      s.put(Hop.SPANS_RECEIVED, Hop.Status.UNKNOWN);
    } else {
      Finding silent = around.silentTracer(function, inv.requestId);
      if (silent == null) {
        s.put(Hop.WRAPPER_RAN, Hop.Status.NOT_APPLICABLE);
        s.put(Hop.TRACER_ACTIVE, Hop.Status.NOT_APPLICABLE);
        s.put(Hop.SPANS_RECEIVED, Hop.Status.NOT_APPLICABLE);
      } else {
        boolean unwrapped = silent.code() == Code.H001;
        s.put(Hop.WRAPPER_RAN, unwrapped ? Hop.Status.FAILED : Hop.Status.PASSED);
        s.put(Hop.TRACER_ACTIVE, unwrapped ? Hop.Status.FAILED : Hop.Status.UNKNOWN);
        s.put(Hop.SPANS_RECEIVED, Hop.Status.FAILED);
        findings.add(silent);
      }
    }
    s.put(Hop.INVOCATION_SPAN, Hop.Status.PASSED);
    s.put(Hop.COLD_START_SPAN, !inv.cold ? Hop.Status.NOT_APPLICABLE
        : inv.initSpanSent ? Hop.Status.PASSED : Hop.Status.FAILED);
    s.put(Hop.LOGS_CORRELATED, inv.logLines == 0 ? Hop.Status.NOT_APPLICABLE : Hop.Status.PASSED);
    return new InvocationHops(s, Collections.unmodifiableList(findings));
  }

  private static Finding loadFailure(Invocation inv, Surroundings around, String function) {
    String what = inv.initFailure != null ? "the init phase ended " + inv.initFailure
        : "the runtime reported " + inv.errorType;
    String handler = around.handler() == null ? "the handler" : around.handler();
    return Finding.of(Code.V001).function(function)
        .evidence(Evidence.path("invocation " + inv.requestId).withExcerpt(
            inv.initFailure != null ? "platform.initReport: " + inv.initFailure : "errorType=" + inv.errorType))
        .message("Invocation " + inv.requestId + " failed before its handler ran: " + what + ".")
        .why("A handler that cannot be loaded never runs, so no tracer starts and the invocation has only the "
            + "platform's spans, marked with the error.")
        .fix(new Fix("Check that " + handler + " names a class (or module) and method that the function's package "
            + "or layers provide, and read the runtime's error in the function's log.", "text", ""))
        .build();
  }

  private static Finding noSpans(Invocation inv, String function) {
    String who = inv.datadogTracer ? "Datadog's tracer asked for the invocation's context (start-invocation)"
        : "A tracer sent data for the invocation";
    return Finding.of(Code.V003).function(function).evidence(Evidence.path("invocation " + inv.requestId))
        .message(who + " but no spans of invocation " + inv.requestId + " reached the extension before its flush.")
        .why("Without the tracer's spans the trace has the platform's spans only; a tracer whose tracing is off, "
            + "that samples the invocation out or sends its spans elsewhere looks like this.")
        .fix(new Fix("Check that the tracer's tracing is on (DD_TRACE_ENABLED, FAROL_TRACE_ENABLED) and that it "
            + "sends to the extension.", "text", ""))
        .build();
  }

  Hop.Status status(Hop hop) {
    return statuses.get(hop);
  }

  /** The hops the extension tells, in order. */
  Map<Hop, Hop.Status> statuses() {
    return Collections.unmodifiableMap(statuses);
  }

  /** Why hops broke, where the extension knows; empty when none did or it does not know. */
  List<Finding> findings() {
    return findings;
  }

  /** {@code spans-received} passed: the tracer's data arrived (for {@code farol.instrumentation_status}). */
  boolean tracerSent() {
    return statuses.get(Hop.SPANS_RECEIVED) == Hop.Status.PASSED;
  }
}
