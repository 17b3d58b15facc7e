package dev.farol.doctor.live;

import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.Fix;

/**
 * The finding for a hop the live check saw break when the extension did not say why: the hop's code
 * ({@link dev.farol.findings.Hop#broken()}, or {@code FAROL-V010} for a trace found by its own id but not the
 * caller's), with what was seen in its message and the invocation as its evidence.
 */
final class LiveFindings {
  private LiveFindings() {}

  static Finding of(Code code, LiveObservation o, String detail) {
    String rid = o.requestId();
    Finding.Builder b = Finding.of(code).function(o.function()).evidence(Evidence.path("invocation " + rid));
    String seen = detail.isEmpty() ? "" : " (" + detail + ")";
    switch (code) {
      case V001:
        return b.message("Invocation " + rid + " failed before its handler ran" + seen + ".")
            .why("A handler that cannot be loaded never runs: no tracer starts, and the invocation has only the "
                + "platform's spans, marked with the error.")
            .fix(new Fix("Check that the handler names a class (or module) and method the function's package or "
                + "layers provide; the runtime's error is in the function's log.", "text", "")).build();
      case V002:
        return b.message("No tracer ran in invocation " + rid + seen + ".")
            .why("Without a tracer the invocation's trace has only the platform's spans: none of the function's "
                + "own, no log correlation from the tracer.")
            .fix(new Fix("Run farol doctor on the function's definition: it names what keeps the tracer from "
                + "starting.", "text", "")).build();
      case V003:
        return b.message("The tracer ran in invocation " + rid + " but its spans did not reach the extension" + seen
            + ".").why("The trace then has the platform's spans only.")
            .fix(new Fix("Check that tracing is on and that the tracer sends to the extension (OTLP on "
                + "127.0.0.1:4318).", "text", "")).build();
      case V004:
        return b.message("The trace of invocation " + rid + " has no invocation span" + seen + ".")
            .why("The invocation span carries the request id, cold start, duration and outcome; without it the "
                + "invocation is not found by its request id and its spans hang loose.")
            .fix(new Fix("Attach Farol's extension: it makes the invocation span from the platform's events when "
                + "no tracer does.", "text", "")).build();
      case V005:
        return b.message("The cold start of invocation " + rid + " is not in its trace" + seen + ".")
            .why("The init span tells what the cold start cost; outside the invocation's trace it cannot be "
                + "told apart from any other.")
            .fix(new Fix("Give the extension the trace context the invocation had (a tracer that marks its "
                + "export, or the Runtime API proxy, /opt/farol-wrapper).", "text", "")).build();
      case V006:
        return b.message("The log lines of invocation " + rid + " are not tied to its trace" + seen + ".")
            .why("Lines without the invocation's trace id are not found from the trace, and the trace does not "
                + "show what the function logged.")
            .fix(new Fix("Let Farol's extension send the function's log lines (it ties each to the invocation's "
                + "trace and span).", "text", "")).build();
      case V007:
        return b.message("What the extension had of invocation " + rid + " did not reach Farol's server" + seen
            + ".").why("Nothing the extension did not send can be stored: the invocation's spans, log lines and "
                + "metrics are missing from the server.")
            .fix(new Fix("Check FAROL_OTLP_ENDPOINT (and FAROL_API_KEY when the server needs one), and the "
                + "extension's lines in the function's log.", "text", "")).build();
      case V008:
        return b.message("The server did not store everything the extension sent for invocation " + rid + seen
            + ".").why("What is not stored cannot be queried: the trace or its lines are incomplete.")
            .fix(new Fix("Look at GET /api/v1/ingest/stats (rejected items) and the server's log (batches set "
                + "aside).", "text", "")).build();
      case V010:
        return b.message("Invocation " + rid + " did not continue the caller's trace " + o.callerTraceId() + seen
            + ".").why("The caller's spans and the function's then make two traces: the request cannot be "
                + "followed from the caller into the function.")
            .fix(new Fix("Have the tracer (or the extension's Runtime API proxy, /opt/farol-wrapper) read the "
                + "caller's context: the traceparent header, or the client context of a direct invoke.", "text",
                "")).build();
      default:
        return b.message("The trace of invocation " + rid + " cannot be found by its id" + seen + ".")
            .why("A trace that is stored but not found by its id cannot be looked at.")
            .fix(new Fix("Check the server's query API: GET /api/v1/traces/{traceId}.", "text", "")).build();
    }
  }
}
