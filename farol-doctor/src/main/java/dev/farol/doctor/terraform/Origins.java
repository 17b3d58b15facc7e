package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.ConfigFile;
import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.hcl.Step;
import dev.farol.doctor.hcl.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows an expression to where its value is written, so findings point at the line a user edits: a
 * module argument's value in the caller, a variable's default or its {@code .tfvars} assignment, a local's
 * definition, the item of a {@code for_each} map. Maps and lists are followed item by item through
 * {@code merge()} and {@code concat()}.
 */
final class Origins {
  private static final int DEPTH = 30;

  private Origins() {}

  static Origin trace(Origin o) {
    return trace(o, 0);
  }

  private static Origin trace(Origin o, int depth) {
    Expr e = o.expr();
    while (e instanceof Expr.Parens p) {
      e = p.inner();
    }
    if (depth > DEPTH || o.scope() == null) {
      return o;
    }
    if (e instanceof Expr.Call c && c.args().size() == 1 && List.of("compact", "tolist", "toset", "tomap",
        "sensitive", "nonsensitive", "distinct", "flatten").contains(c.name())) {
      return trace(Origin.of(o.file(), c.args().get(0), o.path(), o.scope()), depth + 1);
    }
    if (!(e instanceof Expr.Reference ref) || ref.steps().isEmpty() || !(ref.steps().get(0) instanceof Step.Attr a)) {
      return new Origin(o.file(), e, o.path(), o.scope(), o.insertCall(), o.insertKey());
    }
    List<Step> rest = ref.steps().subList(1, ref.steps().size());
    TfInstance in = o.scope().instance();
    Optional<Origin> next = switch (ref.root()) {
      case "var" -> variable(in, a.name(), o);
      case "local" -> Optional.ofNullable(in.module.locals.get(a.name())).map(d -> Origin.of(d.file(),
          d.attribute().expr(), in.prefix() + "local." + a.name(), in.scope()));
      case "each" -> a.name().equals("value") ? Optional.ofNullable(o.scope().eachOrigin()) : Optional.empty();
      default -> Optional.empty();
    };
    if (next.isEmpty()) {
      return new Origin(o.file(), e, o.path(), o.scope(), o.insertCall(), o.insertKey());
    }
    Origin target = trace(next.get(), depth + 1);
    return rest.isEmpty() ? target : step(target, rest, depth);
  }

  private static Optional<Origin> variable(TfInstance in, String name, Origin from) {
    Binding b = in.inputs.get(name);
    if (b != null) {
      return Optional.of(Origin.of(b.file(), b.expr(), b.path(), b.scope()));
    }
    TfModule.Def def = in.module.variables.get(name);
    if (def == null || def.block().body().attribute("default").isEmpty()) {
      return Optional.empty();
    }
    Expr d = def.block().body().attribute("default").get().expr();
    if (in.call != null) {
      // a child module's default: an argument of the call is the place to change it for this function
      return Optional.of(new Origin(def.file(), d, in.prefix() + "var." + name, null, in.call, name));
    }
    return Optional.of(Origin.of(def.file(), d, "var." + name + " (default)", null));
  }

  /** Applies attribute and literal index steps to a map or list literal. */
  private static Origin step(Origin o, List<Step> steps, int depth) {
    Origin at = o;
    for (Step s : steps) {
      Expr e = at.expr();
      String key = s instanceof Step.Attr a ? a.name() : s instanceof Step.Index i
          && i.key() instanceof Expr.Literal l ? String.valueOf(l.value()) : null;
      if (key == null) {
        return at;
      }
      Optional<Origin> item = Optional.empty();
      if (e instanceof Expr.ObjectCons obj) {
        item = entry(at, obj, key);
      } else if (e instanceof Expr.Tuple t && key.matches("\\d+") && Integer.parseInt(key) < t.items().size()) {
        item = Optional.of(Origin.of(at.file(), t.items().get(Integer.parseInt(key)), at.path() + "[" + key + "]",
            at.scope()));
      }
      if (item.isEmpty()) {
        return at;
      }
      at = trace(item.get(), depth + 1);
    }
    return at;
  }

  private static Optional<Origin> entry(Origin at, Expr.ObjectCons obj, String key) {
    for (Expr.ObjectItem item : obj.items()) {
      Optional<String> k = keyOf(item, at.file());
      if (k.isPresent() && k.get().equals(key)) {
        return Optional.of(Origin.of(at.file(), item.value(), at.path() + "." + key, at.scope()));
      }
    }
    return Optional.empty();
  }

  static Optional<String> keyOf(Expr.ObjectItem item, ConfigFile file) {
    if (item.key() instanceof Expr.Literal l && l.value() instanceof String s) {
      return Optional.of(s);
    }
    if (item.key() instanceof Expr.Reference r && r.steps().isEmpty()) {
      return Optional.of(r.root());
    }
    return Optional.empty();
  }

  /**
   * The map literal entries of a map's origin, key by key (later {@code merge()} arguments win), and the
   * literal to add new entries to; empty when the map is not written out.
   */
  record MapOrigins(Map<String, Origin> entries, Origin insertInto) {}

  static MapOrigins map(Origin o) {
    return map(trace(o), 0);
  }

  private static MapOrigins map(Origin o, int depth) {
    Map<String, Origin> entries = new LinkedHashMap<>();
    Expr e = o.expr();
    if (e instanceof Expr.ObjectCons obj && o.insertCall() == null) {
      for (Expr.ObjectItem item : obj.items()) {
        keyOf(item, o.file()).ifPresent(k -> entries.put(k, trace(Origin.of(o.file(), item.value(), o.path() + "." + k,
            o.scope()))));
      }
      return new MapOrigins(entries, o);
    }
    if (e instanceof Expr.Call c && c.name().equals("merge") && depth < DEPTH) {
      Origin last = null;
      for (Expr arg : c.args()) {
        MapOrigins m = map(trace(Origin.of(o.file(), arg, o.path(), o.scope())), depth + 1);
        entries.putAll(m.entries());
        if (m.insertInto() != null) {
          last = m.insertInto();
        }
      }
      return new MapOrigins(entries, last != null ? last : o);
    }
    return new MapOrigins(entries, o);
  }

  /** The item origins of a list written out, through {@code concat()} and {@code compact()}; null when not. */
  static List<Origin> list(Origin o, Value value) {
    Origin t = trace(o);
    List<Origin> items = new ArrayList<>();
    return collect(t, items, 0) ? items : null;
  }

  private static boolean collect(Origin o, List<Origin> into, int depth) {
    Expr e = o.expr();
    if (e instanceof Expr.Tuple t && o.insertCall() == null) {
      for (int i = 0; i < t.items().size(); i++) {
        into.add(trace(Origin.of(o.file(), t.items().get(i), o.path() + "[" + i + "]", o.scope())));
      }
      return true;
    }
    if (e instanceof Expr.Call c && c.name().equals("concat") && depth < DEPTH) {
      for (Expr arg : c.args()) {
        if (!collect(trace(Origin.of(o.file(), arg, o.path(), o.scope())), into, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
