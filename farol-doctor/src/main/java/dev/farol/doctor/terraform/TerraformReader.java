package dev.farol.doctor.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.doctor.hcl.Attribute;
import dev.farol.doctor.hcl.ConfigFile;
import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.hcl.Hcl;
import dev.farol.doctor.hcl.HclSyntaxException;
import dev.farol.doctor.hcl.Value;
import dev.farol.doctor.model.Format;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.InputException;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads the Lambda functions of Terraform configurations: each root module (a directory of {@code .tf}
 * files that no other directory read calls as a module) with its {@code terraform.tfvars},
 * {@code *.auto.tfvars}, {@code -var-file}s and {@code -var}s; {@code aws_lambda_function} resources in it
 * and in its local modules ({@code source = "./modules/…"}, followed into, and modules {@code terraform
 * init} downloaded into {@code .terraform/modules}), one function per {@code for_each} key or {@code count}
 * index; Datadog's module {@code DataDog/lambda-datadog/aws}; and other remote modules by the arguments they
 * are passed.
 */
public final class TerraformReader {
  private static final int MAX_DEPTH = 12;
  private static final Set<String> META = Set.of("source", "version", "for_each", "count", "providers", "depends_on");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Function<Path, String> shown;
  private final List<Path> varFiles;
  private final Map<String, String> vars;
  private final Map<Path, TfModule> modules = new HashMap<>();
  private final TfIam iam;

  public TerraformReader(Function<Path, String> shown, List<Path> varFiles, Map<String, String> vars) {
    this.shown = shown;
    this.varFiles = varFiles;
    this.vars = vars;
    this.iam = new TfIam(shown);
  }

  /** The root modules among {@code dirs}: those no other of them calls as a local module. */
  public List<Path> roots(List<Path> dirs) {
    Set<Path> called = new LinkedHashSet<>();
    for (Path d : dirs) {
      TfModule m;
      try {
        m = module(d);
      } catch (InputException e) {
        continue; // reported when the directory is read
      }
      for (TfModule.Def call : m.calls.values()) {
        localSource(m, call).ifPresent(called::add);
      }
    }
    return dirs.stream().filter(d -> !called.contains(d.toAbsolutePath().normalize())).toList();
  }

  /** The functions of the root module in {@code dir}. */
  public List<FunctionDef> read(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    TfModule m = module(root);
    TfInstance instance = new TfInstance(m, "", null, null, rootInputs(root), root);
    Val region = region(instance);
    build(instance, new LinkedHashSet<>(List.of(root)), 0);
    List<FunctionDef> out = new ArrayList<>();
    collect(instance, region, out);
    return out;
  }

