package dev.farol.doctor.hcl;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scope over fixed root values ({@code var}, {@code local}...); unknown roots resolve to null. */
final class TestScope implements Scope {

  private final Map<String, Value> roots = new LinkedHashMap<>();
  private FileAccess files = FileAccess.none();

  TestScope with(String root, Value value) {
    roots.put(root, value);
    return this;
  }

  TestScope files(FileAccess access) {
    this.files = access;
    return this;
  }

  @Override
  public Value resolve(Expr.Reference ref, List<Selector> selectors) {
    Value root = roots.get(ref.root());
    return root == null ? null : Values.traverse(root, selectors);
  }

  @Override
  public FileAccess files() {
    return files;
  }

  /** Evaluates a lone expression against this scope. */
  Value eval(String text) {
    Path file = Path.of("test.tf");
    Expr expr = Hcl.parseExpression(file, text, 1, 1);
    return Evaluator.evaluate(expr, this, new ConfigFile(file, new Body(List.of(), List.of(),
        new SourceRange(1, 1, 1, 1)), text));
  }

  static Value map(Object... keysAndValues) {
    Map<String, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object v = keysAndValues[i + 1];
      m.put((String) keysAndValues[i], v instanceof Value value ? value : Value.of((String) v));
    }
    return Value.map(m);
  }
}
