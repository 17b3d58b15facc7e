package dev.farol.doctor.sam;

import dev.farol.doctor.doc.DocSites;
import dev.farol.doctor.doc.Node;
import dev.farol.doctor.model.Env;
import dev.farol.doctor.model.Format;
import dev.farol.doctor.model.FunctionDef;
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

/**
 * Reads the functions of an AWS SAM or CloudFormation template (YAML or JSON): {@code AWS::Serverless::Function}
 * with its {@code Globals.Function} (the function's own value wins, environment variables merge, layers
 * append), and {@code AWS::Lambda::Function}; the Datadog macro ({@code Transform: DatadogServerless}) is
 * applied as it would be at deploy time.
 */
public final class SamReader {
  private static final String SAM_FUNCTION = "AWS::Serverless::Function";
  private static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";

  private final DocSites sites;
  private final Node.MapNode root;
  private final Node.MapNode resources;
  private final CfnEvaluator eval;
  private final Path dir;

  private SamReader(DocSites sites, Node.MapNode root) {
    this.sites = sites;
    this.root = root;
    this.resources = map(root.get("Resources"));
    this.dir = sites.file().toAbsolutePath().getParent();
    Map<String, Node> defaults = new LinkedHashMap<>();
    for (Node.Entry p : map(root.get("Parameters")).entries()) {
      map(Optional.of(p.value())).get("Default").ifPresent(d -> defaults.put(p.key().value(), d));
    }
    Map<String, String> types = new LinkedHashMap<>();
    for (Node.Entry r : resources.entries()) {
      map(Optional.of(r.value())).get("Type").ifPresent(t -> types.put(r.key().value(), CfnEvaluator.scalar(t)));
    }
    this.eval = new CfnEvaluator(defaults, map(root.get("Mappings")), map(root.get("Conditions")), types);
  }

  /** Whether {@code root} is a template with Lambda functions. */
  public static boolean isTemplate(Node root) {
    if (!(root instanceof Node.MapNode m)) {
      return false;
    }
    Optional<Node> res = m.get("Resources");
    if (res.isEmpty() || !(res.get() instanceof Node.MapNode r)) {
      return false;
    }
    for (Node.Entry e : r.entries()) {
      if (e.value() instanceof Node.MapNode body && body.get("Type").map(CfnEvaluator::scalar)
          .filter(t -> t.equals(SAM_FUNCTION) || t.equals(LAMBDA_FUNCTION)).isPresent()) {
        return true;
      }
    }
    return m.get("AWSTemplateFormatVersion").isPresent();
  }

  /** The functions of the template in {@code root}. */
  public static List<FunctionDef> read(DocSites sites, Node root) {
    return new SamReader(sites, (Node.MapNode) root).functions();
  }

  private List<FunctionDef> functions() {
    Optional<DatadogMacro> macro = DatadogMacro.find(root, sites, eval);
    List<FunctionDef> out = new ArrayList<>();
    for (Node.Entry r : resources.entries()) {
      Node.MapNode body = map(Optional.of(r.value()));
      String type = body.get("Type").map(CfnEvaluator::scalar).orElse("");
      if (!type.equals(SAM_FUNCTION) && !type.equals(LAMBDA_FUNCTION)) {
        continue;
      }
      FunctionDef fn = function(r.key(), body, type.equals(SAM_FUNCTION));
      if (macro.isPresent()) {
        fn = macro.get().apply(fn);
      }
      out.add(fn);
    }
    return out;
  }

  private FunctionDef function(Node.Scalar id, Node.MapNode body, boolean sam) {
    String base = "Resources." + id.value() + ".Properties";
    Node.MapNode props = map(body.get("Properties"));
    Node.MapNode globals = sam ? map(map(root.get("Globals")).get("Function")) : map(Optional.empty());
    Site fnSite = new Site(sites.file(), sites.shown(), id.line(), id.column(), id.endLine(), id.endColumn(), base,
        Site.Kind.MAP);
    Val nameVal = property(props, globals, "FunctionName", base);
    String name = nameVal.known() ? nameVal.value() : id.value();
    Val tracing = sam ? property(props, globals, "Tracing", base)
        : nested(props, base, "TracingConfig", "Mode");
    Val arch = first(props, globals, "Architectures", base);
    return new FunctionDef(name, sam ? Format.SAM : Format.CLOUDFORMATION, fnSite,
        property(props, globals, "Handler", base), property(props, globals, "Runtime", base), arch,
        property(props, globals, "MemorySize", base), property(props, globals, "Timeout", base), tracing,
        property(props, globals, "PackageType", base), env(props, globals, base), layers(props, globals, base),
        code(props, sam), new TemplateRoles(sites, eval, resources).of(props, sam, base),
        List.of(), Val.absent(fnSite));
  }

  /** A property of the function, else of Globals, else absent (placed in the function's properties). */
  private Val property(Node.MapNode props, Node.MapNode globals, String key, String base) {
    Optional<Node> own = props.get(key);
    if (own.isPresent()) {
      return val(own.get(), base + "." + key);
    }
    Optional<Node> global = globals.get(key);
    if (global.isPresent()) {
      return val(global.get(), "Globals.Function." + key);
    }
    return Val.absent(sites.insertInto(props, base + "." + key));
  }

