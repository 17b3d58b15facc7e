package dev.farol.findings;

import java.util.Objects;
import java.util.Set;

/**
 * One broken hop: what was found ({@link #message}), where ({@link #evidence}), why it loses which
 * signals ({@link #why}, {@link #signals}) and the change that mends it ({@link #fix}). The same value
 * whether the doctor found it in a file, the live check in an invocation or the extension at run time.
 */
public final class Finding {
  private final Code code;
  private final Severity severity;
  private final String function;
  private final Evidence evidence;
  private final String message;
  private final String why;
  private final Fix fix;

  private Finding(Builder b) {
    this.code = b.code;
    this.severity = b.severity != null ? b.severity : b.code.severity();
    this.function = b.function;
    this.evidence = b.evidence;
    this.message = b.message;
    this.why = b.why;
    this.fix = b.fix;
  }

  /** A finding of {@code code}; {@link Builder#build} says what is missing. */
  public static Builder of(Code code) {
    return new Builder(Objects.requireNonNull(code, "code == null"));
  }

  public Code code() {
    return code;
  }

  public Severity severity() {
    return severity;
  }

  /** The function's name as its definition gives it; {@code null} for a finding about the input itself. */
  public String function() {
    return function;
  }

  public Evidence evidence() {
    return evidence;
  }

  /** What was found, in one or two sentences naming the values seen. */
  public String message() {
    return message;
  }

  /** Why that loses the signals it does. */
  public String why() {
    return why;
  }

  /** The signals this finding loses (its code's). */
  public Set<Signal> signals() {
    return code.signals();
  }

  /** The change that mends it, or {@code null} when there is nothing to change in the input. */
  public Fix fix() {
    return fix;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Finding)) {
      return false;
    }
    Finding f = (Finding) o;
    return code == f.code && severity == f.severity && Objects.equals(function, f.function)
        && evidence.equals(f.evidence) && message.equals(f.message) && why.equals(f.why)
        && Objects.equals(fix, f.fix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, severity, function, evidence, message);
  }

  @Override
  public String toString() {
    return code.id() + " " + code.slug() + " [" + severity.label() + "] " + (function != null ? function + ": " : "")
        + message + " (" + evidence.location() + ")";
  }

  /** Builds a {@link Finding}: code, evidence, message and why are required. */
  public static final class Builder {
    private final Code code;
    private Severity severity;
    private String function;
    private Evidence evidence;
    private String message;
    private String why;
    private Fix fix;

    private Builder(Code code) {
      this.code = code;
    }

    /** Overrides the code's own severity (a check that knows the loss is partial, say). */
    public Builder severity(Severity severity) {
      this.severity = severity;
      return this;
    }

    public Builder function(String function) {
      this.function = function;
      return this;
    }

    public Builder evidence(Evidence evidence) {
      this.evidence = evidence;
      return this;
    }

    public Builder message(String message) {
      this.message = message;
      return this;
    }

    public Builder why(String why) {
      this.why = why;
      return this;
    }

    public Builder fix(Fix fix) {
      this.fix = fix;
      return this;
    }

    /** The finding; throws naming every required part that was not given. */
    public Finding build() {
      StringBuilder missing = new StringBuilder();
      if (evidence == null) {
        missing.append(" evidence");
      }
      if (message == null || message.isBlank()) {
        missing.append(" message");
      }
      if (why == null || why.isBlank()) {
        missing.append(" why");
      }
      if (missing.length() > 0) {
        throw new IllegalStateException(code.id() + ": missing" + missing);
      }
      return new Finding(this);
    }
  }
}
