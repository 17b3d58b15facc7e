package dev.farol.doctor.sam;

import dev.farol.doctor.doc.Intrinsics;
import dev.farol.doctor.doc.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a template's values as far as the template alone tells: {@code Ref} to a parameter (its
 * default) or a resource, {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::If} with a condition that can be
 * decided, {@code Fn::FindInMap}, {@code Fn::Select}, {@code Fn::Split}. Pseudo parameters
 * ({@code AWS::Region}, {@code AWS::AccountId}), {@code Fn::GetAtt}, {@code Fn::ImportValue} and resources'
 * ids stay symbolic: the deploy decides them, and the doctor never guesses.
 */
final class CfnEvaluator {
  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]*)}");

  private final Map<String, Node> parameterDefaults;
  private final Node.MapNode mappings;
  private final Node.MapNode conditions;
  private final Map<String, String> resourceTypes;

  CfnEvaluator(Map<String, Node> parameterDefaults, Node.MapNode mappings, Node.MapNode conditions,
      Map<String, String> resourceTypes) {
    this.parameterDefaults = parameterDefaults;
    this.mappings = mappings;
    this.conditions = conditions;
    this.resourceTypes = resourceTypes;
  }

  CfnValue eval(Node n) {
    return eval(n, 0);
  }

  private CfnValue eval(Node n, int depth) {
    if (depth > 50) {
      return new CfnValue.Symbolic("(nested too deeply)");
    }
    Optional<Intrinsics.Call> call = Intrinsics.of(n);
    if (call.isPresent()) {
      return call(call.get(), n, depth + 1);
    }
    if (n instanceof Node.Scalar s) {
      return new CfnValue.Known(s.value());
    }
    if (n instanceof Node.Seq s) {
      List<CfnValue> items = new ArrayList<>();
      for (Node i : s.items()) {
        CfnValue v = eval(i, depth + 1);
        if (!(v instanceof CfnValue.NoValue)) {
          items.add(v);
        }
      }
      return new CfnValue.ListV(items);
    }
    Map<String, CfnValue> m = new LinkedHashMap<>();
    for (Node.Entry e : ((Node.MapNode) n).entries()) {
      CfnValue v = eval(e.value(), depth + 1);
      if (!(v instanceof CfnValue.NoValue)) {
        m.put(e.key().value(), v);
      }
    }
    return new CfnValue.MapV(m);
  }

  private CfnValue call(Intrinsics.Call c, Node whole, int depth) {
    Node a = c.argument();
    switch (c.name()) {
      case "Ref":
        return ref(scalar(a));
      case "Fn::Sub":
        return sub(a, depth);
      case "Fn::Join":
        return join(a, depth);
      case "Fn::If":
        return conditional(a, whole, depth);
      case "Fn::FindInMap":
        return findInMap(a, whole, depth);
      case "Fn::Select":
        return select(a, whole, depth);
      case "Fn::Split":
        return split(a, whole, depth);
      default:
        return new CfnValue.Symbolic(describe(whole));
    }
  }

  CfnValue ref(String name) {
    if (name.equals("AWS::NoValue")) {
      return new CfnValue.NoValue();
    }
    Node def = parameterDefaults.get(name);
    if (def != null) {
      return eval(def);
    }
    return new CfnValue.Symbolic("!Ref " + name);
  }

  /** The resource type of {@code logicalId}, or {@code null}. */
  String resourceType(String logicalId) {
    return resourceTypes.get(logicalId);
  }

  private CfnValue sub(Node a, int depth) {
    String template;
    Map<String, CfnValue> vars = new LinkedHashMap<>();
    if (a instanceof Node.Seq s && s.items().size() == 2) {
      template = scalar(s.items().get(0));
      if (s.items().get(1) instanceof Node.MapNode m) {
        for (Node.Entry e : m.entries()) {
          vars.put(e.key().value(), eval(e.value(), depth));
        }
      }
    } else {
      template = scalar(a);
    }
    StringBuilder out = new StringBuilder();
    boolean known = true;
    Matcher m = SUB_VAR.matcher(template);
    int last = 0;
    while (m.find()) {
      out.append(template, last, m.start());
      String name = m.group(1);
      if (name.startsWith("!")) {
        out.append("${").append(name.substring(1)).append('}');
      } else {
        CfnValue v = vars.containsKey(name) ? vars.get(name) : name.contains(".") ? null : ref(name);
        if (v instanceof CfnValue.Known k) {
          out.append(k.value());
        } else {
          known = false;
          out.append("${").append(name).append('}');
        }
      }
      last = m.end();
    }
    out.append(template.substring(last));
    return known ? new CfnValue.Known(out.toString()) : new CfnValue.Symbolic(out.toString());
  }

  private CfnValue join(Node a, int depth) {
    if (!(a instanceof Node.Seq s) || s.items().size() != 2) {
      return new CfnValue.Symbolic("!Join " + describe(a));
    }
    String delimiter = scalar(s.items().get(0));
    CfnValue list = eval(s.items().get(1), depth);
    if (!(list instanceof CfnValue.ListV l)) {
      return new CfnValue.Symbolic("!Join " + describe(a));
    }
    List<String> parts = new ArrayList<>();
    boolean known = true;
    for (CfnValue v : l.items()) {
      if (v instanceof CfnValue.Known k) {
        parts.add(k.value());
      } else {
        known = false;
        parts.add(v instanceof CfnValue.Symbolic sy ? "${" + sy.expression() + "}" : "?");
      }
    }
    String joined = String.join(delimiter, parts);
    return known ? new CfnValue.Known(joined) : new CfnValue.Symbolic(joined);
  }

  private CfnValue conditional(Node a, Node whole, int depth) {
    if (!(a instanceof Node.Seq s) || s.items().size() != 3) {
      return new CfnValue.Symbolic(describe(whole));
    }
    Optional<Boolean> c = condition(scalar(s.items().get(0)), depth);
    if (c.isEmpty()) {
      return new CfnValue.Symbolic(describe(whole));
    }
    return eval(s.items().get(c.get() ? 1 : 2), depth);
  }

  /** A named condition's value, when the template decides it. */
  Optional<Boolean> condition(String name, int depth) {
    Optional<Node> def = conditions.get(name);
    return def.isEmpty() || depth > 20 ? Optional.empty() : decide(def.get(), depth + 1);
  }

  private Optional<Boolean> decide(Node n, int depth) {
    Optional<Intrinsics.Call> call = Intrinsics.of(n);
    if (call.isEmpty()) {
      return Optional.empty();
    }
    Node a = call.get().argument();
    List<Node> args = a instanceof Node.Seq s ? s.items() : List.of(a);
    switch (call.get().name()) {
      case "Fn::Equals": {
        if (args.size() != 2) {
          return Optional.empty();
        }
        CfnValue x = eval(args.get(0), depth);
        CfnValue y = eval(args.get(1), depth);
        return x instanceof CfnValue.Known kx && y instanceof CfnValue.Known ky
            ? Optional.of(kx.value().equals(ky.value())) : Optional.empty();
      }
      case "Fn::Not":
        return args.isEmpty() ? Optional.empty() : decide(args.get(0), depth).map(b -> !b);
      case "Fn::And":
      case "Fn::Or": {
        boolean and = call.get().name().equals("Fn::And");
        boolean all = true;
        for (Node x : args) {
          Optional<Boolean> b = decide(x, depth);
          if (b.isEmpty()) {
            all = false;
          } else if (b.get() != and) {
            return Optional.of(!and);
          }
        }
        return all ? Optional.of(and) : Optional.empty();
      }
      case "Condition":
        return condition(scalar(a), depth);
      default:
        return Optional.empty();
    }
  }

  private CfnValue findInMap(Node a, Node whole, int depth) {
    if (!(a instanceof Node.Seq s) || s.items().size() < 3) {
      return new CfnValue.Symbolic(describe(whole));
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      CfnValue v = eval(s.items().get(i), depth);
      if (!(v instanceof CfnValue.Known k)) {
        return new CfnValue.Symbolic(describe(whole));
      }
      keys.add(k.value());
    }
    Optional<Node> v = mappings.get(keys.get(0)).filter(Node.MapNode.class::isInstance)
        .flatMap(m -> ((Node.MapNode) m).get(keys.get(1))).filter(Node.MapNode.class::isInstance)
        .flatMap(m -> ((Node.MapNode) m).get(keys.get(2)));
    return v.map(n -> eval(n, depth)).orElse(new CfnValue.Symbolic(describe(whole)));
  }

  private CfnValue select(Node a, Node whole, int depth) {
    if (!(a instanceof Node.Seq s) || s.items().size() != 2) {
      return new CfnValue.Symbolic(describe(whole));
    }
    CfnValue index = eval(s.items().get(0), depth);
    CfnValue list = eval(s.items().get(1), depth);
    if (index instanceof CfnValue.Known k && list instanceof CfnValue.ListV l) {
      try {
        int i = Integer.parseInt(k.value().trim());
        if (i >= 0 && i < l.items().size()) {
          return l.items().get(i);
        }
      } catch (NumberFormatException e) {
        // falls through to symbolic
      }
    }
    return new CfnValue.Symbolic(describe(whole));
  }

  private CfnValue split(Node a, Node whole, int depth) {
    if (a instanceof Node.Seq s && s.items().size() == 2 && eval(s.items().get(1), depth) instanceof CfnValue.Known k) {
      List<CfnValue> parts = new ArrayList<>();
      for (String p : k.value().split(Pattern.quote(scalar(s.items().get(0))), -1)) {
        parts.add(new CfnValue.Known(p));
      }
      return new CfnValue.ListV(parts);
    }
    return new CfnValue.Symbolic(describe(whole));
  }

  static String scalar(Node n) {
    return n instanceof Node.Scalar s ? s.value() : describe(n);
  }

  /** A short rendering of a node as it is written ({@code !GetAtt Layer.Arn}). */
  static String describe(Node n) {
    Optional<Intrinsics.Call> c = Intrinsics.of(n);
    if (c.isPresent()) {
      String name = c.get().name().replace("Fn::", "");
      return "!" + name + " " + describe(c.get().argument());
    }
    if (n instanceof Node.Scalar s) {
      return s.value();
    }
    if (n instanceof Node.Seq s) {
      List<String> items = new ArrayList<>();
      for (Node i : s.items()) {
        items.add(describe(i));
      }
      return "[" + String.join(", ", items) + "]";
    }
    List<String> entries = new ArrayList<>();
    for (Node.Entry e : ((Node.MapNode) n).entries()) {
      entries.add(e.key().value() + ": " + describe(e.value()));
    }
    return "{" + String.join(", ", entries) + "}";
  }
}
