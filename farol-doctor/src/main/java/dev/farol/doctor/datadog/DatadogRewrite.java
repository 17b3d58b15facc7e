package dev.farol.doctor.datadog;

import dev.farol.doctor.layers.DatadogLayers;
import dev.farol.doctor.model.Env;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Instrumentation;
import dev.farol.doctor.model.Runtime;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Datadog's deploy-time tools (the Terraform module, the CloudFormation macro, serverless-plugin-datadog)
 * do to a function, so the checks see what gets deployed: the Python and Node.js handlers point at
 * Datadog's wrapper with the original in {@code DD_LAMBDA_HANDLER}; Java and .NET get
 * {@code AWS_LAMBDA_EXEC_WRAPPER=/opt/datadog_wrapper}; the tracer layer for the runtime and the extension
 * layer are appended; environment variables are set. Each tool differs in which values win; the
 * settings say how.
 *
 * @param by the tool, as users know it
 * @param site where the tool is configured
 * @param region how the layers' ARNs name the region (an expression: the tools take the deploy's region)
 * @param tracerVersions the tracer layer version per runtime family, where the tool is given one
 * @param extensionVersion the extension layer's version, or {@code null} for no extension
 * @param defaults variables set unless the function sets them
 * @param forced variables set whatever the function says
 * @param fips the extension's FIPS build
 * @param activeTracing the tool turns X-Ray active tracing on ({@code enableXrayTracing})
 */
public record DatadogRewrite(String by, Site site, String region, Map<String, Val> tracerVersions,
    Val extensionVersion, boolean redirectHandlers, Map<String, Val> defaults, Map<String, Val> forced,
    boolean fips, boolean activeTracing) {

  public FunctionDef apply(FunctionDef fn) {
    Optional<Runtime> runtime = fn.runtime().known() ? Runtime.parse(fn.runtime().value()) : Optional.empty();
    String family = runtime.map(Runtime::family).orElse(null);
    boolean arm = "arm64".equals(fn.effectiveArchitecture());
    Env env = fn.env();
    Map<String, Val> set = new LinkedHashMap<>();
    if (redirectHandlers && ("python".equals(family) || "nodejs".equals(family)) && fn.handler().present()) {
      String wrapper = "python".equals(family) ? "datadog_lambda.handler.handler"
          : "/opt/nodejs/node_modules/datadog-lambda-js/handler.handler";
      set.put("DD_LAMBDA_HANDLER", fn.handler());
      fn = fn.withHandler(Val.known(wrapper, site));
    } else if (("ruby".equals(family)) && fn.handler().present()) {
      set.put("DD_LAMBDA_HANDLER", fn.handler());
    }
    Map<String, Val> defs = new LinkedHashMap<>(defaults);
    if (extensionVersion != null && ("java".equals(family) || "dotnet".equals(family))) {
      defs.putIfAbsent("AWS_LAMBDA_EXEC_WRAPPER", Val.known("/opt/datadog_wrapper", site));
    }
    for (Map.Entry<String, Val> d : defs.entrySet()) {
      if (!env.has(d.getKey())) {
        env = env.with(d.getKey(), d.getValue());
      }
    }
    for (Map.Entry<String, Val> e : set.entrySet()) {
      env = env.with(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Val> f : forced.entrySet()) {
      env = env.with(f.getKey(), f.getValue());
    }
    List<Val> layers = new ArrayList<>();
    Val tracerVersion = family == null ? null : tracerVersions.get(family);
    String tracer = runtime.map(r -> DatadogLayers.tracer(r.family(), r.version(), arm)).orElse(null);
    if (tracer != null && tracerVersion != null) {
      layers.add(layer(tracer, tracerVersion));
    }
    if (extensionVersion != null) {
      layers.add(layer(DatadogLayers.extension(arm, fips), extensionVersion));
    }
    if (activeTracing) {
      fn = fn.withTracing(Val.known("Active", site));
    }
    return fn.withEnv(env).withLayers(fn.layers().plus(layers)).instrumentedBy(new Instrumentation(by, site));
  }

  private Val layer(String name, Val version) {
    String arn = DatadogLayers.arn(region, name, version.known() ? version.value() : "${" + version.text() + "}");
    return Val.symbolic(arn, version.site() != null ? version.site() : site);
  }
}
