package dev.farol.doctor.hcl;

import java.nio.file.Path;

/**
 * An expression that Terraform would reject when evaluating it: a known function given wrong arguments
 * ({@code merge("a")}), an attribute that a known object lacks, an index out of range, an operator applied to
 * the wrong type. The message has the form {@code main.tf:3:12: merge(): argument 1 must be a map or an
 * object, found the string "a"}.
 *
 * <p>{@link Values#traverse} throws it without a position (a {@link Scope} has none to give); the
 * {@link Evaluator} then positions it at the expression being evaluated. {@code try()} and {@code can()} catch
 * it, as in Terraform.
 */
public final class EvaluationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Path file;
  private final SourceRange range;
  private final String reason;

  /** An error at a place in a file. */
  public EvaluationException(Path file, SourceRange range, String reason) {
    super(file + ":" + range.startLine() + ":" + range.startColumn() + ": " + reason, null, false, false);
    this.file = file;
    this.range = range;
    this.reason = reason;
  }

  /** An error not yet placed; the evaluator places it at the expression it was evaluating. */
  public EvaluationException(String reason) {
    super(reason, null, false, false);
    this.file = null;
    this.range = null;
    this.reason = reason;
  }

  /** The file of the expression, or null when the error has no position. */
  public Path file() {
    return file;
  }

  /** The range of the expression, or null when the error has no position. */
  public SourceRange range() {
    return range;
  }

  /** The 1-based line of the expression, 0 without a position. */
  public int line() {
    return range == null ? 0 : range.startLine();
  }

  /** The 1-based column of the expression, 0 without a position. */
  public int column() {
    return range == null ? 0 : range.startColumn();
  }

  /** The message without its position. */
  public String reason() {
    return reason;
  }

  /** This error placed at the given expression, if it has no position yet. */
  EvaluationException at(Path file, SourceRange range) {
    return this.range != null ? this : new EvaluationException(file, range, reason);
  }
}
