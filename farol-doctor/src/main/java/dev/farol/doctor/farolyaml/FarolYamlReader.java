package dev.farol.doctor.farolyaml;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads Farol's own {@code farol.yaml}: {@code functions: {name: {handler, runtime, code, …}}}. */
public final class FarolYamlReader {
  private FarolYamlReader() {}

  public static List<FunctionDef> read(DocSites sites, Node root) {
    if (!(root instanceof Node.MapNode m) || !(m.get("functions").orElse(null) instanceof Node.MapNode fns)) {
      throw new InputException(sites.shown() + ":" + root.line(), "a farol.yaml needs a functions: mapping");
    }
    List<FunctionDef> out = new ArrayList<>();
    Path dir = sites.file().toAbsolutePath().getParent();
    for (Node.Entry e : fns.entries()) {
      if (!(e.value() instanceof Node.MapNode f)) {
        throw new InputException(sites.shown() + ":" + e.value().line(), "function " + e.key().value()
            + " must be a mapping");
      }
      String path = "functions." + e.key().value();
      Site site = sites.of(e.key(), path).as(Site.Kind.MAP);
      Map<String, Val> env = new LinkedHashMap<>();
      Site envSite = sites.insertInto(f, path + ".environment");
      if (f.get("environment").orElse(null) instanceof Node.MapNode vars) {
        for (Node.Entry v : vars.entries()) {
          env.put(v.key().value(), val(sites, v.value(), path + ".environment." + v.key().value()));
        }
        envSite = sites.of(vars, path + ".environment");
      }
      List<Val> layers = new ArrayList<>();
      Site layerSite = sites.insertInto(f, path + ".layers");
      if (f.get("layers").orElse(null) instanceof Node.Seq seq) {
        for (int i = 0; i < seq.items().size(); i++) {
          layers.add(val(sites, seq.items().get(i), path + ".layers[" + i + "]"));
        }
        layerSite = sites.of(seq, path + ".layers");
      }
      Optional<Node> code = f.get("code");
      Path codePath = code.isPresent() && code.get() instanceof Node.Scalar s ? dir.resolve(s.value()).normalize() : null;
      Val runtime = get(sites, f, "runtime", path);
      out.add(new FunctionDef(e.key().value(), Format.FAROL_YAML, site, get(sites, f, "handler", path),
          runtime.absent() ? Val.known("java17", runtime.site()) : runtime, get(sites, f, "architecture", path),
          get(sites, f, "memory", path), get(sites, f, "timeout", path), Val.absent(site), Val.absent(site),
          new Env(env, false, null, envSite), new Layers(layers, false, null, layerSite),
          codePath != null && Files.exists(codePath) ? codePath : null, Policies.unknown(), List.of(),
          Val.absent(site)));
    }
    return out;
  }

  private static Val get(DocSites sites, Node.MapNode f, String key, String path) {
    Optional<Node> n = f.get(key);
    return n.isPresent() ? val(sites, n.get(), path + "." + key) : Val.absent(sites.insertInto(f, path + "." + key));
  }

  private static Val val(DocSites sites, Node n, String path) {
    return n instanceof Node.Scalar s ? Val.known(s.value(), sites.of(n, path)) : Val.symbolic(n.toString(),
        sites.of(n, path));
  }
}
