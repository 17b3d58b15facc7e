package dev.farol.doctor.lambdajson;

import dev.farol.doctor.doc.DocSites;
import dev.farol.doctor.doc.Node;
import dev.farol.doctor.model.Env;
import dev.farol.doctor.model.Format;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.InputException;
import dev.farol.doctor.model.Layers;
import dev.farol.doctor.model.Policies;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a deployed function's configuration as the AWS CLI prints it: {@code aws lambda
 * get-function-configuration} (one object), {@code aws lambda get-function} (its {@code Configuration}),
 * {@code aws lambda list-functions} ({@code Functions}), or a JSON array of any of these. Everything in it
 * is known; the role's permissions are not (they are not part of the configuration).
 */
public final class FunctionJsonReader {
  private final DocSites sites;

  private FunctionJsonReader(DocSites sites) {
    this.sites = sites;
  }

  public static List<FunctionDef> read(DocSites sites, Node root) {
    FunctionJsonReader r = new FunctionJsonReader(sites);
    List<FunctionDef> out = new ArrayList<>();
    r.collect(root, "$", out);
    if (out.isEmpty()) {
      throw new InputException(sites.shown() + ":" + root.line(), "no function configuration found: expected the "
          + "JSON of aws lambda get-function-configuration (an object with FunctionName), get-function "
          + "(Configuration) or list-functions (Functions)");
    }
    return out;
  }

  private void collect(Node n, String path, List<FunctionDef> out) {
    if (n instanceof Node.Seq s) {
      for (int i = 0; i < s.items().size(); i++) {
        collect(s.items().get(i), path + "[" + i + "]", out);
      }
    } else if (n instanceof Node.MapNode m) {
      if (m.get("FunctionName").isPresent() || m.get("Handler").isPresent() && m.get("Runtime").isPresent()) {
        out.add(function(m, path));
      } else if (m.get("Configuration").isPresent()) {
        collect(m.get("Configuration").get(), path + ".Configuration", out);
      } else if (m.get("Functions").isPresent()) {
        collect(m.get("Functions").get(), path + ".Functions", out);
      }
    }
  }

  private FunctionDef function(Node.MapNode m, String path) {
    Site site = sites.of(m, path);
    Val name = scalar(m, "FunctionName", path);
    Val arn = scalar(m, "FunctionArn", path);
    String region = arn.known() && arn.value().split(":").length > 3 ? arn.value().split(":")[3] : null;
    Val arch = Val.absent(sites.insertInto(m, path + ".Architectures"));
    Optional<Node> archs = m.get("Architectures");
    if (archs.isPresent() && archs.get() instanceof Node.Seq s && !s.items().isEmpty()) {
      arch = val(s.items().get(0), path + ".Architectures[0]");
    }
    Val tracing = Val.absent(sites.insertInto(m, path + ".TracingConfig.Mode"));
    Optional<Node> tc = m.get("TracingConfig");
    if (tc.isPresent() && tc.get() instanceof Node.MapNode t && t.get("Mode").isPresent()) {
      tracing = val(t.get("Mode").get(), path + ".TracingConfig.Mode");
    }
    return new FunctionDef(name.known() ? name.value() : path, Format.FUNCTION_JSON, site, scalar(m, "Handler", path),
        scalar(m, "Runtime", path), arch, scalar(m, "MemorySize", path), scalar(m, "Timeout", path), tracing,
        scalar(m, "PackageType", path), env(m, path), layers(m, path), null, Policies.unknown(), List.of(),
        region != null ? Val.known(region, arn.site()) : Val.absent(site));
  }

  private Env env(Node.MapNode m, String path) {
    Optional<Node> env = m.get("Environment");
    if (env.isPresent() && env.get() instanceof Node.MapNode e && e.get("Variables").isPresent()
        && e.get("Variables").get() instanceof Node.MapNode vars) {
      Map<String, Val> out = new LinkedHashMap<>();
      for (Node.Entry v : vars.entries()) {
        out.put(v.key().value(), val(v.value(), path + ".Environment.Variables." + v.key().value()));
      }
      return new Env(out, false, null, sites.of(vars, path + ".Environment.Variables"));
    }
    return Env.none(sites.insertInto(m, path + ".Environment.Variables"));
  }

  private Layers layers(Node.MapNode m, String path) {
    Optional<Node> layers = m.get("Layers");
    if (layers.isEmpty() || !(layers.get() instanceof Node.Seq s)) {
      return Layers.none(sites.insertInto(m, path + ".Layers"));
    }
    List<Val> items = new ArrayList<>();
    for (int i = 0; i < s.items().size(); i++) {
      Node item = s.items().get(i);
      String p = path + ".Layers[" + i + "]";
      if (item instanceof Node.MapNode l && l.get("Arn").isPresent()) {
        items.add(val(l.get("Arn").get(), p + ".Arn"));
      } else {
        items.add(val(item, p));
      }
    }
    return new Layers(items, false, null, sites.of(s, path + ".Layers"));
  }

  private Val scalar(Node.MapNode m, String key, String path) {
    Optional<Node> n = m.get(key);
    return n.isPresent() && !(n.get() instanceof Node.Scalar s && s.isNull()) ? val(n.get(), path + "." + key)
        : Val.absent(sites.insertInto(m, path + "." + key));
  }

  private Val val(Node n, String path) {
    return n instanceof Node.Scalar s ? Val.known(s.value(), sites.of(n, path)) : Val.symbolic(n.toString(),
        sites.of(n, path));
  }
}
