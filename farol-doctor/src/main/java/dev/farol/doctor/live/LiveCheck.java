package dev.farol.doctor.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.findings.Code;
import dev.farol.findings.Finding;
import dev.farol.findings.Hop;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells each hop of one live invocation from what Farol's server answered, and names the first that broke.
 *
 * <ul>
 *   <li>{@code handler-loaded} … {@code logs-correlated}: as the extension's diagnostics say, checked against the
 *       server where it can tell: a load failure in the caller's answer fails {@code handler-loaded}; the stored
 *       trace must hold the invocation span ({@code invocation-span}) and, on a cold start, the init span under it
 *       ({@code cold-start-span}: present and joined); the stored lines must carry the invocation's trace id
 *       ({@code logs-correlated}). Without the diagnostics these hops cannot be told.
 *   <li>{@code flushed}: the extension's diagnostics for the invocation reached the server (they travel in the
 *       flush with its spans and lines).
 *   <li>{@code stored}: the invocation is stored, with at least the spans and lines the extension counted.
 *   <li>{@code queryable}: the trace is found by the caller's trace id and continues the caller's span; a trace
 *       found only by an id of its own is {@code FAROL-V010}, none at all {@code FAROL-V009}.
 * </ul>
 *
 * The cause is the first hop that failed: the extension's finding when it reported one for that hop (so the live
 * check names {@code FAROL-H001} as the static doctor does), else the hop's own code with what was seen.
 */
public final class LiveCheck {
  /** Error types with which runtimes say they could not load the handler (as the extension knows them). */
  static final Set<String> LOAD_FAILURES = Set.of("Runtime.BadFunctionCode", "Runtime.ImportModuleError",
      "Runtime.HandlerNotFound", "Runtime.UserCodeSyntaxError", "Runtime.MalformedHandlerName",
      "Runtime.InvalidEntrypoint");

  /** The hops the extension tells. */
  private static final List<Hop> EXTENSION_HOPS = List.of(Hop.HANDLER_LOADED, Hop.WRAPPER_RAN, Hop.TRACER_ACTIVE,
      Hop.SPANS_RECEIVED, Hop.INVOCATION_SPAN, Hop.COLD_START_SPAN, Hop.LOGS_CORRELATED);

  private LiveCheck() {}

  public static LiveResult evaluate(LiveObservation o) {
    Map<Hop, HopResult> hops = new EnumMap<>(Hop.class);
    JsonNode d = o.diagnostics();
    JsonNode told = d == null ? null : d.path("hops");
    for (Hop h : EXTENSION_HOPS) {
      hops.put(h, told == null ? new HopResult(h, Hop.Status.UNKNOWN, "the extension's diagnostics did not arrive")
          : told.hasNonNull(h.key()) ? new HopResult(h, Hop.Status.of(told.get(h.key()).asText()), "")
          : new HopResult(h, Hop.Status.UNKNOWN, "the extension did not tell"));
    }
    StoredTrace trace = StoredTrace.of(o);
    handlerLoaded(o, hops);
    if (d != null) {
      spans(d, hops);
    }
    invocationSpan(trace, hops);
    coldStart(o, trace, hops);
    logs(o, trace, hops);
    hops.put(Hop.FLUSHED, d != null ? new HopResult(Hop.FLUSHED, Hop.Status.PASSED, "the extension's diagnostics "
        + "arrived with its flush") : new HopResult(Hop.FLUSHED, Hop.Status.FAILED, flushEvidence(o)));
    hops.put(Hop.STORED, stored(o, trace));
    Code[] queryCode = new Code[1];
    hops.put(Hop.QUERYABLE, queryable(o, trace, queryCode));

    List<HopResult> ordered = new ArrayList<>(hops.values());
    List<Finding> reported = new ArrayList<>();
    if (d != null) {
      for (JsonNode f : d.path("findings")) {
        reported.add(FindingReader.read(f));
      }
    }
    Finding cause = null;
    HopResult broken = ordered.stream().filter(h -> h.status() == Hop.Status.FAILED).findFirst().orElse(null);
    if (broken != null) {
      cause = EXTENSION_HOPS.contains(broken.hop()) && !reported.isEmpty() ? explaining(broken.hop(), reported)
          : LiveFindings.of(broken.hop() == Hop.QUERYABLE && queryCode[0] != null ? queryCode[0]
              : broken.hop().broken(), o, broken.detail());
    }
    List<Finding> findings = new ArrayList<>();
    if (cause != null) {
      findings.add(cause);
    }
    for (Finding f : reported) {
      if (!findings.contains(f)) {
        findings.add(f);
      }
    }
    return new LiveResult(o.function(), o.requestId(), trace.traceId(), o.callerTraceId(), o.outcome().via(), ordered,
        cause, findings);
  }

