package dev.farol.doctor.hcl;

/**
 * Evaluates expressions as far as the files tell (spec "Expressions" and "Templates"; the function library
 * is Terraform's, see {@link Functions}).
 *
 * <p>The rules for what cannot be known:
 * <ul>
 *   <li>A reference the scope does not know is an {@link Value.Unknown} with the reference's text.</li>
 *   <li>An operation on an unknown is unknown, with the text of the whole operation; so is a template with
 *       an unknown part, and a call of a strict function with an argument that is not fully known. The
 *       exceptions are results that are known anyway: {@code false && x}, {@code true || x}, a conditional
 *       whose condition is unknown but whose two results are known and equal, and the lenient functions
 *       ({@code merge}, {@code concat}, {@code coalesce}, {@code lookup}, {@code length}...), each documented
 *       in {@link CollectionFunctions}.</li>
 *   <li>A function the library lacks, and any provider-defined function, gives an unknown, never an error.</li>
 *   <li>Lists and maps keep their unknown items; a for expression over an open collection is open, and an
 *       item whose condition or key is unknown is left out of a result that is then open.</li>
 * </ul>
 *
 * <p>What Terraform would reject (wrong function arguments, a missing attribute of a known object, an index
 * out of range, a type mismatch) throws {@link EvaluationException} with the file, line and column of the
 * expression; only the chosen result of a conditional is evaluated, and {@code try()} and {@code can()}
 * catch these errors.
 */
public final class Evaluator {

  private Evaluator() {
  }

  /**
   * Evaluates an expression.
   *
   * @param expr   the expression
   * @param scope  the values of references, and file access
   * @param source the file the expression's ranges refer to, for the texts of unknowns and for messages
   * @throws EvaluationException for what Terraform would reject
   */
  public static Value evaluate(Expr expr, Scope scope, ConfigFile source) {
    return new Evaluation(scope, source, 0).eval(expr);
  }
}
