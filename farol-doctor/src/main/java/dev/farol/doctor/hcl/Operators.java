package dev.farol.doctor.hcl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * The unary and binary operators (spec "Operations"). Arithmetic is decimal and exact, but for division,
 * which keeps 34 significant digits. Operands convert as Terraform converts them ({@code "2" + 1} is 3,
 * {@code "true" && x} reads a bool). An unknown operand makes the result unknown, with the operation's text,
 * except that {@code false && x} is false and {@code true || x} is true whatever {@code x} is.
 */
final class Operators {

  private Operators() {
  }

  static Value unary(Evaluation ev, Expr.Unary u) {
    Value v = ev.eval(u.operand());
    if (v instanceof Value.Unknown) {
      return ev.unknown(u);
    }
    if (u.op().equals("!")) {
      return Value.of(!bool(ev, u, u.operand(), v));
    }
    return new Value.Num(number(ev, u, u.operand(), v).negate());
  }

  static Value binary(Evaluation ev, Expr.Binary b) {
    Value left = ev.eval(b.left());
    Value right = ev.eval(b.right());
    String op = b.op();
    if (op.equals("&&") || op.equals("||")) {
      return logic(ev, b, left, right);
    }
    if (!left.known() || !right.known()) {
      return ev.unknown(b);
    }
    return switch (op) {
      case "==" -> Value.of(left.equals(right));
      case "!=" -> Value.of(!left.equals(right));
      case "<" -> Value.of(compare(ev, b, left, right) < 0);
      case "<=" -> Value.of(compare(ev, b, left, right) <= 0);
      case ">" -> Value.of(compare(ev, b, left, right) > 0);
      case ">=" -> Value.of(compare(ev, b, left, right) >= 0);
      default -> arithmetic(ev, b, number(ev, b, b.left(), left), number(ev, b, b.right(), right));
    };
  }

  private static Value logic(Evaluation ev, Expr.Binary b, Value left, Value right) {
    boolean and = b.op().equals("&&");
    Optional<Boolean> l = left instanceof Value.Unknown ? Optional.empty() : Optional.of(bool(ev, b, b.left(), left));
    Optional<Boolean> r = right instanceof Value.Unknown ? Optional.empty() : Optional.of(bool(ev, b, b.right(), right));
    if (l.isPresent() && l.get() != and || r.isPresent() && r.get() != and) {
      return Value.of(!and);
    }
    if (l.isEmpty() || r.isEmpty()) {
      return ev.unknown(b);
    }
    return Value.of(and);
  }

  private static Value arithmetic(Evaluation ev, Expr.Binary b, BigDecimal x, BigDecimal y) {
    if ((b.op().equals("/") || b.op().equals("%")) && y.signum() == 0) {
      throw ev.error(b, b.op().equals("/") ? "division by zero" : "modulo by zero");
    }
    return new Value.Num(switch (b.op()) {
      case "+" -> x.add(y);
      case "-" -> x.subtract(y);
      case "*" -> x.multiply(y);
      case "/" -> x.divide(y, MathContext.DECIMAL128);
      default -> x.remainder(y);
    });
  }

  private static int compare(Evaluation ev, Expr.Binary b, Value left, Value right) {
    return number(ev, b, b.left(), left).compareTo(number(ev, b, b.right(), right));
  }

  private static BigDecimal number(Evaluation ev, Expr op, Expr operand, Value v) {
    return Values.toNumber(v).orElseThrow(() -> ev.error(operand, "the operator " + SyntaxMessages.quote(opText(op))
        + " needs a number, found " + Values.describe(v)));
  }

  private static boolean bool(Evaluation ev, Expr op, Expr operand, Value v) {
    return Values.toBool(v).orElseThrow(() -> ev.error(operand, "the operator " + SyntaxMessages.quote(opText(op))
        + " needs a bool, found " + Values.describe(v)));
  }

  private static String opText(Expr op) {
    return op instanceof Expr.Binary b ? b.op() : ((Expr.Unary) op).op();
  }
}
