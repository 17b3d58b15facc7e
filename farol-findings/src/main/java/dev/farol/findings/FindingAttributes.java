package dev.farol.findings;

/**
 * How the extension sends findings and an invocation's hops over OTLP, so that any backend shows them
 * and Farol's server can read them back: each is a log record whose {@code event.name} is
 * {@link #FINDING_EVENT} or {@link #HOPS_EVENT}, tied to the invocation by {@code faas.invocation_id}.
 * A finding's body is its message; its parts are the attributes below. A hops record carries one
 * attribute per {@link Hop}: {@link #HOP_PREFIX} + its key, valued with a {@link Hop.Status} label, and what
 * the extension counted for the invocation ({@link #SPANS}, {@link #TRACER_SPANS}, {@link #LOG_LINES}), so
 * that a reader can tell whether everything sent was stored. {@link FindingRecord} writes and reads both.
 *
 * <p>Example of a hops record's attributes: {@code event.name=farol.invocation.hops},
 * {@code faas.invocation_id=8f5c…}, {@code farol.hop.handler-loaded=passed}, {@code farol.hop.wrapper-ran=failed},
 * …, {@code farol.invocation.spans=2}, {@code farol.invocation.tracer_spans=0}, {@code farol.invocation.log_lines=1}.
 */
public final class FindingAttributes {
  public static final String EVENT_NAME = "event.name";
  public static final String FINDING_EVENT = "farol.finding";
  public static final String HOPS_EVENT = "farol.invocation.hops";
  public static final String CODE = "farol.finding.code";
  public static final String NAME = "farol.finding.name";
  public static final String SEVERITY = "farol.finding.severity";
  public static final String WHY = "farol.finding.why";
  public static final String EVIDENCE = "farol.finding.evidence";
  public static final String FIX_SUMMARY = "farol.finding.fix.summary";
  public static final String FIX_LANGUAGE = "farol.finding.fix.language";
  public static final String FIX_DIFF = "farol.finding.fix.diff";
  public static final String HOP_PREFIX = "farol.hop.";
  /** The text found at the evidence's place, when there is one (a handler's value, say). */
  public static final String EVIDENCE_EXCERPT = "farol.finding.evidence.excerpt";
  /** The invocation the record belongs to (OpenTelemetry's name for the request id). */
  public static final String INVOCATION_ID = "faas.invocation_id";
  /** The function, as on every record the extension sends. */
  public static final String FUNCTION = "faas.name";
  /** On a hops record: whether the invocation was a cold start (a boolean). */
  public static final String COLD_START = "faas.coldstart";
  /** On a hops record: the spans sent for the invocation, the extension's own and the tracers' (an integer). */
  public static final String SPANS = "farol.invocation.spans";
  /** On a hops record: the spans tracers in the function sent for the invocation (an integer). */
  public static final String TRACER_SPANS = "farol.invocation.tracer_spans";
  /** On a hops record: the function's log lines sent for the invocation (an integer). */
  public static final String LOG_LINES = "farol.invocation.log_lines";

  private FindingAttributes() {}
}
