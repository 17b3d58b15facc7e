package dev.farol.findings;

import java.util.Objects;

/**
 * The change that mends a finding: a one-line summary and the change itself as a diff-style snippet in
 * the input's own language (lines starting {@code -} go, {@code +} come, others are context).
 */
public final class Fix {
  private final String summary;
  private final String language;
  private final String diff;

  /**
   * @param language {@code hcl}, {@code yaml}, {@code json}, or {@code text} for a change that is not an
   *     edit of a file (a setting in the console, a command)
   */
  public Fix(String summary, String language, String diff) {
    this.summary = Objects.requireNonNull(summary, "summary == null");
    this.language = Objects.requireNonNull(language, "language == null");
    this.diff = Objects.requireNonNull(diff, "diff == null");
  }

  public String summary() {
    return summary;
  }

  public String language() {
    return language;
  }

  public String diff() {
    return diff;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fix && summary.equals(((Fix) o).summary) && language.equals(((Fix) o).language)
        && diff.equals(((Fix) o).diff);
  }

  @Override
  public int hashCode() {
    return Objects.hash(summary, language, diff);
  }

  @Override
  public String toString() {
    return summary;
  }
}