  /** The extension's finding for the hop: one of its code, else the first it reported. */
  private static Finding explaining(Hop hop, List<Finding> reported) {
    for (Finding f : reported) {
      if (f.code() == hop.broken() || hop == Hop.WRAPPER_RAN && f.code().name().startsWith("H")) {
        return f;
      }
    }
    return reported.get(0);
  }

  private static void handlerLoaded(LiveObservation o, Map<Hop, HopResult> hops) {
    LiveObservation.Outcome out = o.outcome();
    if (out.failed() && LOAD_FAILURES.contains(out.errorType())) {
      hops.put(Hop.HANDLER_LOADED, new HopResult(Hop.HANDLER_LOADED, Hop.Status.FAILED, out.errorType()
          + (out.errorMessage() == null ? "" : ": " + out.errorMessage())));
    } else if (hops.get(Hop.HANDLER_LOADED).status() == Hop.Status.UNKNOWN && o.diagnostics() == null) {
      // the caller's answer tells as much: the handler ran (and answered, or failed on its own)
      hops.put(Hop.HANDLER_LOADED, new HopResult(Hop.HANDLER_LOADED, Hop.Status.PASSED, out.failed()
          ? "the handler ran and failed with " + out.errorType() : "the function answered"));
    } else if (out.failed()) {
      hops.put(Hop.HANDLER_LOADED, new HopResult(Hop.HANDLER_LOADED, hops.get(Hop.HANDLER_LOADED).status(),
          "the handler ran and failed with " + out.errorType()));
    }
  }

  private static void spans(JsonNode d, Map<Hop, HopResult> hops) {
    JsonNode counts = d.path("counts");
    if (counts.has("tracerSpans")) {
      long n = counts.get("tracerSpans").asLong();
      HopResult h = hops.get(Hop.SPANS_RECEIVED);
      hops.put(Hop.SPANS_RECEIVED, new HopResult(Hop.SPANS_RECEIVED, h.status(), n == 1 ? "1 tracer span"
          : n + " tracer spans"));
    }
  }

  private static void invocationSpan(StoredTrace trace, Map<Hop, HopResult> hops) {
    if (trace.spans() == null) {
      return;
    }
    JsonNode inv = trace.invocationSpan();
    hops.put(Hop.INVOCATION_SPAN, inv != null ? new HopResult(Hop.INVOCATION_SPAN, Hop.Status.PASSED, inv.path("name")
        .asText() + " " + inv.path("spanId").asText() + " in trace " + trace.traceId())
        : new HopResult(Hop.INVOCATION_SPAN, Hop.Status.FAILED, "trace " + trace.traceId() + " has no span for the "
            + "request id"));
  }

  private static void coldStart(LiveObservation o, StoredTrace trace, Map<Hop, HopResult> hops) {
    boolean cold = o.diagnostics() != null && o.diagnostics().path("coldStart").asBoolean(false)
        || o.invocation() != null && o.invocation().path("coldStart").asBoolean(false);
    if (!cold) {
      if (o.diagnostics() != null || o.invocation() != null) {
        hops.put(Hop.COLD_START_SPAN, new HopResult(Hop.COLD_START_SPAN, Hop.Status.NOT_APPLICABLE, "a warm start"));
      }
      return;
    }
    JsonNode inv = trace.invocationSpan();
    if (inv == null) {
      return;
    }
    JsonNode init = trace.named("aws.lambda.init");
    String invId = inv.path("spanId").asText();
    if (init == null) {
      hops.put(Hop.COLD_START_SPAN, new HopResult(Hop.COLD_START_SPAN, Hop.Status.FAILED, "a cold start, and no "
          + "aws.lambda.init span in trace " + trace.traceId()));
    } else if (!invId.equals(init.path("parentSpanId").asText())) {
      hops.put(Hop.COLD_START_SPAN, new HopResult(Hop.COLD_START_SPAN, Hop.Status.FAILED, "aws.lambda.init hangs "
          + "under " + init.path("parentSpanId").asText("no span") + ", not the invocation span " + invId));
    } else {
      hops.put(Hop.COLD_START_SPAN, new HopResult(Hop.COLD_START_SPAN, Hop.Status.PASSED, "aws.lambda.init under the "
          + "invocation span"));
    }
  }

