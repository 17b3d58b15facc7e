package dev.farol.findings;

/** What a finding loses. */
public enum Signal {
  /** The function's traces: its invocation span and everything under it. */
  TRACES("traces"),
  /** The cold start's init span, or its place in the invocation's trace. */
  COLD_START("cold-start span"),
  /** The function's log lines. */
  LOGS("logs"),
  /** The tie between a log line and its trace and span. */
  LOG_CORRELATION("log-trace correlation"),
  /** Per-invocation and custom metrics. */
  METRICS("metrics"),
  /** The function itself: it fails to start or to answer. */
  INVOCATIONS("invocations");

  private final String label;

  Signal(String label) {
    this.label = label;
  }

  /** Its name in messages and JSON. */
  public String label() {
    return label;
  }
}
