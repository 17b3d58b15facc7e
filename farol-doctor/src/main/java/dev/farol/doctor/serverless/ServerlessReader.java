package dev.farol.doctor.serverless;

import dev.farol.doctor.doc.DocSites;
import dev.farol.doctor.doc.Node;
import dev.farol.doctor.model.Env;
import dev.farol.doctor.model.Format;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.InputException;
import dev.farol.doctor.model.Layers;
import dev.farol.doctor.model.Policies;
import dev.farol.doctor.model.PolicyStatement;
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
 * Reads a Serverless Framework {@code serverless.yml}: {@code provider} settings (environment merged under
 * the function's, layers replaced by the function's own, as the framework does), {@code functions}, the
 * role's statements ({@code provider.iam.role.statements}, or the older {@code iamRoleStatements}), and,
 * when {@code serverless-plugin-datadog} is among the plugins, what the plugin does at deploy time.
 */
public final class ServerlessReader {
  private final DocSites sites;
  private final Node.MapNode root;
  private final Node.MapNode provider;
  private final ServerlessVars vars;

  private ServerlessReader(DocSites sites, Node.MapNode root) {
    this.sites = sites;
    this.root = root;
    this.vars = new ServerlessVars(root);
    this.provider = map(root.get("provider"));
  }

  public static List<FunctionDef> read(DocSites sites, Node root) {
    if (!(root instanceof Node.MapNode m)) {
      throw new InputException(sites.shown() + ":" + root.line(), "a serverless.yml must be a mapping");
    }
    return new ServerlessReader(sites, m).functions();
  }

  private List<FunctionDef> functions() {
    Optional<Node> fns = root.get("functions");
    if (fns.isEmpty()) {
      return List.of();
    }
    if (!(fns.get() instanceof Node.MapNode m)) {
      throw new InputException(sites.shown() + ":" + fns.get().line(), "functions must be a mapping of function "
          + "names to their settings");
    }
    Optional<DatadogPlugin> plugin = DatadogPlugin.find(root, vars, sites, this::val);
    Policies providerPolicies = policies();
    List<FunctionDef> out = new ArrayList<>();
    for (Node.Entry e : m.entries()) {
      Node.MapNode f = map(Optional.of(e.value()));
      String path = "functions." + e.key().value();
      Site site = sites.of(e.key(), path).as(Site.Kind.MAP);
      Val name = get(f, "name", path);
      Val arch = setting(f, "architecture", path);
      Val packageType = f.get("image").isPresent() ? Val.known("Image", sites.of(f.get("image").get(), path + ".image"))
          : Val.absent(site);
      Val region = get(provider, "region", "provider");
      FunctionDef fn = new FunctionDef(name.known() ? name.value() : e.key().value(), Format.SERVERLESS, site,
          get(f, "handler", path), setting(f, "runtime", path), arch, setting(f, "memorySize", path),
          setting(f, "timeout", path), tracing(f, path), packageType, env(f, path), layers(f, path),
          code(), f.get("role").isPresent() ? Policies.unknown() : providerPolicies, List.of(), region);
      if (plugin.isPresent()) {
        fn = plugin.get().apply(fn, e.key().value());
      }
      out.add(fn);
    }
    return out;
  }

  private Val setting(Node.MapNode f, String key, String path) {
    Val own = get(f, key, path);
    return own.present() ? own : get(provider, key, "provider").present() ? get(provider, key, "provider") : own;
  }

  private Val tracing(Node.MapNode f, String path) {
    Optional<Node> own = f.get("tracing");
    if (own.isPresent()) {
      Val v = val(own.get(), path + ".tracing");
      return v.is("true") ? Val.known("Active", v.site()) : v;
    }
    Optional<Node> t = provider.get("tracing");
    if (t.isPresent() && t.get() instanceof Node.MapNode m && m.get("lambda").isPresent()) {
      Val v = val(m.get("lambda").get(), "provider.tracing.lambda");
      return v.is("true") ? Val.known("Active", v.site()) : v.is("false") ? Val.known("PassThrough", v.site()) : v;
    }
    return Val.absent(sites.insertInto(f, path + ".tracing"));
  }

  private Env env(Node.MapNode f, String path) {
    Map<String, Val> out = new LinkedHashMap<>();
    boolean open = false;
    String because = null;
    Site site = sites.insertInto(f, path + ".environment");
    for (Node.MapNode source : List.of(provider, f)) {
      Optional<Node> env = source.get("environment");
      if (env.isEmpty()) {
        continue;
      }
      String p = (source == provider ? "provider" : path) + ".environment";
      Node n = vars.node(env.get()).orElse(env.get());
      if (n instanceof Node.MapNode m) {
        for (Node.Entry v : m.entries()) {
          out.put(v.key().value(), val(v.value(), p + "." + v.key().value()));
        }
        if (source == f) {
          site = sites.of(m, p);
        }
      } else {
        open = true;
        because = n instanceof Node.Scalar s ? s.value() : "environment";
      }
    }
    return new Env(out, open, because, site);
  }

