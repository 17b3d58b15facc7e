package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.hcl.FileAccess;
import dev.farol.doctor.hcl.Scope;
import dev.farol.doctor.hcl.Selector;
import dev.farol.doctor.hcl.Value;
import dev.farol.doctor.hcl.Values;
import java.util.List;

/**
 * What a reference means inside one module instance: {@code var.}, {@code local.}, {@code each.key} /
 * {@code each.value} and {@code count.index} of the block being expanded, {@code path.*}, and a local
 * child module's outputs. {@code data.}, resources' attributes, remote modules' outputs and
 * {@code terraform.workspace} cannot be known from the files: they stay unknown, with their text.
 *
 * @param eachKey {@code each.key}, or {@code null} outside a {@code for_each}
 * @param count {@code count.index}, or {@code null} outside a {@code count}
 * @param eachOrigin where {@code each.value} is written (the {@code for_each} map's item), or {@code null}
 */
record TfScope(TfInstance instance, Value eachKey, Value eachValue, Value count, Origin eachOrigin)
    implements Scope {

  TfScope withEach(Value key, Value value, Origin origin) {
    return new TfScope(instance, key, value, count, origin);
  }

  TfScope withCount(Value index) {
    return new TfScope(instance, eachKey, eachValue, index, eachOrigin);
  }

  @Override
  public Value resolve(Expr.Reference ref, List<Selector> selectors) {
    String first = selectors.isEmpty() || !(selectors.get(0) instanceof Selector.Attr a) ? null : a.name();
    List<Selector> rest = selectors.isEmpty() ? selectors : selectors.subList(1, selectors.size());
    switch (ref.root()) {
      case "var": {
        if (first == null) {
          return null;
        }
        return Values.traverse(instance.variable(first), rest);
      }
      case "local": {
        Value v = first == null ? null : instance.local(first);
        return v == null ? null : Values.traverse(v, rest);
      }
      case "each": {
        if (eachKey == null || first == null) {
          return null;
        }
        return first.equals("key") ? Values.traverse(eachKey, rest)
            : first.equals("value") ? Values.traverse(eachValue, rest) : null;
      }
      case "count":
        return count != null && "index".equals(first) ? Values.traverse(count, rest) : null;
      case "path": {
        if ("module".equals(first)) {
          String rel = instance.rootDir.relativize(instance.module.dir).toString().replace('\\', '/');
          return Values.traverse(Value.of(rel.isEmpty() ? "." : rel), rest);
        }
        return "root".equals(first) || "cwd".equals(first) ? Values.traverse(Value.of("."), rest) : null;
      }
      case "module": {
        if (first == null || rest.isEmpty()) {
          return null;
        }
        String key = "";
        List<Selector> after = rest;
        if (rest.get(0) instanceof Selector.Key k && k.key().asString().isPresent()) {
          key = k.key().asString().get();
          after = rest.subList(1, rest.size());
        }
        if (after.isEmpty() || !(after.get(0) instanceof Selector.Attr out)) {
          return null;
        }
        Value v = instance.output(first, key, out.name());
        return v == null ? null : Values.traverse(v, after.subList(1, after.size()));
      }
      default:
        return null;
    }
  }

  @Override
  public FileAccess files() {
    return FileAccess.confinedTo(instance.rootDir, instance.rootDir);
  }
}
