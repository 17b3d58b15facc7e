package dev.farol.doctor.hcl;

import java.util.List;

/**
 * What the evaluator asks the application for: the value of a reference ({@code var.x}, {@code local.y},
 * {@code each.value}...) and access to files for {@code file()}, {@code templatefile()} and
 * {@code fileexists()}. The variables that expressions define themselves (those of for expressions and
 * template directives) never reach the scope.
 */
public interface Scope {

  /**
   * The value of a reference. A typical scope resolves the root and the first step or two ({@code var.config})
   * and lets {@link Values#traverse} apply the rest ({@code .handler}).
   *
   * @param ref       the reference as written (its root, its steps and their expressions, its range)
   * @param selectors the reference's steps with their index keys evaluated (a key may be unknown)
   * @return the value of the whole reference; an {@link Value.Unknown} when it cannot be known (its text
   *         is kept, so a scope can name where the unknown comes from); or null when the root is not known
   *         at all, which the evaluator turns into an unknown with the reference's text
   * @throws EvaluationException (without a position; the evaluator adds the reference's) when the
   *                             reference is an error, such as an attribute a known object lacks
   */
  Value resolve(Expr.Reference ref, List<Selector> selectors);

  /** The files that {@code file()} and its kin may read; none by default (they then give unknowns). */
  default FileAccess files() {
    return FileAccess.none();
  }

  /** A scope that knows no reference. */
  static Scope empty() {
    return (ref, selectors) -> null;
  }
}
