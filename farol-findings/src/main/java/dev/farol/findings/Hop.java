package dev.farol.findings;

/**
 * The hops an invocation's telemetry takes, in order. The extension reports, for each invocation, the first
 * seven as it saw them (its record travels in the very flush that {@link #FLUSHED} is about, so it cannot
 * tell that one); the live check adds the last three from the server. The first hop that broke is the one
 * to mend: everything after it breaks with it.
 */
public enum Hop {
  HANDLER_LOADED("handler-loaded", "the runtime loaded the handler and ran it", Code.V001),
  WRAPPER_RAN("wrapper-ran", "the tracer's wrapper ran around the handler", Code.V002),
  TRACER_ACTIVE("tracer-active", "a tracer was active in the invocation", Code.V002),
  SPANS_RECEIVED("spans-received", "the extension received the tracer's spans", Code.V003),
  INVOCATION_SPAN("invocation-span", "the invocation has its invocation span", Code.V004),
  COLD_START_SPAN("cold-start-span", "a cold start's init span is in the invocation's trace", Code.V005),
  LOGS_CORRELATED("logs-correlated", "the invocation's log lines carry its trace id", Code.V006),
  FLUSHED("flushed", "the extension sent the invocation's data to the server", Code.V007),
  STORED("stored", "the server stored the invocation, its spans and logs", Code.V008),
  QUERYABLE("queryable", "the trace is found by its id", Code.V009);

  private final String key;
  private final String description;
  private final Code broken;

  Hop(String key, String description, Code broken) {
    this.key = key;
    this.description = description;
    this.broken = broken;
  }

  /** Its name in attributes and JSON ({@code wrapper-ran}). */
  public String key() {
    return key;
  }

  /** What passing this hop means. */
  public String description() {
    return description;
  }

  /** The finding reported when this hop broke and no more precise cause is known. */
  public Code broken() {
    return broken;
  }

  /** The hop named {@code key}. */
  public static Hop of(String key) {
    for (Hop h : values()) {
      if (h.key.equals(key)) {
        return h;
      }
    }
    throw new IllegalArgumentException("no hop " + key);
  }

  /** What the extension or the live check saw of a hop. */
  public enum Status {
    PASSED("passed"),
    FAILED("failed"),
    /** Does not apply to this invocation (no cold start, no tracer attached). */
    NOT_APPLICABLE("n/a"),
    /** Nothing could tell. */
    UNKNOWN("unknown");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public static Status of(String label) {
      for (Status s : values()) {
        if (s.label.equals(label)) {
          return s;
        }
      }
      throw new IllegalArgumentException("no hop status " + label);
    }
  }
}
