package dev.farol.doctor.hcl;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * Terraform's {@code format()} verbs: {@code %s %q %v %#v %d %t %f %e %g %x %X %o %b %%}, with the flags
 * {@code - + 0 space}, a width, a precision ({@code %.2f}, {@code %.3s}) and explicit argument indexes
 * ({@code %[2]s}).
 */
final class Format {

  private Format() {
  }

  /**
   * @param values the values the verbs take, in order
   * @param first  the argument number (0-based) of {@code values.get(0)}, for messages
   */
  static String format(Args a, String spec, List<Value> values, int first) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    int i = 0;
    while (i < spec.length()) {
      char c = spec.charAt(i++);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i < spec.length() && spec.charAt(i) == '%') {
        out.append('%');
        i++;
        continue;
      }
      boolean minus = false;
      boolean plus = false;
      boolean zero = false;
      boolean space = false;
      boolean sharp = false;
      for (; i < spec.length() && "-+0 #".indexOf(spec.charAt(i)) >= 0; i++) {
        switch (spec.charAt(i)) {
          case '-' -> minus = true;
          case '+' -> plus = true;
          case '0' -> zero = true;
          case ' ' -> space = true;
          default -> sharp = true;
        }
      }
      if (i < spec.length() && spec.charAt(i) == '[') {
        int close = spec.indexOf(']', i);
        if (close < 0) {
          throw a.error(0, "has an unclosed \"[\" in the verb at offset " + (i - 1));
        }
        next = Integer.parseInt(spec.substring(i + 1, close)) - 1;
        i = close + 1;
      }
      int width = -1;
      int start = i;
      while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
        i++;
      }
      if (i > start) {
        width = Integer.parseInt(spec.substring(start, i));
      }
      int precision = -1;
      if (i < spec.length() && spec.charAt(i) == '.') {
        start = ++i;
        while (i < spec.length() && Character.isDigit(spec.charAt(i))) {
          i++;
        }
        precision = i > start ? Integer.parseInt(spec.substring(start, i)) : 0;
      }
      if (i >= spec.length()) {
        throw a.error(0, "ends in the middle of a verb");
      }
      char verb = spec.charAt(i++);
      if (next < 0 || next >= values.size()) {
        throw a.fail("the verb %" + verb + " has no value to format: " + values.size()
            + (values.size() == 1 ? " value was given" : " values were given"));
      }
      int argIndex = next + first;
      Value v = values.get(next++);
      String text = verb(a, verb, v, argIndex, precision, plus, space, sharp);
      out.append(pad(text, width, minus, zero && "dfegxXob".indexOf(verb) >= 0));
    }
    return out.toString();
  }

  private static String verb(Args a, char verb, Value v, int arg, int precision, boolean plus, boolean space,
      boolean sharp) {
    switch (verb) {
      case 's' -> {
        String s = v.asString().orElseThrow(() -> a.wrongAt(arg, "a string for %s", v));
        return precision >= 0 && precision < s.codePointCount(0, s.length())
            ? s.substring(0, s.offsetByCodePoints(0, precision)) : s;
      }
      case 'q' -> {
        String s = v.asString().orElseThrow(() -> a.wrongAt(arg, "a string for %q", v));
        return EncodingFunctions.json(Value.of(s));
      }
      case 'v' -> {
        if (sharp || v instanceof Value.ListV || v instanceof Value.MapV) {
          return EncodingFunctions.json(v);
        }
        return v instanceof Value.Null ? "null" : v.asString().orElseThrow();
      }
      case 't' -> {
        return Boolean.toString(Values.toBool(v).orElseThrow(() -> a.wrongAt(arg, "a bool for %t", v)));
      }
      default -> {
        BigDecimal n = Values.toNumber(v).orElseThrow(() -> a.wrongAt(arg, "a number for %" + verb, v));
        String sign = n.signum() >= 0 ? (plus ? "+" : space ? " " : "") : "";
        if ("dxXob".indexOf(verb) >= 0) {
          BigInteger whole;
          try {
            whole = n.toBigIntegerExact();
          } catch (ArithmeticException e) {
            throw a.wrongAt(arg, "a whole number for %" + verb, v);
          }
          String digits = switch (verb) {
            case 'x' -> whole.toString(16);
            case 'X' -> whole.toString(16).toUpperCase(Locale.ROOT);
            case 'o' -> whole.toString(8);
            case 'b' -> whole.toString(2);
            default -> whole.toString();
          };
          return sign + digits;
        }
        String f = switch (verb) {
          case 'f', 'F' -> String.format(Locale.ROOT, "%." + (precision < 0 ? 6 : precision) + "f", n);
          case 'e', 'E' -> String.format(Locale.ROOT, "%." + (precision < 0 ? 6 : precision) + "e", n);
          case 'g', 'G' -> precision < 0 ? Values.format(n)
              : new BigDecimal(n.toString()).round(new java.math.MathContext(precision)).stripTrailingZeros()
                  .toPlainString();
          default -> throw a.error(0, "has the verb %" + verb + ", which format() does not know");
        };
        return sign + (verb == 'E' ? f.toUpperCase(Locale.ROOT) : f);
      }
    }
  }

  private static String pad(String s, int width, boolean left, boolean zeros) {
    int len = s.codePointCount(0, s.length());
    if (width <= len) {
      return s;
    }
    String fill = (zeros && !left ? "0" : " ").repeat(width - len);
    if (left) {
      return s + fill;
    }
    if (zeros && (s.startsWith("-") || s.startsWith("+"))) {
      return s.charAt(0) + fill + s.substring(1);
    }
    return fill + s;
  }
}
