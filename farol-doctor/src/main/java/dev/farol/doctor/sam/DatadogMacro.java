package dev.farol.doctor.sam;

import dev.farol.doctor.datadog.DatadogRewrite;
import dev.farol.doctor.doc.DocSites;
import dev.farol.doctor.doc.Node;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Datadog's CloudFormation macro ({@code Transform: {Name: DatadogServerless, Parameters: {…}}}) as it
 * rewrites each function at deploy time: the tracer layer of the runtime (its {@code <runtime>LayerVersion}
 * parameter), the extension ({@code extensionLayerVersion}), the handler redirect, and the variables it sets
 * when the function does not ({@code DD_MERGE_XRAY_TRACES} whatever the function says).
 */
final class DatadogMacro {
  private static final Map<String, String> VERSION_PARAMETERS = Map.of("python", "pythonLayerVersion",
      "nodejs", "nodeLayerVersion", "java", "javaLayerVersion", "dotnet", "dotnetLayerVersion",
      "ruby", "rubyLayerVersion");

  private final DatadogRewrite rewrite;
  private final Set<String> excluded;

  private DatadogMacro(DatadogRewrite rewrite, Set<String> excluded) {
    this.rewrite = rewrite;
    this.excluded = excluded;
  }

  static Optional<DatadogMacro> find(Node.MapNode root, DocSites sites, CfnEvaluator eval) {
    Optional<Node> transform = root.get("Transform");
    if (transform.isEmpty()) {
      return Optional.empty();
    }
    List<Node> items = transform.get() instanceof Node.Seq s ? s.items() : List.of(transform.get());
    for (Node item : items) {
      if (item instanceof Node.MapNode m && m.get("Name").map(CfnEvaluator::scalar).filter("DatadogServerless"::equals)
          .isPresent()) {
        return Optional.of(of(m, SamReader.map(m.get("Parameters")), sites, eval));
      }
    }
    return Optional.empty();
  }

  private static DatadogMacro of(Node.MapNode entry, Node.MapNode params, DocSites sites, CfnEvaluator eval) {
    Site site = sites.of(entry, "Transform.DatadogServerless");
    Map<String, Val> p = new LinkedHashMap<>();
    for (Node.Entry e : params.entries()) {
      CfnValue v = eval.eval(e.value());
      Site s = sites.of(e.value(), "Transform.DatadogServerless.Parameters." + e.key().value());
      p.put(e.key().value(), v instanceof CfnValue.Known k ? Val.known(k.value(), s)
          : Val.symbolic(CfnEvaluator.describe(e.value()), s));
    }
    boolean addLayers = !is(p, "addLayers", "false");
    Map<String, Val> versions = new LinkedHashMap<>();
    if (addLayers) {
      VERSION_PARAMETERS.forEach((family, name) -> {
        if (p.containsKey(name)) {
          versions.put(family, p.get(name));
        }
      });
    }
    Val extension = p.get("extensionLayerVersion");
    boolean withExtension = extension != null;
    boolean tracing = !is(p, "enableDDTracing", "false");
    boolean xray = is(p, "enableXrayTracing", "true");
    Map<String, Val> defaults = new LinkedHashMap<>();
    copy(p, "apiKey", "DD_API_KEY", defaults);
    copy(p, "apiKeySecretArn", "DD_API_KEY_SECRET_ARN", defaults);
    copy(p, "apiKeySsmArn", "DD_API_KEY_SSM_ARN", defaults);
    copy(p, "apiKMSKey", "DD_KMS_API_KEY", defaults);
    defaults.put("DD_SITE", p.getOrDefault("site", Val.known("datadoghq.com", site)));
    defaults.put("DD_TRACE_ENABLED", Val.known(Boolean.toString(tracing), p.getOrDefault("enableDDTracing", Val.known("", site)).site()));
    defaults.put("DD_SERVERLESS_LOGS_ENABLED", Val.known(Boolean.toString(!is(p, "enableDDLogs", "false")), site));
    defaults.put("DD_FLUSH_TO_LOG", Val.known(withExtension ? "false" : Boolean.toString(!is(p, "flushMetricsToLogs",
        "false")), site));
    copy(p, "service", "DD_SERVICE", defaults);
    copy(p, "env", "DD_ENV", defaults);
    Map<String, Val> forced = Map.of("DD_MERGE_XRAY_TRACES", Val.known(Boolean.toString(xray && tracing),
        p.containsKey("enableXrayTracing") ? p.get("enableXrayTracing").site() : site));
    DatadogRewrite rewrite = new DatadogRewrite("Datadog's CloudFormation macro (DatadogServerless)", site,
        "${AWS::Region}", versions, extension, true, defaults, forced, false, xray);
    Set<String> excluded = new java.util.HashSet<>();
    Val ex = p.get("exclude");
    if (ex != null && ex.present()) {
      for (String s : ex.text().replaceAll("[\\[\\]]", "").split(",")) {
        excluded.add(s.trim());
      }
    }
    return new DatadogMacro(rewrite, excluded);
  }

  FunctionDef apply(FunctionDef fn) {
    String id = fn.site().path().replace("Resources.", "").replace(".Properties", "");
    return excluded.contains(fn.name()) || excluded.contains(id) ? fn : rewrite.apply(fn);
  }

  private static boolean is(Map<String, Val> p, String key, String value) {
    return p.containsKey(key) && p.get(key).is(value);
  }

  private static void copy(Map<String, Val> p, String key, String variable, Map<String, Val> into) {
    if (p.containsKey(key)) {
      into.put(variable, p.get(key));
    }
  }
}
