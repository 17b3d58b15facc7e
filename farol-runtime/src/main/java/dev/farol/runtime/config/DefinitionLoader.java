package dev.farol.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Loads function definitions from an AWS SAM {@code template.yaml} or a short {@code farol.yaml}
 * (the format is told by the content). Every problem is a {@link ConfigException} naming the file
 * and line of the offending node. See {@code docs/functions.md}.
 */
public final class DefinitionLoader {

  /** Runtimes the local Lambda can run. */
  static final Set<String> RUNNABLE_RUNTIMES = Set.of("java8.al2", "java11", "java17", "java21", "java25",
      "provided", "provided.al2", "provided.al2023");
  private static final Pattern OTHER_RUNTIMES = Pattern.compile("(python3\\.\\d+|nodejs\\d+\\.x|ruby3\\.\\d+|"
      + "dotnet\\d+)");
  private static final Set<String> FAROL_TOP = Set.of("functions");
  private static final Set<String> FAROL_FUNCTION = Set.of("handler", "runtime", "code", "memory", "timeout",
      "environment", "layers", "concurrency", "architecture", "routes");
  private static final Set<String> FAROL_ROUTE = Set.of("method", "path", "format", "stage");
  private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}!][^}]*)}");
  private static final Map<String, String> PSEUDO = Map.of(
      "AWS::Region", "us-east-1", "AWS::AccountId", "123456789012", "AWS::Partition", "aws",
      "AWS::StackName", "farol-local", "AWS::URLSuffix", "amazonaws.com", "AWS::NoValue", "");

  private final Path file;
  private final Path dir;
  private final List<String> warnings = new ArrayList<>();
  private Map<String, String> parameters = Map.of();
  private Map<String, MappingNode> resources = Map.of();

  private DefinitionLoader(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.dir = this.file.getParent();
  }

  /** Loads {@code file}, a SAM template or a farol.yaml. */
  public static Definitions load(Path file) {
    return new DefinitionLoader(file).run();
  }

  private Definitions run() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(new ConfigOrigin(file, 0), "cannot read: " + e.getMessage());
    }
    Node root;
    try {
      LoadSettings settings = LoadSettings.builder().setLabel(file.getFileName().toString()).setUseMarks(true)
          .build();
      root = new Compose(settings).composeString(text).orElse(null);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      throw new ConfigException(new ConfigOrigin(file, line), "not valid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new ConfigException(new ConfigOrigin(file, 0), "not valid YAML: " + e.getMessage());
    }
    if (!(root instanceof MappingNode top)) {
      throw error(root, "expected a SAM template (Resources: …) or a farol.yaml (functions: …), found "
          + (root == null ? "an empty file" : "no mapping"));
    }
    Map<String, Node> keys = map(top);
    List<FunctionConfig> functions;
    if (keys.containsKey("Resources") || keys.containsKey("AWSTemplateFormatVersion")
        || keys.containsKey("Transform")) {
      functions = sam(keys, top);
    } else if (keys.containsKey("functions")) {
      functions = farol(keys);
    } else {
      throw error(top, "expected a SAM template (Resources: …) or a farol.yaml (functions: …); top-level keys: "
          + keys.keySet());
    }
    return new Definitions(file, functions, warnings);
  }

  // ---------------------------------------------------------------- SAM

  private List<FunctionConfig> sam(Map<String, Node> top, MappingNode topNode) {
    parameters = new LinkedHashMap<>();
    Node params = top.get("Parameters");
    if (params instanceof MappingNode pm) {
      for (Map.Entry<String, Node> p : map(pm).entrySet()) {
        if (p.getValue() instanceof MappingNode def) {
          Node d = map(def).get("Default");
          if (d instanceof ScalarNode s) {
            parameters.put(p.getKey(), s.getValue());
          }
        }
      }
    }
    Node res = top.get("Resources");
    if (!(res instanceof MappingNode resMap)) {
      throw error(res == null ? topNode : res, "Resources must be a mapping of logical ids to resources");
    }
    resources = new LinkedHashMap<>();
    for (Map.Entry<String, Node> r : map(resMap).entrySet()) {
      if (r.getValue() instanceof MappingNode m) {
        resources.put(r.getKey(), m);
      } else {
        throw error(r.getValue(), "resource " + r.getKey() + " must be a mapping with Type and Properties");
      }
    }
    Map<String, Node> globals = Map.of();
    if (top.get("Globals") instanceof MappingNode g && map(g).get("Function") instanceof MappingNode gf) {
      globals = map(gf);
    }
    List<FunctionConfig> out = new ArrayList<>();
    Map<String, Node> seen = new LinkedHashMap<>();
    for (Map.Entry<String, MappingNode> r : resources.entrySet()) {
      Map<String, Node> res1 = map(r.getValue());
      String type = res1.get("Type") instanceof ScalarNode t ? t.getValue() : null;
      if (!"AWS::Serverless::Function".equals(type)) {
        continue;
      }
      Node propsNode = res1.get("Properties");
      Map<String, Node> props = propsNode instanceof MappingNode pm ? map(pm) : Map.of();
      FunctionConfig fn = samFunction(r.getKey(), r.getValue(), props, globals);
      Node prev = seen.put(fn.name(), r.getValue());
      if (prev != null) {
        throw error(r.getValue(), "two functions are named " + fn.name() + " (the other is at line "
            + line(prev) + ")");
      }
      out.add(fn);
    }
    if (out.isEmpty()) {
      throw error(resMap, "no AWS::Serverless::Function in Resources");
    }
    return out;
  }

  private FunctionConfig samFunction(String logicalId, Node at, Map<String, Node> props, Map<String, Node> globals) {
    Node nameNode = props.get("FunctionName");
    String name = nameNode == null ? logicalId : requiredString(nameNode, "FunctionName");
    String runtime = requiredString(pick(props, globals, "Runtime", at), "Runtime");
    checkRuntime(pick(props, globals, "Runtime", at), runtime);
    Node handlerNode = props.containsKey("Handler") ? props.get("Handler") : globals.get("Handler");
    String handler;
    if (handlerNode == null) {
      if (!runtime.startsWith("provided")) {
        throw error(at, "function " + logicalId + " has no Handler (required for " + runtime + ")");
      }
      handler = "bootstrap";
    } else {
      handler = requiredString(handlerNode, "Handler");
    }
    Node codeNode = pick(props, globals, "CodeUri", at);
    if (codeNode instanceof MappingNode) {
      throw error(codeNode, "CodeUri of " + logicalId + " points at S3; the local Lambda needs a local directory, "
          + ".zip or .jar");
    }
    Path code = codePath(codeNode, requiredString(codeNode, "CodeUri"), "CodeUri");
    int memory = intIn(props, globals, "MemorySize", FunctionConfig.DEFAULT_MEMORY_MB, 128, 10240, "MB");
    int timeout = intIn(props, globals, "Timeout", FunctionConfig.DEFAULT_TIMEOUT_SECONDS, 1, 900, "seconds");
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Node> source : List.of(globals, props)) {
      if (source.get("Environment") instanceof MappingNode e && map(e).get("Variables") instanceof MappingNode v) {
        for (Map.Entry<String, Node> var : map(v).entrySet()) {
          Optional<String> value = resolve(var.getValue());
          if (value.isPresent()) {
            env.put(var.getKey(), value.get());
          } else {
            env.remove(var.getKey());
            warnings.add(new ConfigOrigin(file, line(var.getValue())) + ": environment variable " + var.getKey()
                + " of " + name + " uses an intrinsic function that cannot be resolved locally; it is left unset");
          }
        }
      } else if (source.get("Environment") != null && !(source.get("Environment") instanceof MappingNode)) {
        throw error(source.get("Environment"), "Environment must be a mapping with Variables");
      }
    }
    List<LayerRef> layers = new ArrayList<>();
    Node layersNode = props.containsKey("Layers") ? props.get("Layers") : globals.get("Layers");
    if (layersNode != null) {
      if (!(layersNode instanceof SequenceNode seq)) {
        throw error(layersNode, "Layers must be a list");
      }
      for (Node l : seq.getValue()) {
        layers.add(samLayer(l));
      }
    }
    int reserved = FunctionConfig.UNRESERVED;
    Node rc = pick(props, globals, "ReservedConcurrentExecutions", null);
    if (rc != null) {
      reserved = intValue(rc, "ReservedConcurrentExecutions");
      if (reserved < 0 || reserved > 1000) {
        throw error(rc, "ReservedConcurrentExecutions must be between 0 and 1000, got " + reserved);
      }
    }
    String arch = "x86_64";
    Node archNode = pick(props, globals, "Architectures", null);
    if (archNode != null) {
      if (!(archNode instanceof SequenceNode s) || s.getValue().size() != 1) {
        throw error(archNode, "Architectures must be a list of one: [x86_64] or [arm64]");
      }
      arch = requiredString(s.getValue().get(0), "Architectures");
      if (!arch.equals("x86_64") && !arch.equals("arm64")) {
        throw error(s.getValue().get(0), "Architectures must be x86_64 or arm64, got " + arch);
      }
    }
    List<HttpRoute> routes = new ArrayList<>();
    if (props.get("Events") instanceof MappingNode events) {
      for (Map.Entry<String, Node> ev : map(events).entrySet()) {
        HttpRoute r = samEvent(ev.getKey(), ev.getValue());
        if (r != null) {
          routes.add(r);
        }
      }
    }
    return new FunctionConfig(name, handler, runtime, code, memory, timeout, env, layers, reserved, arch, routes,
        new ConfigOrigin(file, line(at)));
  }

  private HttpRoute samEvent(String id, Node node) {
    if (!(node instanceof MappingNode m)) {
      throw error(node, "event " + id + " must be a mapping with Type and Properties");
    }
    Map<String, Node> ev = map(m);
    String type = ev.get("Type") instanceof ScalarNode t ? t.getValue() : "";
    Map<String, Node> props = ev.get("Properties") instanceof MappingNode p ? map(p) : Map.of();
    if (type.equals("Api")) {
      String path = requiredString(need(props, "Path", node, "Api event " + id), "Path");
      String method = requiredString(need(props, "Method", node, "Api event " + id), "Method");
      String stage = "Prod";
      if (props.get("RestApiId") != null) {
        MappingNode api = referencedResource(props.get("RestApiId"));
        if (api != null && map(api).get("Properties") instanceof MappingNode ap
            && map(ap).get("StageName") != null) {
          stage = resolve(map(ap).get("StageName")).orElse(stage);
        }
      }
      return route(props.get("Path"), method, path, HttpRoute.PayloadFormat.REST_V1, stage);
    }
    if (type.equals("HttpApi")) {
      String stage = "$default";
      String version = "2.0";
      if (props.get("ApiId") != null) {
        MappingNode api = referencedResource(props.get("ApiId"));
        if (api != null && map(api).get("Properties") instanceof MappingNode ap && map(ap).get("StageName") != null) {
          stage = resolve(map(ap).get("StageName")).orElse(stage);
        }
      }
      if (props.get("PayloadFormatVersion") != null) {
        version = requiredString(props.get("PayloadFormatVersion"), "PayloadFormatVersion");
        if (!version.equals("1.0") && !version.equals("2.0")) {
          throw error(props.get("PayloadFormatVersion"), "PayloadFormatVersion must be \"1.0\" or \"2.0\", got "
              + version);
        }
      }
      HttpRoute.PayloadFormat format = version.equals("1.0") ? HttpRoute.PayloadFormat.HTTP_V1
          : HttpRoute.PayloadFormat.HTTP_V2;
      if (props.get("Path") == null && props.get("Method") == null) {
        return new HttpRoute("ANY", "$default", format, stage);
      }
      String path = requiredString(need(props, "Path", node, "HttpApi event " + id), "Path");
      String method = props.get("Method") == null ? "ANY" : requiredString(props.get("Method"), "Method");
      return route(props.get("Path"), method, path, format, stage);
    }
    return null;
  }

  private HttpRoute route(Node at, String method, String path, HttpRoute.PayloadFormat format, String stage) {
    String m = method.toUpperCase(Locale.ROOT);
    if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY").contains(m)) {
      throw error(at, "unknown HTTP method " + method);
    }
    if (!path.startsWith("/") && !path.equals("$default")) {
      throw error(at, "route path must start with '/', got " + path);
    }
    return new HttpRoute(m, path, format, stage);
  }

  private LayerRef samLayer(Node l) {
    if (isRef(l)) {
      MappingNode layer = referencedResource(l);
      if (layer != null) {
        Map<String, Node> lr = map(layer);
        String type = lr.get("Type") instanceof ScalarNode t ? t.getValue() : "";
        Map<String, Node> lp = lr.get("Properties") instanceof MappingNode p ? map(p) : Map.of();
        Node content = type.equals("AWS::Serverless::LayerVersion") ? lp.get("ContentUri") : null;
        if (content == null || content instanceof MappingNode) {
          throw error(l, "layer " + refName(l) + " must be an AWS::Serverless::LayerVersion with a local ContentUri");
        }
        String s = requiredString(content, "ContentUri");
        return new LayerRef(refName(l), codePath(content, s, "ContentUri"));
      }
    }
    String ref = requiredString(l, "Layers");
    return layerRef(l, ref);
  }

  private LayerRef layerRef(Node at, String ref) {
    if (ref.startsWith("farol:")) {
      return new LayerRef(ref, null);
    }
    if (ref.startsWith("arn:")) {
      throw error(at, "layer " + ref + " is published on AWS and cannot be fetched here; download its content "
          + "(aws lambda get-layer-version-by-arn, then the Content.Location zip) and list the local .zip or "
          + "directory instead");
    }
    return new LayerRef(ref, codePath(at, ref, "layer"));
  }

  // ---------------------------------------------------------------- farol.yaml

  private List<FunctionConfig> farol(Map<String, Node> top) {
    for (Map.Entry<String, Node> e : top.entrySet()) {
      unknownKey(e.getKey(), e.getValue(), FAROL_TOP, "top-level key");
    }
    if (!(top.get("functions") instanceof MappingNode fns) || fns.getValue().isEmpty()) {
      throw error(top.get("functions"), "functions must be a mapping of function names to definitions");
    }
    List<FunctionConfig> out = new ArrayList<>();
    for (NodeTuple t : fns.getValue()) {
      String name = requiredString(t.getKeyNode(), "function name");
      if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
        throw error(t.getKeyNode(), "function name must be 1-64 letters, digits, '-' or '_', got " + name);
      }
      if (out.stream().anyMatch(f -> f.name().equals(name))) {
        throw error(t.getKeyNode(), "two functions are named " + name);
      }
      if (!(t.getValueNode() instanceof MappingNode def)) {
        throw error(t.getValueNode(), "function " + name + " must be a mapping (handler, runtime, code, …)");
      }
      out.add(farolFunction(name, def));
    }
    return out;
  }

  private FunctionConfig farolFunction(String name, MappingNode def) {
    Map<String, Node> f = map(def);
    for (NodeTuple t : def.getValue()) {
      unknownKey(requiredString(t.getKeyNode(), "key"), t.getKeyNode(), FAROL_FUNCTION, "key of function " + name);
    }
    String runtime = f.get("runtime") == null ? "java17" : requiredString(f.get("runtime"), "runtime");
    checkRuntime(f.get("runtime") == null ? def : f.get("runtime"), runtime);
    String handler;
    if (f.get("handler") == null) {
      if (!runtime.startsWith("provided")) {
        throw error(def, "function " + name + " has no handler (required for " + runtime + ")");
      }
      handler = "bootstrap";
    } else {
      handler = requiredString(f.get("handler"), "handler");
    }
    Node codeNode = need(f, "code", def, "function " + name);
    Path code = codePath(codeNode, requiredString(codeNode, "code"), "code");
    int memory = intIn(f, Map.of(), "memory", FunctionConfig.DEFAULT_MEMORY_MB, 128, 10240, "MB");
    int timeout = intIn(f, Map.of(), "timeout", FunctionConfig.DEFAULT_TIMEOUT_SECONDS, 1, 900, "seconds");
    Map<String, String> env = new LinkedHashMap<>();
    if (f.get("environment") != null) {
      if (!(f.get("environment") instanceof MappingNode e)) {
        throw error(f.get("environment"), "environment must be a mapping of names to values");
      }
      for (Map.Entry<String, Node> v : map(e).entrySet()) {
        env.put(v.getKey(), requiredString(v.getValue(), "environment value"));
      }
    }
    List<LayerRef> layers = new ArrayList<>();
    if (f.get("layers") != null) {
      if (!(f.get("layers") instanceof SequenceNode s)) {
        throw error(f.get("layers"), "layers must be a list of directories, zips or farol: built-ins");
      }
      for (Node l : s.getValue()) {
        layers.add(layerRef(l, requiredString(l, "layer")));
      }
    }
    int concurrency = FunctionConfig.UNRESERVED;
    if (f.get("concurrency") != null) {
      concurrency = intValue(f.get("concurrency"), "concurrency");
      if (concurrency < 0 || concurrency > 1000) {
        throw error(f.get("concurrency"), "concurrency must be between 0 and 1000, got " + concurrency);
      }
    }
    String arch = f.get("architecture") == null ? "x86_64" : requiredString(f.get("architecture"), "architecture");
    if (!arch.equals("x86_64") && !arch.equals("arm64")) {
      throw error(f.get("architecture"), "architecture must be x86_64 or arm64, got " + arch);
    }
    List<HttpRoute> routes = new ArrayList<>();
    if (f.get("routes") != null) {
      if (!(f.get("routes") instanceof SequenceNode s)) {
        throw error(f.get("routes"), "routes must be a list like [\"GET /items/{id}\"]");
      }
      for (Node r : s.getValue()) {
        routes.add(farolRoute(r));
      }
    }
    return new FunctionConfig(name, handler, runtime, code, memory, timeout, env, layers, concurrency, arch, routes,
        new ConfigOrigin(file, line(def)));
  }

  private HttpRoute farolRoute(Node r) {
    if (r instanceof ScalarNode s) {
      String[] parts = s.getValue().trim().split("\\s+");
      if (parts.length != 2) {
        throw error(r, "a route is \"METHOD /path\", got \"" + s.getValue() + "\"");
      }
      return route(r, parts[0], parts[1], HttpRoute.PayloadFormat.HTTP_V2, "$default");
    }
    if (!(r instanceof MappingNode m)) {
      throw error(r, "a route is \"METHOD /path\" or {method, path, format, stage}");
    }
    for (NodeTuple t : m.getValue()) {
      unknownKey(requiredString(t.getKeyNode(), "key"), t.getKeyNode(), FAROL_ROUTE, "route key");
    }
    Map<String, Node> rm = map(m);
    String format = rm.get("format") == null ? "http-v2" : requiredString(rm.get("format"), "format");
    HttpRoute.PayloadFormat pf = switch (format) {
      case "rest-v1", "rest" -> HttpRoute.PayloadFormat.REST_V1;
      case "http-v1" -> HttpRoute.PayloadFormat.HTTP_V1;
      case "http-v2", "http" -> HttpRoute.PayloadFormat.HTTP_V2;
      default -> throw error(rm.get("format"), "format must be rest-v1, http-v1 or http-v2, got " + format);
    };
    String stage = rm.get("stage") != null ? requiredString(rm.get("stage"), "stage")
        : pf == HttpRoute.PayloadFormat.REST_V1 ? "Prod" : "$default";
    String method = rm.get("method") == null ? "ANY" : requiredString(rm.get("method"), "method");
    return route(r, method, requiredString(need(rm, "path", r, "route"), "path"), pf, stage);
  }

  // ---------------------------------------------------------------- values

  private void checkRuntime(Node at, String runtime) {
    if (RUNNABLE_RUNTIMES.contains(runtime)) {
      return;
    }
    if (OTHER_RUNTIMES.matcher(runtime).matches()) {
      throw error(at, "runtime " + runtime + " is not supported by the local Lambda yet; it runs "
          + String.join(", ", new java.util.TreeSet<>(RUNNABLE_RUNTIMES)) + " (a provided.al2023 bootstrap can "
          + "start any language)");
    }
    throw error(at, "unknown runtime " + runtime + "; expected one of "
        + String.join(", ", new java.util.TreeSet<>(RUNNABLE_RUNTIMES)));
  }

  private Path codePath(Node at, String value, String what) {
    Path p = dir.resolve(value).normalize();
    if (!Files.exists(p)) {
      throw error(at, what + " " + value + " does not exist (" + p + ")"
          + (value.endsWith(".jar") || value.endsWith(".zip") ? "; build it first" : ""));
    }
    if (Files.isRegularFile(p) && !value.endsWith(".zip") && !value.endsWith(".jar")) {
      throw error(at, what + " " + value + " must be a directory, a .zip or a .jar");
    }
    return p;
  }

  private int intIn(Map<String, Node> props, Map<String, Node> globals, String key, int dflt, int min, int max,
      String unit) {
    Node n = pick(props, globals, key, null);
    if (n == null) {
      return dflt;
    }
    int v = intValue(n, key);
    if (v < min || v > max) {
      throw error(n, key + " must be between " + min + " and " + max + " " + unit + ", got " + v);
    }
    return v;
  }

  private int intValue(Node n, String key) {
    String s = requiredString(n, key);
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw error(n, key + " must be a whole number, got " + s);
    }
  }

  private static Node pick(Map<String, Node> props, Map<String, Node> globals, String key, Node at) {
    return props.containsKey(key) ? props.get(key) : globals.get(key);
  }

  private Node need(Map<String, Node> m, String key, Node at, String what) {
    Node n = m.get(key);
    if (n == null) {
      throw error(at, what + " has no " + key);
    }
    return n;
  }

  private String requiredString(Node n, String what) {
    if (n == null) {
      throw error(null, what + " is missing");
    }
    Optional<String> v = resolve(n);
    if (v.isEmpty()) {
      throw error(n, what + " uses an intrinsic function that cannot be resolved locally; give it a literal value "
          + "or a Parameter with a Default");
    }
    return v.get();
  }

  /** A scalar, or an intrinsic function resolved against parameters, pseudo parameters and logical ids. */
  private Optional<String> resolve(Node n) {
    String tag = n.getTag().getValue();
    if (n instanceof ScalarNode s) {
      if (tag.equals("!Ref")) {
        return ref(s.getValue());
      }
      if (tag.equals("!Sub")) {
        return sub(s.getValue(), Map.of());
      }
      if (tag.startsWith("!")) {
        return Optional.empty();
      }
      return Optional.of(s.getValue());
    }
    if (n instanceof SequenceNode seq && tag.equals("!Sub") && !seq.getValue().isEmpty()) {
      return subWithVars(seq);
    }
    if (n instanceof SequenceNode seq && tag.equals("!Join")) {
      return join(seq);
    }
    if (n instanceof MappingNode m && m.getValue().size() == 1) {
      String fn = requiredKey(m.getValue().get(0).getKeyNode());
      Node arg = m.getValue().get(0).getValueNode();
      switch (fn) {
        case "Ref":
          return arg instanceof ScalarNode s ? ref(s.getValue()) : Optional.empty();
        case "Fn::Sub":
          if (arg instanceof ScalarNode s) {
            return sub(s.getValue(), Map.of());
          }
          return arg instanceof SequenceNode seq ? subWithVars(seq) : Optional.empty();
        case "Fn::Join":
          return arg instanceof SequenceNode seq ? join(seq) : Optional.empty();
        default:
          return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private Optional<String> ref(String name) {
    if (parameters.containsKey(name)) {
      return Optional.of(parameters.get(name));
    }
    if (PSEUDO.containsKey(name)) {
      return Optional.of(PSEUDO.get(name));
    }
    if (resources.containsKey(name)) {
      // locally, a resource's physical name is its logical id (as sam local does)
      return Optional.of(name);
    }
    return Optional.empty();
  }

  private Optional<String> sub(String template, Map<String, String> vars) {
    Matcher m = SUB_VAR.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Optional<String> v = vars.containsKey(name) ? Optional.of(vars.get(name)) : ref(name);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(v.get()));
    }
    m.appendTail(out);
    return Optional.of(out.toString().replace("${!", "${"));
  }

  private Optional<String> subWithVars(SequenceNode seq) {
    if (!(seq.getValue().get(0) instanceof ScalarNode t)) {
      return Optional.empty();
    }
    Map<String, String> vars = new LinkedHashMap<>();
    if (seq.getValue().size() > 1 && seq.getValue().get(1) instanceof MappingNode vm) {
      for (Map.Entry<String, Node> e : map(vm).entrySet()) {
        Optional<String> v = resolve(e.getValue());
        if (v.isEmpty()) {
          return Optional.empty();
        }
        vars.put(e.getKey(), v.get());
      }
    }
    return sub(t.getValue(), vars);
  }

  private Optional<String> join(SequenceNode seq) {
    if (seq.getValue().size() != 2 || !(seq.getValue().get(0) instanceof ScalarNode d)
        || !(seq.getValue().get(1) instanceof SequenceNode parts)) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    for (Node p : parts.getValue()) {
      Optional<String> v = resolve(p);
      if (v.isEmpty()) {
        return Optional.empty();
      }
      out.add(v.get());
    }
    return Optional.of(String.join(d.getValue(), out));
  }

  private static boolean isRef(Node n) {
    return (n instanceof ScalarNode && n.getTag().getValue().equals("!Ref"))
        || (n instanceof MappingNode m && m.getValue().size() == 1
            && m.getValue().get(0).getKeyNode() instanceof ScalarNode k && k.getValue().equals("Ref"));
  }

  private static String refName(Node n) {
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    Node v = ((MappingNode) n).getValue().get(0).getValueNode();
    return v instanceof ScalarNode s ? s.getValue() : "";
  }

  private MappingNode referencedResource(Node n) {
    return isRef(n) ? resources.get(refName(n)) : null;
  }

  private void unknownKey(String key, Node at, Set<String> allowed, String what) {
    if (allowed.contains(key)) {
      return;
    }
    String best = null;
    int bestDistance = 3;
    for (String a : allowed) {
      int d = distance(key.toLowerCase(Locale.ROOT), a);
      if (d < bestDistance) {
        bestDistance = d;
        best = a;
      }
    }
    throw error(at, "unknown " + what + " '" + key + "'" + (best != null ? " (did you mean '" + best + "'?)"
        : "; allowed: " + String.join(", ", new java.util.TreeSet<>(allowed))));
  }

  /** Levenshtein distance, for typo suggestions. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private Map<String, Node> map(MappingNode m) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String k = requiredKey(t.getKeyNode());
      if (out.put(k, t.getValueNode()) != null) {
        throw error(t.getKeyNode(), "duplicate key " + k);
      }
    }
    return out;
  }

  private String requiredKey(Node k) {
    if (k instanceof ScalarNode s) {
      return s.getValue();
    }
    throw error(k, "keys must be plain strings");
  }

  private static int line(Node n) {
    return n == null ? 0 : n.getStartMark().map(Mark::getLine).orElse(-1) + 1;
  }

  private ConfigException error(Node at, String message) {
    return new ConfigException(new ConfigOrigin(file, line(at)), message);
  }
}
