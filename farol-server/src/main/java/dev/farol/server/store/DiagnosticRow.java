package dev.farol.server.store;

/**
 * One record of the diagnostics Farol's extension sends with each invocation ({@code docs/extension.md}), read at
 * ingest into the shape the query API answers with. Kept apart from the function's log lines: the logs API and the
 * trace view show what the function logged, not these.
 *
 * @param event {@code farol.invocation.hops} or {@code farol.finding}
 * @param code for a finding, its code ({@code FAROL-H001}); for a hops record, {@code ""}
 * @param json for a hops record {@code {"hops":{"handler-loaded":"passed",…},"counts":{"spans":2,"tracerSpans":0,
 *     "logLines":1},"coldStart":true}}; for a finding, the finding in its one JSON shape ({@code FindingJson})
 */
public record DiagnosticRow(long timeNanos, String function, String requestId, byte[] traceId, String event,
    String code, String json) {
  public static final String HOPS = "farol.invocation.hops";
  public static final String FINDING = "farol.finding";

  public DiagnosticRow {
    java.util.Objects.requireNonNull(requestId, "requestId == null");
    java.util.Objects.requireNonNull(event, "event == null");
    java.util.Objects.requireNonNull(code, "code == null");
    java.util.Objects.requireNonNull(json, "json == null");
  }

  /** A hops record (else a finding). */
  public boolean hops() {
    return HOPS.equals(event);
  }
}