  /** A function's own layers replace the provider's (the framework does not merge them). */
  private Layers layers(Node.MapNode f, String path) {
    Optional<Node> own = f.get("layers");
    Node.MapNode source = own.isPresent() ? f : provider;
    String p = (own.isPresent() ? path : "provider") + ".layers";
    Optional<Node> list = source.get("layers");
    if (list.isEmpty()) {
      return Layers.none(sites.insertInto(f, path + ".layers"));
    }
    Node n = vars.node(list.get()).orElse(list.get());
    if (!(n instanceof Node.Seq s)) {
      return new Layers(List.of(), true, n instanceof Node.Scalar sc ? sc.value() : "layers", sites.of(n, p));
    }
    List<Val> items = new ArrayList<>();
    for (int i = 0; i < s.items().size(); i++) {
      items.add(val(s.items().get(i), p + "[" + i + "]"));
    }
    return new Layers(items, false, null, sites.of(s, p));
  }

  private Policies policies() {
    if (provider.get("role").isPresent()) {
      return Policies.unknown();
    }
    Optional<Node> iam = provider.get("iam");
    Node statements = null;
    boolean complete = true;
    Site site = null;
    if (iam.isPresent() && iam.get() instanceof Node.MapNode m && m.get("role").isPresent()) {
      Node role = m.get("role").get();
      if (!(role instanceof Node.MapNode r)) {
        return Policies.unknown();
      }
      statements = r.get("statements").orElse(null);
      complete = r.get("managedPolicies").isEmpty();
      site = statements != null ? sites.of(statements, "provider.iam.role.statements")
          : sites.insertInto(r, "provider.iam.role#statements");
    } else if (provider.get("iamRoleStatements").isPresent()) {
      statements = provider.get("iamRoleStatements").get();
      complete = provider.get("iamManagedPolicies").isEmpty();
      site = sites.of(statements, "provider.iamRoleStatements");
    }
    if (site == null) {
      site = sites.insertInto(provider, "provider#iam.role.statements");
    }
    List<PolicyStatement> out = new ArrayList<>();
    if (statements instanceof Node.Seq seq) {
      for (Node s : seq.items()) {
        Node.MapNode st = map(Optional.of(s));
        out.add(new PolicyStatement(text(st.get("Effect")).orElse("Allow"), texts(st.get("Action")),
            texts(st.get("Resource")), sites.of(s, "statement")));
      }
    }
    return new Policies(out, complete, site);
  }

  private Optional<String> text(Optional<Node> n) {
    return n.filter(Node.Scalar.class::isInstance).map(x -> vars.text(((Node.Scalar) x).value()))
        .map(t -> t.known() ? t.value() : "*");
  }

  private List<String> texts(Optional<Node> n) {
    if (n.isEmpty()) {
      return List.of();
    }
    List<Node> items = n.get() instanceof Node.Seq s ? s.items() : List.of(n.get());
    List<String> out = new ArrayList<>();
    for (Node i : items) {
      out.add(i instanceof Node.Scalar ? text(Optional.of(i)).orElse("*") : "*");
    }
    return out;
  }

  private Path code() {
    Path dir = sites.file().toAbsolutePath().getParent();
    return Files.isDirectory(dir) ? dir : null;
  }

  private Val get(Node.MapNode m, String key, String path) {
    Optional<Node> n = m.get(key);
    return n.isPresent() ? val(n.get(), path + "." + key) : Val.absent(sites.insertInto(m, path + "." + key));
  }

  Val val(Node n, String path) {
    Site site = sites.of(n, path);
    if (n instanceof Node.Scalar s) {
      if (s.isNull()) {
        return Val.absent(site.as(Site.Kind.INSERT));
      }
      ServerlessVars.Text t = vars.text(s.value());
      return t.known() ? Val.known(t.value(), site) : Val.symbolic(t.value(), site.as(Site.Kind.EXPRESSION));
    }
    return Val.symbolic(n.toString(), site);
  }

  static Node.MapNode map(Optional<Node> n) {
    return n.filter(Node.MapNode.class::isInstance).map(Node.MapNode.class::cast)
        .orElse(new Node.MapNode(List.of(), null, 0, 0, 0, 0));
  }
}
