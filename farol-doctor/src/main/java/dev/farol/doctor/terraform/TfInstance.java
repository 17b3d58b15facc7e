package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.Evaluator;
import dev.farol.doctor.hcl.EvaluationException;
import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.hcl.Scope;
import dev.farol.doctor.hcl.Value;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One instance of a module: the root, or a module call (one per {@code for_each} key), with where each of
 * its variables gets its value, and the values of its locals and of its children's outputs, worked out
 * once when first asked.
 */
final class TfInstance {
  final TfModule module;
  /** {@code ""} for the root, {@code module.lambda}, {@code module.lambda["a"].module.inner}. */
  final String address;
  final TfInstance parent;
  /** The call that made it, {@code null} for the root. */
  final TfModule.Def call;
  final Map<String, Binding> inputs;
  /** The project's root directory: what file() may read, and what path.module is relative to. */
  final Path rootDir;
  /** Child instances by call name (several for a call with for_each: their addresses tell them apart). */
  final Map<String, Map<String, TfInstance>> children = new LinkedHashMap<>();

  private final Map<String, Value> variableValues = new HashMap<>();
  private final Map<String, Value> localValues = new HashMap<>();
  private final Set<String> evaluating = new HashSet<>();

  TfInstance(TfModule module, String address, TfInstance parent, TfModule.Def call, Map<String, Binding> inputs,
      Path rootDir) {
    this.module = module;
    this.address = address;
    this.parent = parent;
    this.call = call;
    this.inputs = inputs;
    this.rootDir = rootDir;
  }

  /** {@code prefix} for a name inside this instance: {@code module.lambda.} or nothing for the root. */
  String prefix() {
    return address.isEmpty() ? "" : address + ".";
  }

  TfScope scope() {
    return new TfScope(this, null, null, null, null);
  }

  /** A variable's value: its binding, else its default, else unknown. */
  Value variable(String name) {
    Value v = variableValues.get(name);
    if (v != null) {
      return v;
    }
    Binding b = inputs.get(name);
    TfModule.Def def = module.variables.get(name);
    if (b != null) {
      v = guarded("var." + name, () -> eval(b.expr(), b.scope() != null ? b.scope() : Scope.empty(), b.file()));
    } else if (def != null && def.block().body().attribute("default").isPresent()) {
      Expr d = def.block().body().attribute("default").get().expr();
      v = eval(d, Scope.empty(), def.file());
    } else {
      v = new Value.Unknown("var." + name, null);
    }
    variableValues.put(name, v);
    return v;
  }

  Value local(String name) {
    Value v = localValues.get(name);
    if (v != null) {
      return v;
    }
    TfModule.Def def = module.locals.get(name);
    if (def == null) {
      return null;
    }
    v = guarded("local." + name, () -> eval(def.attribute().expr(), scope(), def.file()));
    localValues.put(name, v);
    return v;
  }

  /** An output of a child instance, when the call is local and the output is defined. */
  Value output(String callName, String key, String outputName) {
    Map<String, TfInstance> kids = children.get(callName);
    TfInstance child = kids == null ? null : kids.get(key);
    if (child == null) {
      return null;
    }
    TfModule.Def out = child.module.outputs.get(outputName);
    if (out == null || out.block().body().attribute("value").isEmpty()) {
      return null;
    }
    return child.guarded("output." + outputName, () -> eval(out.block().body().attribute("value").get().expr(),
        child.scope(), out.file()));
  }

  private Value guarded(String what, java.util.function.Supplier<Value> compute) {
    if (!evaluating.add(what)) {
      return new Value.Unknown(what, null);
    }
    try {
      return compute.get();
    } finally {
      evaluating.remove(what);
    }
  }

  /** Evaluates {@code e}; an expression Terraform would refuse stays unknown rather than stopping the doctor. */
  static Value eval(Expr e, Scope scope, dev.farol.doctor.hcl.ConfigFile file) {
    try {
      return Evaluator.evaluate(e, scope, file);
    } catch (EvaluationException | StackOverflowError ex) {
      return new Value.Unknown(file.text(e.range()), e.range());
    }
  }
}
