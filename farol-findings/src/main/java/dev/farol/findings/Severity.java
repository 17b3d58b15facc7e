package dev.farol.findings;

/**
 * How bad a finding is. The doctor exits 1 when any finding is {@link #ERROR} or {@link #WARNING}: both
 * lose telemetry, the first for every invocation (or it breaks the function), the second under
 * conditions (a cold start, a slow flush, an upstream that does not sample).
 */
public enum Severity {
  /** Loses a signal for every invocation, or makes the function fail. */
  ERROR("error"),
  /** Loses or splits a signal for some invocations. */
  WARNING("warning"),
  /** Worth knowing; loses nothing (a value that cannot be known from the files, say). */
  NOTE("note");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The lower-case name used in JSON and SARIF ({@code error}, {@code warning}, {@code note}). */
  public String label() {
    return label;
  }

  /** Whether a finding of this severity loses telemetry (and so fails the doctor's exit status). */
  public boolean losesTelemetry() {
    return this != NOTE;
  }

  /** The severity named {@code label} ({@code error}, {@code warning}, {@code note}). */
  public static Severity of(String label) {
    for (Severity s : values()) {
      if (s.label.equalsIgnoreCase(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("severity must be error, warning or note, got " + label);
  }
}
