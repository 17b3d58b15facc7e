package dev.farol.doctor.hcl;

import java.math.BigDecimal;
import java.util.List;

/**
 * The evaluated arguments of one function call, with typed readers whose errors name the function and the
 * argument: {@code merge(): argument 1 must be a map or an object, found the string "a"}.
 */
final class Args {

  final Evaluation ev;
  final Expr.Call call;
  private final List<Value> values;

  Args(Evaluation ev, Expr.Call call, List<Value> values) {
    this.ev = ev;
    this.call = call;
    this.values = values;
  }

  int size() {
    return values.size();
  }

  Value get(int i) {
    return values.get(i);
  }

  List<Value> all() {
    return values;
  }

  /** The call's unknown value, with the call's text. */
  Value unknown() {
    return ev.unknown(call);
  }

  /** An error about argument {@code i} (0-based), placed at that argument when it was written out. */
  EvaluationException error(int i, String reason) {
    Expr at = !call.expandLast() && i < call.args().size() ? call.args().get(i) : call;
    return new EvaluationException(ev.file(), at.range(), call.name() + "(): argument " + (i + 1) + " " + reason);
  }

  /** An error about the call as a whole. */
  EvaluationException fail(String reason) {
    return new EvaluationException(ev.file(), call.range(), call.name() + "(): " + reason);
  }

  EvaluationException wrong(int i, String expected) {
    return error(i, "must be " + expected + ", found " + Values.describe(values.get(i)));
  }

  /** An error for a value that is not at index {@code i} of the arguments as given (format's values). */
  EvaluationException wrongAt(int i, String expected, Value found) {
    return error(i, "must be " + expected + ", found " + Values.describe(found));
  }

  String string(int i) {
    Value v = values.get(i);
    return v.asString().orElseThrow(() -> wrong(i, "a string"));
  }

  BigDecimal number(int i) {
    return Values.toNumber(values.get(i)).orElseThrow(() -> wrong(i, "a number"));
  }

  int integer(int i) {
    BigDecimal n = number(i);
    try {
      return n.intValueExact();
    } catch (ArithmeticException e) {
      throw wrong(i, "a whole number");
    }
  }

  boolean bool(int i) {
    return Values.toBool(values.get(i)).orElseThrow(() -> wrong(i, "a bool"));
  }

  Value.ListV list(int i) {
    if (values.get(i) instanceof Value.ListV l) {
      return l;
    }
    throw wrong(i, "a list, a tuple or a set");
  }

  Value.MapV map(int i) {
    if (values.get(i) instanceof Value.MapV m) {
      return m;
    }
    throw wrong(i, "a map or an object");
  }
}
