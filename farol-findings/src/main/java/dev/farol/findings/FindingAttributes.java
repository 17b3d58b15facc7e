package dev.farol.findings;

/**
 * How the extension sends findings and an invocation's hops over OTLP, so that any backend shows them
 * and Farol's server can read them back: each is a log record whose {@code event.name} is
 * {@link #FINDING_EVENT} or {@link #HOPS_EVENT}, tied to the invocation by {@code faas.invocation_id}.
 * A finding's body is its message; its parts are the attributes below. A hops record carries one
 * attribute per {@link Hop}: {@link #HOP_PREFIX} + its key, valued with a {@link Hop.Status} label.
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

  private FindingAttributes() {}
}
