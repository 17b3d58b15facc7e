package dev.farol.doctor.hcl;

/**
 * {@code name = expr} in a body.
 *
 * @param name      the attribute name
 * @param expr      the value, not evaluated
 * @param range     from the name to the end of the expression
 * @param nameRange the name alone
 */
public record Attribute(String name, Expr expr, SourceRange range, SourceRange nameRange) {
}
