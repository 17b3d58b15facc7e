package dev.farol.doctor.hcl;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Operations on {@link Value}s that a {@link Scope} needs too: traversal of a known value by attribute and
 * index steps, and Terraform's conversions between strings, numbers and bools.
 */
public final class Values {

  private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_-]*");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private Values() {
  }

  /**
   * Applies attribute and index steps to a value, as Terraform would: {@code .name} and {@code ["key"]}
   * read a map's entry, {@code [n]} a list's item (a string key is converted to a number and back as
   * Terraform does). An unknown value, an unknown key, or an entry missing from an open map or list gives an
   * {@link Value.Unknown}; the unknown's text is the value's text followed by the steps (for
   * {@code data.x.y} and {@code .handler}: {@code data.x.y.handler}).
   *
   * @throws EvaluationException without a position, when the steps cannot apply to a known value (a
   *                             missing attribute of a closed map, an index out of range, an attribute
   *                             of a list, a step into null or into a string)
   */
  public static Value traverse(Value value, List<Selector> selectors) {
    Value current = value;
    for (Selector s : selectors) {
      current = traverse(current, s);
    }
    return current;
  }

  /** One step of {@link #traverse(Value, List)}. */
  public static Value traverse(Value value, Selector selector) {
    if (value instanceof Value.Unknown u) {
      return new Value.Unknown(extend(u.expression(), selector), u.range());
    }
    if (selector instanceof Selector.Key k && k.key() instanceof Value.Unknown u) {
      return new Value.Unknown(u.expression(), u.range());
    }
    if (selector instanceof Selector.Attr a) {
      if (value instanceof Value.MapV m) {
        return entry(m, a.name(), "attribute");
      }
      if (value instanceof Value.ListV) {
        throw new EvaluationException("cannot read the attribute \"" + a.name()
            + "\" of a list: select an item first, as in [0]." + a.name() + ", or all of them, as in [*]."
            + a.name());
      }
      throw new EvaluationException("cannot read the attribute \"" + a.name() + "\" of " + describe(value));
    }
    Value key = ((Selector.Key) selector).key();
    if (value instanceof Value.MapV m) {
      Optional<String> name = key.asString();
      if (name.isEmpty()) {
        throw new EvaluationException("a map or object key must be a string, found " + describe(key));
      }
      return entry(m, name.get(), "key");
    }
    if (value instanceof Value.ListV l) {
      BigDecimal index = toNumber(key).orElseThrow(() ->
          new EvaluationException("a list index must be a whole number, found " + describe(key)));
      if (index.signum() < 0 || index.stripTrailingZeros().scale() > 0) {
        throw new EvaluationException("a list index must be a whole number from 0, found " + describe(key));
      }
      if (index.compareTo(BigDecimal.valueOf(l.items().size())) >= 0) {
        if (l.open()) {
          return new Value.Unknown("[" + format(index) + "]", null);
        }
        throw new EvaluationException("the index " + format(index) + " is out of range: the list has "
            + l.items().size() + (l.items().size() == 1 ? " item" : " items"));
      }
      return l.items().get(index.intValueExact());
    }
    throw new EvaluationException("cannot index " + describe(value));
  }

  private static Value entry(Value.MapV m, String name, String what) {
    Value v = m.entries().get(name);
    if (v != null) {
      return v;
    }
    if (m.open()) {
      return new Value.Unknown(extend("", what.equals("key") ? new Selector.Key(Value.of(name))
          : new Selector.Attr(name)), null);
    }
    String has = m.entries().isEmpty() ? "it is empty" : "it has " + String.join(", ", m.entries().keySet());
    return fail("there is no " + what + " " + SyntaxMessages.quote(name) + " in this map (" + has + ")");
  }

  private static Value fail(String reason) {
    throw new EvaluationException(reason);
  }

  /** The text of an unknown followed by one step. */
  static String extend(String expression, Selector selector) {
    String base = expression.isEmpty() || Pattern.matches("[\\p{L}\\p{N}_.\\-\\[\\]\"*:]*", expression)
        ? expression : "(" + expression + ")";
    if (selector instanceof Selector.Attr a) {
      return base + "." + a.name();
    }
    Value key = ((Selector.Key) selector).key();
    return base + "[" + (key instanceof Value.Str s ? SyntaxMessages.quote(s.value()) : Value.show(key)) + "]";
  }

  // ------------------------------------------------------------------ conversions

  /** A number in the plain decimal notation Terraform uses when it converts a number to a string. */
  public static String format(BigDecimal number) {
    BigDecimal n = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
    return n.toPlainString();
  }

  /** A number, or a string that holds one, as a number; empty otherwise. */
  public static Optional<BigDecimal> toNumber(Value value) {
    if (value instanceof Value.Num n) {
      return Optional.of(n.value());
    }
    if (value instanceof Value.Str s && NUMBER.matcher(s.value().strip()).matches()) {
      return Optional.of(new BigDecimal(s.value().strip()));
    }
    return Optional.empty();
  }

  /** A bool, or the string "true" or "false", as a bool; empty otherwise. */
  public static Optional<Boolean> toBool(Value value) {
    if (value instanceof Value.Bool b) {
      return Optional.of(b.value());
    }
    if (value instanceof Value.Str s && (s.value().equals("true") || s.value().equals("false"))) {
      return Optional.of(Boolean.parseBoolean(s.value()));
    }
    return Optional.empty();
  }

  /** A map key as written in HCL: bare when it is an identifier, quoted otherwise. */
  static String key(String key) {
    return IDENTIFIER.matcher(key).matches() ? key : SyntaxMessages.quote(key);
  }

  /** A value as a message names it: {@code the string "a"}, {@code the number 1}, {@code a list}... */
  static String describe(Value value) {
    if (value instanceof Value.Str s) {
      String text = s.value().length() > 60 ? s.value().substring(0, 57) + "..." : s.value();
      return "the string " + SyntaxMessages.quote(text);
    }
    if (value instanceof Value.Num n) {
      return "the number " + format(n.value());
    }
    if (value instanceof Value.Bool b) {
      return "the bool " + b.value();
    }
    if (value instanceof Value.ListV) {
      return "a list";
    }
    if (value instanceof Value.MapV) {
      return "a map";
    }
    if (value instanceof Value.Unknown u) {
      return "the unknown value of " + u.expression();
    }
    return "null";
  }

  /** A JSON document as an HCL value, as {@code jsondecode} reads one. */
  public static Value ofJson(com.fasterxml.jackson.databind.JsonNode json) {
    return EncodingFunctions.fromJson(json);
  }
}
