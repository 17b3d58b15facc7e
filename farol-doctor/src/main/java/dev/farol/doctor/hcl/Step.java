package dev.farol.doctor.hcl;

/** One step of a {@link Expr.Reference} or of a {@link Expr.Splat}: an attribute access or an index. */
public sealed interface Step {

  /** {@code .name}. */
  record Attr(String name) implements Step {
  }

  /** {@code [key]}, or the legacy {@code .0} (a {@link Expr.Literal} number key). */
  record Index(Expr key) implements Step {
  }
}
