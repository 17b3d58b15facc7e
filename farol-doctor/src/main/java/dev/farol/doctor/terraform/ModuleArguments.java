package dev.farol.doctor.terraform;

import dev.farol.doctor.hcl.Attribute;
import dev.farol.doctor.hcl.Body;
import dev.farol.doctor.hcl.Expr;
import dev.farol.doctor.model.Env;
import dev.farol.doctor.model.Format;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Layers;
import dev.farol.doctor.model.Policies;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A call of a module whose source is not in the files (a registry or git module): the function it makes,
 * read from the arguments it is passed under the names such modules use ({@code handler} or
 * {@code lambda_handler}, {@code environment_variables} or {@code env_vars}, {@code layers}, …).
 */
final class ModuleArguments {
  static final List<String> HANDLER = List.of("handler", "lambda_handler", "function_handler", "handler_name");
  static final List<String> RUNTIME = List.of("runtime", "lambda_runtime");
  static final List<String> ENV = List.of("environment_variables", "env_vars", "environment", "env", "variables",
      "lambda_environment_variables", "environment_vars");
  static final List<String> LAYERS = List.of("layers", "lambda_layers", "layer_arns");
  static final List<String> MEMORY = List.of("memory_size", "memory", "lambda_memory_size");
  static final List<String> TIMEOUT = List.of("timeout", "lambda_timeout");
  static final List<String> NAME = List.of("function_name", "lambda_function_name", "lambda_name", "name");
  static final List<String> ARCH = List.of("architectures", "architecture");
  static final List<String> TRACING = List.of("tracing_mode", "tracing_config_mode", "tracing");

  private ModuleArguments() {}

  /** Whether the call passes a handler: the mark of a module that makes a function. */
  static boolean makesFunction(Body body) {
    return HANDLER.stream().anyMatch(n -> body.attribute(n).isPresent());
  }

  static FunctionDef of(TfModule.Def call, Expansion.Instance inst, Function<Path, String> shown, Val region,
      Format format) {
    Body body = call.block().body();
    Settings s = new Settings(shown, inst.scope(), call.file());
    String address = inst.address();
    Site site = new Site(call.file().file(), shown.apply(call.file().file()), call.block().range().startLine(),
        call.block().range().startColumn(), call.block().range().endLine(), call.block().range().endColumn(), address,
        Site.Kind.MAP);
    Val name = scalar(s, body, NAME, call, address, shown);
    Val arch = first(s, body, ARCH, call, address, shown);
    Env env = arg(body, ENV).map(a -> s.env(a.expr(), address + "." + a.name(), insert(call, address, ENV.get(0), shown)))
        .orElse(Env.none(insert(call, address, ENV.get(0), shown)));
    Layers layers = arg(body, LAYERS).map(a -> s.layers(a.expr(), address + "." + a.name(),
        insert(call, address, "layers", shown))).orElse(Layers.none(insert(call, address, "layers", shown)));
    return new FunctionDef(name.known() ? name.value() : address, format, site,
        scalar(s, body, HANDLER, call, address, shown), scalar(s, body, RUNTIME, call, address, shown), arch,
        scalar(s, body, MEMORY, call, address, shown), scalar(s, body, TIMEOUT, call, address, shown),
        scalar(s, body, TRACING, call, address, shown), scalar(s, body, List.of("package_type"), call, address, shown),
        env, layers, null, Policies.unknown(), List.of(), region);
  }

  static Optional<Attribute> arg(Body body, List<String> names) {
    for (String n : names) {
      Optional<Attribute> a = body.attribute(n);
      if (a.isPresent()) {
        return a;
      }
    }
    return Optional.empty();
  }

  private static Val scalar(Settings s, Body body, List<String> names, TfModule.Def call, String address,
      Function<Path, String> shown) {
    Optional<Attribute> a = arg(body, names);
    return s.scalar(a.map(Attribute::expr).orElse(null), address + "." + a.map(Attribute::name).orElse(names.get(0)),
        insert(call, address, names.get(0), shown));
  }

  private static Val first(Settings s, Body body, List<String> names, TfModule.Def call, String address,
      Function<Path, String> shown) {
    Optional<Attribute> a = arg(body, names);
    Expr e = a.map(Attribute::expr).orElse(null);
    return a.isPresent() && a.get().name().equals("architecture")
        ? s.scalar(e, address + ".architecture", insert(call, address, names.get(0), shown))
        : s.first(e, address + "." + names.get(0), insert(call, address, names.get(0), shown));
  }

  static Site insert(TfModule.Def call, String address, String key, Function<Path, String> shown) {
    return Origin.insertInto(call.block(), call.file(), address + "#" + key, shown);
  }
}
