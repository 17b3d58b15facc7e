package dev.farol.doctor.hcl;

import java.util.List;
import java.util.Objects;

/**
 * An expression, kept as a tree with source ranges (spec "Expressions"). The parser never evaluates:
 * {@link Evaluator} does, against a {@link Scope}.
 *
 * <p>A quoted string or heredoc made only of literal text (escapes included, no interpolation or
 * directive) is a {@link Literal} string; one with an interpolation or directive is a {@link Template}.
 * A variable followed by attribute accesses and indexes is a {@link Reference}; the same operations applied
 * to anything else are {@link GetAttr} and {@link IndexExpr}.
 */
public sealed interface Expr {

  /** Where the expression is in its file. */
  SourceRange range();

  /**
   * A literal: a {@link String}, a {@link java.math.BigDecimal}, a {@link Boolean} or {@code null}.
   * Negative numbers are a {@link Unary} minus applied to a literal, as the spec's grammar has it.
   */
  record Literal(Object value, SourceRange range) implements Expr {
  }

  /** A quoted template or heredoc holding at least one interpolation or directive. */
  record Template(List<TemplatePart> parts, SourceRange range) implements Expr {
    public Template {
      parts = List.copyOf(parts);
    }
  }

  /** A tuple constructor {@code [a, b]}. */
  record Tuple(List<Expr> items, SourceRange range) implements Expr {
    public Tuple {
      items = List.copyOf(items);
    }
  }

  /** An object constructor {@code { a = 1, "b" = 2, (var.k) = 3, c: 4 }}. */
  record ObjectCons(List<ObjectItem> items, SourceRange range) implements Expr {
    public ObjectCons {
      items = List.copyOf(items);
    }
  }

  /**
   * One item of an object constructor.
   *
   * @param key     the key: a bare identifier is a {@link Literal} string with {@code bareKey} true;
   *                {@code (var.k)} is a {@link Parens}
   * @param bareKey whether the key was written as a bare identifier
   * @param value   the value
   */
  record ObjectItem(Expr key, boolean bareKey, Expr value) {
  }

  /**
   * A traversal from a root variable: {@code var.a["k"].b} is root {@code var} and the steps
   * {@code Attr(a)}, {@code Index(Literal "k")}, {@code Attr(b)}. The legacy index {@code a.0} is
   * {@code Index(Literal 0)}. Index keys may be any expression ({@code a[count.index]}).
   */
  record Reference(String root, List<Step> steps, SourceRange range) implements Expr {
    public Reference {
      Objects.requireNonNull(root, "root");
      steps = List.copyOf(steps);
    }
  }

  /** An attribute access applied to an expression that is not a reference: {@code f(x).a}. */
  record GetAttr(Expr object, String name, SourceRange range) implements Expr {
  }

  /** An index applied to an expression that is not a reference: {@code [1, 2][0]}. */
  record IndexExpr(Expr collection, Expr key, SourceRange range) implements Expr {
  }

  /**
   * A splat: {@code source.*.a.b} ({@code full} false: only attribute steps) or {@code source[*].a[0]}
   * ({@code full} true: attribute and index steps). {@code each} is applied to every element.
   */
  record Splat(Expr source, List<Step> each, boolean full, SourceRange range) implements Expr {
    public Splat {
      each = List.copyOf(each);
    }
  }

  /**
   * A function call; {@code name} includes a {@code provider::ns::} prefix when there is one, and
   * {@code expandLast} tells whether the last argument was followed by {@code ...}.
   */
  record Call(String name, List<Expr> args, boolean expandLast, SourceRange range) implements Expr {
    public Call {
      args = List.copyOf(args);
    }
  }

  /**
   * A for expression: {@code [for k, v in coll : value if cond]} has a null {@code keyExpr};
   * {@code {for k, v in coll : key => value... if cond}} has one, and {@code grouping} for the
   * {@code ...}. {@code keyVar} is null when only one variable is named.
   */
  record For(String keyVar, String valueVar, Expr collection, Expr keyExpr, Expr valueExpr, Expr cond,
      boolean grouping, SourceRange range) implements Expr {
  }

  /** {@code cond ? then : otherwise}. */
  record Conditional(Expr cond, Expr then, Expr otherwise, SourceRange range) implements Expr {
  }

  /** A binary operation; {@code op} is the operator as written ({@code "+"}, {@code "&&"}, {@code "<="}...). */
  record Binary(String op, Expr left, Expr right, SourceRange range) implements Expr {
  }

  /** {@code -x} or {@code !x}. */
  record Unary(String op, Expr operand, SourceRange range) implements Expr {
  }

  /** A parenthesized expression. */
  record Parens(Expr inner, SourceRange range) implements Expr {
  }
}