  private static void logs(LiveObservation o, StoredTrace trace, Map<Hop, HopResult> hops) {
    JsonNode logs = o.logs();
    if (logs == null || logs.isEmpty() || trace.traceId() == null) {
      return;
    }
    int tied = 0;
    for (JsonNode l : logs) {
      if (trace.traceId().equals(l.path("traceId").asText(null))) {
        tied++;
      }
    }
    String detail = tied + " of " + logs.size() + (logs.size() == 1 ? " line" : " lines") + " in trace "
        + trace.traceId();
    hops.put(Hop.LOGS_CORRELATED, new HopResult(Hop.LOGS_CORRELATED, tied == logs.size() ? Hop.Status.PASSED
        : Hop.Status.FAILED, detail));
  }

  /** What the extension printed about sending, when its data did not arrive. */
  private static String flushEvidence(LiveObservation o) {
    for (String line : o.extensionLines()) {
      if (line.contains("cannot reach Farol's server") || line.contains("the server refused")
          || line.contains("dropped")) {
        return "the extension said: " + line.trim();
      }
    }
    return "no diagnostics for the invocation on the server";
  }

  private static HopResult stored(LiveObservation o, StoredTrace trace) {
    if (o.invocation() == null) {
      return new HopResult(Hop.STORED, Hop.Status.FAILED, "no invocation " + o.requestId() + " on the server");
    }
    JsonNode counts = o.diagnostics() == null ? null : o.diagnostics().path("counts");
    List<String> missing = new ArrayList<>();
    long spans = trace.spans() == null ? 0 : trace.spans().size();
    if (counts != null && counts.path("spans").asLong(0) > spans) {
      missing.add(spans + " of the " + counts.get("spans").asLong() + " spans sent");
    }
    long lines = o.logs() == null ? 0 : o.logs().size();
    if (counts != null && counts.path("logLines").asLong(0) > lines) {
      missing.add(lines + " of the " + counts.get("logLines").asLong() + " log lines sent");
    }
    if (!missing.isEmpty()) {
      return new HopResult(Hop.STORED, Hop.Status.FAILED, "stored: " + String.join(", ", missing));
    }
    return new HopResult(Hop.STORED, Hop.Status.PASSED, "the invocation, " + spans
        + (spans == 1 ? " span, " : " spans, ") + lines + (lines == 1 ? " log line" : " log lines"));
  }

  private static HopResult queryable(LiveObservation o, StoredTrace trace, Code[] code) {
    JsonNode caller = o.callerTrace();
    if (caller != null && trace.inCallersTrace()) {
      for (JsonNode s : caller.path("spans")) {
        if (o.callerSpanId().equals(s.path("parentSpanId").asText(null))) {
          return new HopResult(Hop.QUERYABLE, Hop.Status.PASSED, "trace " + o.callerTraceId() + " found by the "
              + "caller's trace id, " + s.path("name").asText() + " under the caller's span " + o.callerSpanId());
        }
      }
      code[0] = Code.V010;
      return new HopResult(Hop.QUERYABLE, Hop.Status.FAILED, "trace " + o.callerTraceId() + " has no span under "
          + "the caller's span " + o.callerSpanId());
    }
    if (o.ownTrace() != null) {
      code[0] = Code.V010;
      return new HopResult(Hop.QUERYABLE, Hop.Status.FAILED, "the invocation is in trace " + trace.traceId()
          + ", found by that id, not in the caller's trace " + o.callerTraceId());
    }
    code[0] = Code.V009;
    return new HopResult(Hop.QUERYABLE, Hop.Status.FAILED, trace.traceId() == null ? "no trace of the invocation "
        + "is found" : "GET /api/v1/traces/" + trace.traceId() + " finds nothing");
  }
}
