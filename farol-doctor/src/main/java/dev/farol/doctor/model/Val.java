package dev.farol.doctor.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One setting of a function as the files give it: known (its value), symbolic (it cannot be known from
 * the files: {@code terraform.workspace}, {@code data.aws_ssm_parameter.key.value}, {@code !GetAtt
 * Layer.Arn}; {@link #text} is then the expression, shown to users as such and never guessed), or absent
 * (not set; {@link #site} is then where it would go).
 */
public record Val(Kind kind, String text, Site site) {

  public enum Kind { KNOWN, SYMBOLIC, ABSENT }

  public Val {
    Objects.requireNonNull(kind, "kind == null");
    if (kind != Kind.ABSENT) {
      Objects.requireNonNull(text, "text == null");
    }
  }

  public static Val known(String value, Site site) {
    return new Val(Kind.KNOWN, value, site);
  }

  public static Val symbolic(String expression, Site site) {
    return new Val(Kind.SYMBOLIC, expression, site);
  }

  public static Val absent(Site site) {
    return new Val(Kind.ABSENT, null, site);
  }

  public boolean known() {
    return kind == Kind.KNOWN;
  }

  public boolean symbolic() {
    return kind == Kind.SYMBOLIC;
  }

  public boolean absent() {
    return kind == Kind.ABSENT;
  }

  /** Set, known or not. */
  public boolean present() {
    return kind != Kind.ABSENT;
  }

  /** The value when known, else {@code null}. */
  public String value() {
    return known() ? text : null;
  }

  /** Known and equal to {@code s}, ignoring case. */
  public boolean is(String s) {
    return known() && text.equalsIgnoreCase(s);
  }

  /** Known and, as a number, whole. */
  public OptionalInt intValue() {
    if (!known()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(new java.math.BigDecimal(text.trim()).intValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      return OptionalInt.empty();
    }
  }

  /** As reports show it: the value, the expression marked as not knowable, or "not set". */
  public String shown() {
    switch (kind) {
      case KNOWN: return text;
      case SYMBOLIC: return text + " (not knowable from the files)";
      default: return "not set";
    }
  }

  @Override
  public String toString() {
    return shown();
  }
}
