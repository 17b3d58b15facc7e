package dev.farol.doctor.terraform;

import dev.farol.doctor.datadog.DatadogRewrite;
import dev.farol.doctor.hcl.Attribute;
import dev.farol.doctor.hcl.Body;
import dev.farol.doctor.model.Format;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Datadog's Terraform module ({@code DataDog/lambda-datadog/aws}), which wraps one
 * {@code aws_lambda_function}: it points Python and Node.js handlers at Datadog's wrapper with the original
 * in {@code DD_LAMBDA_HANDLER}, sets {@code AWS_LAMBDA_EXEC_WRAPPER=/opt/datadog_wrapper} for Java and .NET,
 * appends the tracer and extension layers of its {@code datadog_*_layer_version} inputs (defaults of
 * module 4.6.0 otherwise), and sets Datadog's variables under the user's ({@code environment_variables}
 * win).
 */
final class DatadogModule {
  static final Pattern SOURCE = Pattern.compile("(?i)(registry\\.terraform\\.io/)?datadog/lambda-datadog/aws(//.*)?");
  /** The module's own defaults (version 4.6.0). */
  private static final Map<String, String> DEFAULT_VERSIONS = Map.of("extension", "96", "python", "124", "nodejs",
      "137", "java", "26", "dotnet", "23", "ruby", "27");
  private static final Map<String, String> INPUTS = Map.of("python", "datadog_python_layer_version", "nodejs",
      "datadog_node_layer_version", "java", "datadog_java_layer_version", "dotnet", "datadog_dotnet_layer_version",
      "ruby", "datadog_ruby_layer_version");

  private DatadogModule() {}

  static boolean is(String source) {
    return SOURCE.matcher(source.trim()).matches();
  }

  static FunctionDef of(TfModule.Def call, Expansion.Instance inst, Function<Path, String> shown, Val region) {
    FunctionDef fn = ModuleArguments.of(call, inst, shown, region, Format.TERRAFORM);
    Body body = call.block().body();
    Settings s = new Settings(shown, inst.scope(), call.file());
    Site site = fn.site();
    Map<String, Val> versions = new LinkedHashMap<>();
    INPUTS.forEach((family, input) -> versions.put(family, version(s, body, input, inst.address(), site,
        DEFAULT_VERSIONS.get(family))));
    Val extension = version(s, body, "datadog_extension_layer_version", inst.address(), site,
        DEFAULT_VERSIONS.get("extension"));
    Map<String, Val> defaults = new LinkedHashMap<>();
    defaults.put("DD_CAPTURE_LAMBDA_PAYLOAD", Val.known("false", site));
    defaults.put("DD_LOGS_INJECTION", Val.known("false", site));
    defaults.put("DD_MERGE_XRAY_TRACES", Val.known("false", site));
    defaults.put("DD_SERVERLESS_LOGS_ENABLED", Val.known("true", site));
    defaults.put("DD_SITE", Val.known("datadoghq.com", site));
    defaults.put("DD_TRACE_ENABLED", Val.known("true", site));
    if (fn.name() != null) {
      defaults.put("DD_SERVICE", Val.known(fn.name(), site));
    }
    Val fips = s.scalar(body.attribute("fips").map(Attribute::expr).orElse(null), inst.address() + ".fips", site);
    DatadogRewrite rewrite = new DatadogRewrite("Datadog's Terraform module (DataDog/lambda-datadog/aws)", site,
        "${data.aws_region.current.region}", versions, extension, true, defaults, Map.of(), fips.is("true"), false);
    // the module merges the user's variables last, so a DD_LAMBDA_HANDLER of their own wins over its own
    Optional<Val> own = Optional.ofNullable(fn.env().vars().get("DD_LAMBDA_HANDLER"));
    FunctionDef out = rewrite.apply(fn);
    return own.map(v -> out.withEnv(out.env().with("DD_LAMBDA_HANDLER", v))).orElse(out);
  }

  private static Val version(Settings s, Body body, String input, String address, Site site, String fallback) {
    Optional<Attribute> a = body.attribute(input);
    return a.isPresent() ? s.scalar(a.get().expr(), address + "." + input, site) : Val.known(fallback, site);
  }
}