  private Val nested(Node.MapNode props, String base, String outer, String inner) {
    Optional<Node> o = props.get(outer);
    if (o.isPresent() && o.get() instanceof Node.MapNode m) {
      Optional<Node> i = m.get(inner);
      if (i.isPresent()) {
        return val(i.get(), base + "." + outer + "." + inner);
      }
    }
    return Val.absent(sites.insertInto(props, base + "." + outer + "." + inner));
  }

  private Val first(Node.MapNode props, Node.MapNode globals, String key, String base) {
    Optional<Node> n = props.get(key).or(() -> globals.get(key));
    if (n.isEmpty()) {
      return Val.absent(sites.insertInto(props, base + "." + key));
    }
    if (n.get() instanceof Node.Seq s && !s.items().isEmpty() && s.tag() == null) {
      return val(s.items().get(0), base + "." + key + "[0]");
    }
    return val(n.get(), base + "." + key);
  }

  Val val(Node n, String path) {
    Site site = sites.of(n, path);
    CfnValue v = eval.eval(n);
    if (v instanceof CfnValue.Known k) {
      return Val.known(k.value(), site);
    }
    if (v instanceof CfnValue.Symbolic s) {
      return Val.symbolic(s.expression(), site);
    }
    if (v instanceof CfnValue.NoValue) {
      return Val.absent(site.as(Site.Kind.INSERT));
    }
    return Val.symbolic(CfnEvaluator.describe(n), site);
  }

  private Env env(Node.MapNode props, Node.MapNode globals, String base) {
    Map<String, Val> vars = new LinkedHashMap<>();
    boolean open = false;
    String because = null;
    Site site = sites.insertInto(props, base + ".Environment.Variables");
    for (Node.MapNode source : List.of(globals, props)) {
      Optional<Node> variables = source.get("Environment").filter(Node.MapNode.class::isInstance)
          .flatMap(e -> ((Node.MapNode) e).get("Variables"));
      if (variables.isEmpty()) {
        continue;
      }
      String path = (source == globals ? "Globals.Function" : base) + ".Environment.Variables";
      if (variables.get() instanceof Node.MapNode m && m.tag() == null && !dev.farol.doctor.doc.Intrinsics.isIntrinsic(m)) {
        for (Node.Entry e : m.entries()) {
          Val v = val(e.value(), path + "." + e.key().value());
          if (!v.absent()) {
            vars.put(e.key().value(), v);
          }
        }
        if (source == props) {
          site = sites.of(m, path);
        }
      } else {
        open = true;
        because = CfnEvaluator.describe(variables.get());
      }
    }
    return new Env(vars, open, because, site);
  }

  private Layers layers(Node.MapNode props, Node.MapNode globals, String base) {
    List<Val> items = new ArrayList<>();
    boolean open = false;
    String because = null;
    Site site = sites.insertInto(props, base + ".Layers");
    for (Node.MapNode source : List.of(globals, props)) {
      Optional<Node> list = source.get("Layers");
      if (list.isEmpty()) {
        continue;
      }
      String path = (source == globals ? "Globals.Function" : base) + ".Layers";
      if (list.get() instanceof Node.Seq s && s.tag() == null) {
        for (int i = 0; i < s.items().size(); i++) {
          items.add(layer(s.items().get(i), path + "[" + i + "]"));
        }
        if (source == props) {
          site = sites.of(s, path);
        }
      } else {
        open = true;
        because = CfnEvaluator.describe(list.get());
      }
    }
    return new Layers(items, open, because, site);
  }

  /** A layer: an ARN, a Farol built-in, or a {@code !Ref} to a layer version of this template. */
  private Val layer(Node n, String path) {
    Optional<dev.farol.doctor.doc.Intrinsics.Call> c = dev.farol.doctor.doc.Intrinsics.of(n);
    if (c.isPresent() && c.get().name().equals("Ref")) {
      String id = CfnEvaluator.scalar(c.get().argument());
      String type = eval.resourceType(id);
      if ("AWS::Serverless::LayerVersion".equals(type) || "AWS::Lambda::LayerVersion".equals(type)) {
        Node.MapNode props = map(map(resources.get(id)).get("Properties"));
        Optional<Node> content = props.get("ContentUri");
        if (content.isPresent() && content.get() instanceof Node.Scalar s && s.tag() == null
            && Files.isDirectory(dir.resolve(s.value()))) {
          return Val.known(s.value(), sites.of(n, path));
        }
      }
    }
    return val(n, path);
  }

  private Path code(Node.MapNode props, boolean sam) {
    Optional<Node> uri = props.get(sam ? "CodeUri" : "Code");
    if (uri.isPresent() && uri.get() instanceof Node.Scalar s && s.tag() == null && !s.value().startsWith("s3://")) {
      Path p = dir.resolve(s.value()).normalize();
      return Files.exists(p) ? p : null;
    }
    return null;
  }

  static Node.MapNode map(Optional<Node> n) {
    return n.filter(Node.MapNode.class::isInstance).map(Node.MapNode.class::cast)
        .orElse(new Node.MapNode(List.of(), null, 0, 0, 0, 0));
  }
}