  private TfModule module(Path dir) {
    return modules.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> TfModule.load(d, shown));
  }

  // ------------------------------------------------------------------ the module tree

  private void build(TfInstance in, Set<Path> stack, int depth) {
    if (depth > MAX_DEPTH) {
      return;
    }
    for (TfModule.Def call : in.module.calls.values()) {
      Optional<Path> dir = localSource(in.module, call);
      if (dir.isEmpty() || stack.contains(dir.get()) || !Files.isDirectory(dir.get())) {
        continue;
      }
      TfModule child = module(dir.get());
      for (Expansion.Instance e : Expansion.of(call.block(), call.file(), in.scope(), in.prefix() + "module." + call.name())) {
        Map<String, Binding> inputs = new LinkedHashMap<>();
        for (Attribute a : call.block().body().attributes()) {
          if (!META.contains(a.name())) {
            inputs.put(a.name(), new Binding(a.expr(), call.file(), e.scope(), e.address() + "." + a.name()));
          }
        }
        TfInstance kid = new TfInstance(child, e.address(), in, call, inputs, in.rootDir);
        String key = e.scope().eachKey() != null ? e.scope().eachKey().asString().orElse("*")
            : e.scope().count() != null ? e.scope().count().asString().orElse("*") : "";
        in.children.computeIfAbsent(call.name(), k -> new LinkedHashMap<>()).put(key, kid);
        Set<Path> deeper = new LinkedHashSet<>(stack);
        deeper.add(dir.get());
        build(kid, deeper, depth + 1);
      }
    }
  }

  private void collect(TfInstance in, Val region, List<FunctionDef> out) {
    for (TfModule.Def r : in.module.resources("aws_lambda_function")) {
      for (Expansion.Instance e : Expansion.of(r.block(), r.file(), in.scope(), in.prefix() + r.name())) {
        out.add(LambdaResource.of(r, e, shown, region, iam));
      }
    }
    for (TfModule.Def call : in.module.calls.values()) {
      if (in.children.containsKey(call.name())) {
        continue;
      }
      String source = source(in, call).orElse("");
      boolean datadog = DatadogModule.is(source);
      if (!datadog && !ModuleArguments.makesFunction(call.block().body())) {
        continue;
      }
      for (Expansion.Instance e : Expansion.of(call.block(), call.file(), in.scope(), in.prefix() + "module." + call.name())) {
        out.add(datadog ? DatadogModule.of(call, e, shown, region)
            : ModuleArguments.of(call, e, shown, region, Format.TERRAFORM));
      }
    }
    for (Map<String, TfInstance> kids : in.children.values()) {
      for (TfInstance kid : kids.values()) {
        collect(kid, region, out);
      }
    }
  }

  private static Optional<String> source(TfInstance in, TfModule.Def call) {
    return call.block().body().attribute("source").flatMap(a -> TfInstance.eval(a.expr(), in.scope(), call.file())
        .asString());
  }

  /**
   * The directory a call's source names when it is on disk: a local path, or a module {@code terraform init}
   * recorded in {@code .terraform/modules/modules.json}.
   */
  private Optional<Path> localSource(TfModule m, TfModule.Def call) {
    Optional<String> source = call.block().body().attribute("source").flatMap(a -> a.expr() instanceof Expr.Literal l
        && l.value() instanceof String s ? Optional.of(s) : Optional.empty());
    if (source.isEmpty()) {
      return Optional.empty();
    }
    String s = source.get();
    if (s.startsWith("./") || s.startsWith("../")) {
      return Optional.of(m.dir.resolve(s).normalize());
    }
    return initialised(m.dir, call.name());
  }

  private static Optional<Path> initialised(Path dir, String callName) {
    Path manifest = dir.resolve(".terraform/modules/modules.json");
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    try {
      for (JsonNode mod : JSON.readTree(manifest.toFile()).path("Modules")) {
        if (mod.path("Key").asText().equals(callName) && !mod.path("Dir").asText().isEmpty()) {
          Path d = dir.resolve(mod.path("Dir").asText()).normalize();
          return Files.isDirectory(d) ? Optional.of(d) : Optional.empty();
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ variables of the root

  /** {@code terraform.tfvars}, then {@code *.auto.tfvars} by name, then the -var-files, then the -vars. */
  private Map<String, Binding> rootInputs(Path root) {
    Map<String, Binding> in = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    if (Files.isRegularFile(root.resolve("terraform.tfvars"))) {
      files.add(root.resolve("terraform.tfvars"));
    }
    try (Stream<Path> s = Files.list(root)) {
      s.filter(p -> p.getFileName().toString().endsWith(".auto.tfvars")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new InputException(shown.apply(root), "cannot be read: " + e.getMessage());
    }
    for (Path f : varFiles) {
      if (!Files.isRegularFile(f)) {
        throw new InputException(shown.apply(f), "-var-file: no such file");
      }
      files.add(f.toAbsolutePath().normalize());
    }
    for (Path f : files) {
      ConfigFile parsed = TfModule.parse(f, shown);
      for (Attribute a : parsed.body().attributes()) {
        in.put(a.name(), new Binding(a.expr(), parsed, null, a.name() + " (" + shown.apply(f) + ")"));
      }
    }
    for (Map.Entry<String, String> v : vars.entrySet()) {
      in.put(v.getKey(), variable(v.getKey(), v.getValue()));
    }
    return in;
  }

  /** A {@code -var}: a string as given, or an HCL list or map when it is written as one. */
  private static Binding variable(String name, String value) {
    String v = value.strip();
    String text = v.startsWith("[") || v.startsWith("{") ? v : dev.farol.tracer.Json.quote(value);
    Path where = Path.of("-var " + name);
    try {
      ConfigFile f = Hcl.parse(where, name + " = " + text + "\n");
      Attribute a = f.body().attribute(name).orElseThrow();
      return new Binding(a.expr(), f, null, "-var " + name);
    } catch (HclSyntaxException e) {
      throw new InputException("-var " + name, e.reason());
    }
  }

  /** The region of the root's {@code provider "aws"}, when written. */
  private Val region(TfInstance root) {
    for (TfModule.Def p : root.module.providers) {
      if (p.name().equals("aws") && p.block().body().attribute("alias").isEmpty()) {
        Optional<Attribute> r = p.block().body().attribute("region");
        if (r.isPresent()) {
          Value v = TfInstance.eval(r.get().expr(), root.scope(), p.file());
          Site s = Origins.trace(Origin.of(p.file(), r.get().expr(), "provider.aws.region", root.scope())).site(shown);
          return Settings.val(v, s);
        }
      }
    }
    return Val.absent(Site.ofPath("provider.aws.region"));
  }
}
