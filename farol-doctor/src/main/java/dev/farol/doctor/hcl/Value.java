package dev.farol.doctor.hcl;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The value of an expression as far as the files tell it. A value is either known, or an {@link Unknown}
 * that keeps the source text it came from, so that it can be shown as symbolic rather than guessed. The
 * elements of a known list or map may themselves be unknown, and a list or map may be {@code open}: known to
 * have the listed content, with more that the files do not tell.
 */
public sealed interface Value {

  /** The null value. */
  Value NULL = new Null();

  /** A string. */
  record Str(String value) implements Value {
    public Str {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return Value.show(this);
    }
  }

  /**
   * A number, of arbitrary precision. The value is kept without trailing fractional zeros
   * ({@code 1.50} is {@code 1.5}, {@code 1e3} is {@code 1000}), so that equal numbers are equal records.
   */
  record Num(BigDecimal value) implements Value {
    public Num {
      Objects.requireNonNull(value, "value");
      value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
      if (value.scale() < 0) {
        value = value.setScale(0);
      }
    }

    @Override
    public String toString() {
      return Value.show(this);
    }
  }

  /** A bool. */
  record Bool(boolean value) implements Value {

    @Override
    public String toString() {
      return Value.show(this);
    }
  }

  /** Null; use {@link Value#NULL}. */
  record Null() implements Value {

    @Override
    public String toString() {
      return Value.show(this);
    }
  }

  /**
   * A tuple, list or set. {@code open}: more items may exist that cannot be known, as in
   * {@code concat(var.unset, ["a"])}. The items are in order (a set's as Terraform orders it).
   */
  record ListV(List<Value> items, boolean open) implements Value {
    public ListV {
      items = List.copyOf(items);
    }

    @Override
    public String toString() {
      return Value.show(this);
    }
  }

  /**
   * An object or map, in insertion order. {@code open}: keys not listed may exist, and listed entries may be
   * overridden by what cannot be known, as in {@code merge(var.unset, {A = "1"})}.
   */
  record MapV(Map<String, Value> entries, boolean open) implements Value {
    public MapV {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String toString() {
      return Value.show(this);
    }
  }

  /**
   * A value the files cannot tell, such as {@code terraform.workspace} or
   * {@code data.aws_ssm_parameter.key.value}.
   *
   * @param expression the source text of the expression the value comes from, as written
   * @param range      where that expression is, or null when it has no place in a file
   */
  record Unknown(String expression, SourceRange range) implements Value {
    public Unknown {
      Objects.requireNonNull(expression, "expression");
    }

    @Override
    public String toString() {
      return Value.show(this);
    }
  }

  /** A string value. */
  static Value of(String s) {
    return new Str(s);
  }

  /** A number value. */
  static Value of(long n) {
    return new Num(BigDecimal.valueOf(n));
  }

  /** A bool value. */
  static Value of(boolean b) {
    return new Bool(b);
  }

  /** A closed list. */
  static Value list(List<Value> items) {
    return new ListV(items, false);
  }

  /** A closed map. */
  static Value map(Map<String, Value> entries) {
    return new MapV(entries, false);
  }

  /** Whether the value is fully known: not unknown, not open, and so all its elements, recursively. */
  default boolean known() {
    if (this instanceof Unknown) {
      return false;
    }
    if (this instanceof ListV l) {
      return !l.open() && l.items().stream().allMatch(Value::known);
    }
    if (this instanceof MapV m) {
      return !m.open() && m.entries().values().stream().allMatch(Value::known);
    }
    return true;
  }

  /**
   * The value as a string the way Terraform converts it: strings as they are, numbers in plain decimal
   * notation ({@code 1.5}, {@code 1000}), bools as {@code true}/{@code false}; empty for anything else.
   */
  default Optional<String> asString() {
    if (this instanceof Str s) {
      return Optional.of(s.value());
    }
    if (this instanceof Num n) {
      return Optional.of(Values.format(n.value()));
    }
    if (this instanceof Bool b) {
      return Optional.of(Boolean.toString(b.value()));
    }
    return Optional.empty();
  }

  /**
   * The value written for a message (every record's {@code toString()}): strings quoted, {@code ["a", 1]},
   * {@code {A = "1"}}, an open list or map with a trailing {@code …}, an unknown as
   * {@code (unknown: terraform.workspace)}.
   */
  static String show(Value value) {
    if (value instanceof Str s) {
      return SyntaxMessages.quote(s.value().replace("\\", "\\\\"));
    }
    if (value instanceof Num n) {
      return Values.format(n.value());
    }
    if (value instanceof Bool b) {
      return Boolean.toString(b.value());
    }
    if (value instanceof ListV l) {
      return l.items().stream().map(Value::show)
          .collect(Collectors.joining(", ", "[", l.open() ? (l.items().isEmpty() ? "…]" : ", …]") : "]"));
    }
    if (value instanceof MapV m) {
      return m.entries().entrySet().stream()
          .map(e -> Values.key(e.getKey()) + " = " + show(e.getValue()))
          .collect(Collectors.joining(", ", "{", m.open() ? (m.entries().isEmpty() ? "…}" : ", …}") : "}"));
    }
    if (value instanceof Unknown u) {
      return "(unknown: " + u.expression() + ")";
    }
    return "null";
  }
}
