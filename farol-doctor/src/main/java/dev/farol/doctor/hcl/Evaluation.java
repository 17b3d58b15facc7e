package dev.farol.doctor.hcl;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One evaluation: walks an expression tree against a {@link Scope}, with the variables that for expressions
 * and template directives define in a chain of frames. See {@link Evaluator} for the rules.
 */
final class Evaluation {

  /** A variable defined by a for expression or directive, or by templatefile(). */
  private record Frame(String name, Value value, Frame parent) { }

  private static final int MAX_DEPTH = 64;

  final Scope scope;
  final ConfigFile source;
  final int depth;
  private final Frame frame;

  Evaluation(Scope scope, ConfigFile source, int depth) {
    this(scope, source, depth, null);
  }

  private Evaluation(Scope scope, ConfigFile source, int depth, Frame frame) {
    if (depth > MAX_DEPTH) {
      throw new EvaluationException("templates nest more than " + MAX_DEPTH + " deep");
    }
    this.scope = scope;
    this.source = source;
    this.depth = depth;
    this.frame = frame;
  }

  Path file() {
    return source.file();
  }

  /** The unknown value of an expression, carrying its source text. */
  Value.Unknown unknown(Expr e) {
    return new Value.Unknown(source.text(e.range()), e.range());
  }

  EvaluationException error(Expr e, String reason) {
    return new EvaluationException(file(), e.range(), reason);
  }

  private Evaluation with(String name, Value value) {
    return name == null ? this : new Evaluation(scope, source, depth, new Frame(name, value, frame));
  }

  Value eval(Expr expr) {
    try {
      return dispatch(expr);
    } catch (EvaluationException e) {
      throw e.at(file(), expr.range());
    }
  }

  private Value dispatch(Expr expr) {
    if (expr instanceof Expr.Literal l) {
      return literal(l.value());
    }
    if (expr instanceof Expr.Template t) {
      return Templates.evaluate(this, t);
    }
    if (expr instanceof Expr.Tuple t) {
      List<Value> items = new ArrayList<>();
      t.items().forEach(i -> items.add(eval(i)));
      return new Value.ListV(items, false);
    }
    if (expr instanceof Expr.ObjectCons o) {
      return object(o);
    }
    if (expr instanceof Expr.Reference r) {
      return reference(r);
    }
    if (expr instanceof Expr.GetAttr g) {
      return traversed(g, eval(g.object()), List.of(new Selector.Attr(g.name())));
    }
    if (expr instanceof Expr.IndexExpr i) {
      Value collection = eval(i.collection());
      return traversed(i, collection, List.of(new Selector.Key(eval(i.key()))));
    }
    if (expr instanceof Expr.Splat s) {
      return splat(s);
    }
    if (expr instanceof Expr.Call c) {
      return Functions.call(this, c);
    }
    if (expr instanceof Expr.For f) {
      return forExpr(f);
    }
    if (expr instanceof Expr.Conditional c) {
      return conditional(c);
    }
    if (expr instanceof Expr.Binary b) {
      return Operators.binary(this, b);
    }
    if (expr instanceof Expr.Unary u) {
      return Operators.unary(this, u);
    }
    return eval(((Expr.Parens) expr).inner());
  }

  static Value literal(Object value) {
    if (value instanceof String s) {
      return new Value.Str(s);
    }
    if (value instanceof BigDecimal n) {
      return new Value.Num(n);
    }
    if (value instanceof Boolean b) {
      return new Value.Bool(b);
    }
    return Value.NULL;
  }

  private Value object(Expr.ObjectCons o) {
    Map<String, Value> entries = new LinkedHashMap<>();
    boolean open = false;
    for (Expr.ObjectItem item : o.items()) {
      Value key = eval(item.key());
      if (key instanceof Value.Unknown) {
        open = true;
        continue;
      }
      String name = key.asString().orElseThrow(() -> error(item.key(),
          "an object key must be a string, found " + Values.describe(key)));
      entries.put(name, eval(item.value()));
    }
    return new Value.MapV(entries, open);
  }

  // ------------------------------------------------------------------ references and traversals

  private Value reference(Expr.Reference ref) {
    List<Selector> selectors = selectors(ref.steps());
    Value local = local(ref.root());
    Value result = local != null ? Values.traverse(local, selectors) : scope.resolve(ref, selectors);
    if (result == null) {
      return unknown(ref);
    }
    return ownUnknown(ref, result);
  }

  private Value local(String name) {
    for (Frame f = frame; f != null; f = f.parent()) {
      if (f.name().equals(name)) {
        return f.value();
      }
    }
    return null;
  }

  List<Selector> selectors(List<Step> steps) {
    List<Selector> out = new ArrayList<>(steps.size());
    for (Step s : steps) {
      out.add(s instanceof Step.Attr a ? new Selector.Attr(a.name())
          : new Selector.Key(eval(((Step.Index) s).key())));
    }
    return out;
  }

  private Value traversed(Expr expr, Value base, List<Selector> selectors) {
    return ownUnknown(expr, Values.traverse(base, selectors));
  }

  /**
   * An unknown that arose within this expression (from an unknown index key, a missing entry of an open
   * map, or a scope that gave no place) takes the expression's own text; one that comes from elsewhere
   * (a local's definition, say) keeps its text, which names the real origin.
   */
  private Value ownUnknown(Expr expr, Value result) {
    if (result instanceof Value.Unknown u && (u.range() == null || within(u.range(), expr.range()))) {
      return unknown(expr);
    }
    return result;
  }

