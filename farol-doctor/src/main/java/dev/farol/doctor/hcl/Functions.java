package dev.farol.doctor.hcl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The function library and the rules of calling it.
 *
 * <ul>
 *   <li>A function that is not in the library, and every provider-defined function
 *       ({@code provider::aws::arn_parse}), gives an unknown with the call's text, never an error.</li>
 *   <li>A strict function (most of them) gives an unknown as soon as one argument is not fully known.
 *       The others keep what is known; each documents how ({@link CollectionFunctions},
 *       {@link TypeFunctions}).</li>
 *   <li>{@code try()} and {@code can()} evaluate their arguments themselves: an argument whose evaluation
 *       fails is skipped by {@code try} and makes {@code can} false; an unknown result is unknown.</li>
 *   <li>Wrong arguments give an {@link EvaluationException} naming the function and the argument.</li>
 * </ul>
 */
final class Functions {

  /** A function body. */
  interface Body {
    Value apply(Args args);
  }

  /** A library entry: arity ({@code max} -1 for any number) and strictness. */
  record Def(int min, int max, boolean strict, Body body) { }

  private static final Map<String, Def> LIBRARY = new HashMap<>();

  static {
    StringFunctions.register(LIBRARY);
    CollectionFunctions.register(LIBRARY);
    TypeFunctions.register(LIBRARY);
    EncodingFunctions.register(LIBRARY);
    FileFunctions.register(LIBRARY);
  }

  private Functions() {
  }

  static Value call(Evaluation ev, Expr.Call call) {
    if (call.name().equals("try")) {
      return tryCall(ev, call);
    }
    if (call.name().equals("can")) {
      return canCall(ev, call);
    }
    Def def = LIBRARY.get(call.name());
    if (def == null) {
      return ev.unknown(call);
    }
    List<Value> values = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      Value v = ev.eval(call.args().get(i));
      if (call.expandLast() && i == call.args().size() - 1) {
        if (v instanceof Value.ListV l && !l.open()) {
          values.addAll(l.items());
        } else if (v instanceof Value.Unknown || v instanceof Value.ListV) {
          return ev.unknown(call);
        } else {
          throw ev.error(call.args().get(i), call.name() + "(): the argument before \"...\" must be a list"
              + " or a tuple, found " + Values.describe(v));
        }
      } else {
        values.add(v);
      }
    }
    Args args = new Args(ev, call, values);
    if (values.size() < def.min() || def.max() >= 0 && values.size() > def.max()) {
      throw args.fail("expects " + arity(def) + ", found " + values.size());
    }
    if (def.strict() && !values.stream().allMatch(Value::known)) {
      return ev.unknown(call);
    }
    Value result = def.body().apply(args);
    return result instanceof Value.Unknown u && u.range() == null ? ev.unknown(call) : result;
  }

  private static String arity(Def def) {
    String noun = def.max() == 1 ? " argument" : " arguments";
    if (def.max() < 0) {
      return "at least " + def.min() + (def.min() == 1 ? " argument" : " arguments");
    }
    if (def.min() == def.max()) {
      return def.min() + noun;
    }
    return def.max() - def.min() == 1 ? def.min() + " or " + def.max() + noun
        : def.min() + " to " + def.max() + noun;
  }

  private static Value tryCall(Evaluation ev, Expr.Call call) {
    if (call.args().isEmpty()) {
      throw ev.error(call, "try(): expects at least 1 argument, found 0");
    }
    for (Expr arg : call.args()) {
      try {
        Value v = ev.eval(arg);
        return v instanceof Value.Unknown ? ev.unknown(call) : v;
      } catch (EvaluationException e) {
        // the next argument, as Terraform's try() does
      }
    }
    throw ev.error(call, "try(): no argument could be evaluated without an error");
  }

  private static Value canCall(Evaluation ev, Expr.Call call) {
    if (call.args().size() != 1) {
      throw ev.error(call, "can(): expects 1 argument, found " + call.args().size());
    }
    try {
      Value v = ev.eval(call.args().get(0));
      return v instanceof Value.Unknown ? ev.unknown(call) : Value.of(true);
    } catch (EvaluationException e) {
      return Value.of(false);
    }
  }

  /** Registers a strict function. */
  static void strict(Map<String, Def> lib, String name, int min, int max, Body body) {
    lib.put(name, new Def(min, max, true, body));
  }

  /** Registers a function that handles unknown arguments itself. */
  static void lenient(Map<String, Def> lib, String name, int min, int max, Body body) {
    lib.put(name, new Def(min, max, false, body));
  }
}