  private static boolean within(SourceRange inner, SourceRange outer) {
    return compare(inner.startLine(), inner.startColumn(), outer.startLine(), outer.startColumn()) >= 0
        && compare(inner.endLine(), inner.endColumn(), outer.endLine(), outer.endColumn()) <= 0;
  }

  private static int compare(int l1, int c1, int l2, int c2) {
    return l1 != l2 ? Integer.compare(l1, l2) : Integer.compare(c1, c2);
  }

  /**
   * {@code list[*].a} applies the steps to each item; a value that is not a list counts as a list of that
   * one value, and null as an empty list (spec "Splat Operators").
   */
  private Value splat(Expr.Splat s) {
    Value source = eval(s.source());
    if (source instanceof Value.Unknown) {
      return unknown(s);
    }
    List<Selector> each = selectors(s.each());
    List<Value> items;
    boolean open = false;
    if (source instanceof Value.Null) {
      items = List.of();
    } else if (source instanceof Value.ListV l) {
      items = l.items();
      open = l.open();
    } else {
      items = List.of(source);
    }
    List<Value> out = new ArrayList<>(items.size());
    for (Value item : items) {
      Value v = Values.traverse(item, each);
      out.add(v instanceof Value.Unknown u && (u.range() == null || within(u.range(), s.range())) ? unknown(s) : v);
    }
    return new Value.ListV(out, open);
  }

  // ------------------------------------------------------------------ for and conditionals

  /** The elements a for expression or directive visits: (index, item) of a list, (key, value) of a map in key order. */
  List<Value[]> elements(Expr collectionExpr, Value collection) {
    List<Value[]> out = new ArrayList<>();
    if (collection instanceof Value.ListV l) {
      for (int i = 0; i < l.items().size(); i++) {
        out.add(new Value[] {Value.of(i), l.items().get(i)});
      }
    } else if (collection instanceof Value.MapV m) {
      new TreeMap<>(m.entries()).forEach((k, v) -> out.add(new Value[] {Value.of(k), v}));
    } else {
      throw error(collectionExpr, "a for expression needs a list, a set or a map to iterate over, found "
          + Values.describe(collection));
    }
    return out;
  }

  /** This evaluation with the key and value variables of one iteration. */
  Evaluation iteration(String keyVar, String valueVar, Value[] element) {
    return with(keyVar, element[0]).with(valueVar, element[1]);
  }

  /**
   * A for expression. An unknown collection gives an unknown; an open one an open result. An element whose
   * condition or key is unknown is left out and makes the result open.
   */
  private Value forExpr(Expr.For f) {
    Value collection = eval(f.collection());
    if (collection instanceof Value.Unknown) {
      return unknown(f);
    }
    boolean open = collection instanceof Value.ListV l ? l.open() : collection instanceof Value.MapV m && m.open();
    List<Value> items = new ArrayList<>();
    Map<String, Value> entries = new LinkedHashMap<>();
    Map<String, List<Value>> groups = new LinkedHashMap<>();
    for (Value[] element : elements(f.collection(), collection)) {
      Evaluation it = iteration(f.keyVar(), f.valueVar(), element);
      if (f.cond() != null) {
        Value c = it.eval(f.cond());
        if (c instanceof Value.Unknown) {
          open = true;
          continue;
        }
        if (!Values.toBool(c).orElseThrow(() -> error(f.cond(),
            "the condition of a for expression must be a bool, found " + Values.describe(c)))) {
          continue;
        }
      }
      if (f.keyExpr() == null) {
        items.add(it.eval(f.valueExpr()));
        continue;
      }
      Value key = it.eval(f.keyExpr());
      if (key instanceof Value.Unknown) {
        open = true;
        continue;
      }
      String name = key.asString().orElseThrow(() -> error(f.keyExpr(),
          "the key of a for expression must be a string, found " + Values.describe(key)));
      Value value = it.eval(f.valueExpr());
      if (f.grouping()) {
        groups.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else if (entries.putIfAbsent(name, value) != null) {
        throw error(f.keyExpr(), "the key " + SyntaxMessages.quote(name) + " comes twice in this for"
            + " expression: put \"...\" after the value to group the values of equal keys");
      }
    }
    if (f.keyExpr() == null) {
      return new Value.ListV(items, open);
    }
    if (f.grouping()) {
      groups.forEach((k, v) -> entries.put(k, new Value.ListV(v, false)));
    }
    return new Value.MapV(entries, open);
  }

  /**
   * A conditional. With an unknown condition, the result is still known when both results are known and
   * equal; otherwise it is unknown. Only the chosen result is evaluated when the condition is known.
   */
  private Value conditional(Expr.Conditional c) {
    Value cond = eval(c.cond());
    if (cond instanceof Value.Unknown) {
      try {
        Value a = eval(c.then());
        Value b = eval(c.otherwise());
        return a.known() && a.equals(b) ? a : unknown(c);
      } catch (EvaluationException e) {
        return unknown(c);
      }
    }
    boolean b = Values.toBool(cond).orElseThrow(() -> error(c.cond(),
        "the condition of \"? :\" must be a bool, found " + Values.describe(cond)));
    return eval(b ? c.then() : c.otherwise());
  }
}
