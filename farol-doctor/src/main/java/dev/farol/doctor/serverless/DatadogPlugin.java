package dev.farol.doctor.serverless;

import dev.farol.doctor.datadog.DatadogRewrite;
import dev.farol.doctor.doc.DocSites;
import dev.farol.doctor.doc.Node;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Site;
import dev.farol.doctor.model.Val;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * {@code serverless-plugin-datadog} as it rewrites each function at deploy time, from its
 * {@code custom.datadog} settings and their defaults: tracer and extension layers of the plugin's own
 * pinned versions ({@code addLayers}, {@code addExtension}), the handler redirect ({@code redirectHandlers}),
 * the key and site variables, and {@code DD_LOGS_INJECTION=false} forced with the extension.
 */
final class DatadogPlugin {
  private static final String PINNED = "serverless-plugin-datadog's pinned version";

  private final DatadogRewrite rewrite;
  private final Set<String> excluded;

  private DatadogPlugin(DatadogRewrite rewrite, Set<String> excluded) {
    this.rewrite = rewrite;
    this.excluded = excluded;
  }

  static Optional<DatadogPlugin> find(Node.MapNode root, ServerlessVars vars, DocSites sites,
      BiFunction<Node, String, Val> val) {
    Optional<Node> plugins = root.get("plugins");
    List<Node> names = plugins.map(p -> p instanceof Node.Seq s ? s.items()
        : p instanceof Node.MapNode m && m.get("modules").orElse(null) instanceof Node.Seq s2 ? s2.items()
        : List.<Node>of()).orElse(List.of());
    Optional<Node> entry = names.stream().filter(n -> n instanceof Node.Scalar s
        && s.value().trim().equals("serverless-plugin-datadog")).findFirst();
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Node.MapNode custom = ServerlessReader.map(vars.lookup("custom.datadog"));
    Site site = custom.entries().isEmpty() ? sites.of(entry.get(), "plugins") : sites.of(custom, "custom.datadog");
    Map<String, Val> c = new LinkedHashMap<>();
    for (Node.Entry e : custom.entries()) {
      c.put(e.key().value(), val.apply(e.value(), "custom.datadog." + e.key().value()));
    }
    if (is(c, "enabled", "false")) {
      return Optional.empty();
    }
    boolean addLayers = !is(c, "addLayers", "false");
    boolean addExtension = !is(c, "addExtension", "false");
    Map<String, Val> versions = new LinkedHashMap<>();
    if (addLayers) {
      for (String family : List.of("python", "nodejs", "java", "dotnet", "ruby")) {
        versions.put(family, Val.symbolic(PINNED, site));
      }
    }
    boolean tracing = !is(c, "enableDDTracing", "false");
    Map<String, Val> defaults = new LinkedHashMap<>();
    copy(c, "apiKey", "DD_API_KEY", defaults);
    copy(c, "apiKeySecretArn", "DD_API_KEY_SECRET_ARN", defaults);
    copy(c, "apiKeySsmArn", "DD_API_KEY_SSM_ARN", defaults);
    copy(c, "apiKMSKey", "DD_KMS_API_KEY", defaults);
    defaults.put("DD_SITE", c.getOrDefault("site", Val.known("datadoghq.com", site)));
    defaults.put("DD_TRACE_ENABLED", Val.known(Boolean.toString(tracing), site));
    defaults.put("DD_SERVERLESS_LOGS_ENABLED", Val.known(Boolean.toString(!is(c, "enableDDLogs", "false")), site));
    if (!addExtension) {
      defaults.put("DD_FLUSH_TO_LOG", Val.known(Boolean.toString(!is(c, "flushMetricsToLogs", "false")), site));
    }
    Map<String, Val> forced = new LinkedHashMap<>();
    if (addExtension) {
      forced.put("DD_LOGS_INJECTION", Val.known("false", site));
    }
    if (is(c, "enableXrayTracing", "true")) {
      forced.put("DD_MERGE_XRAY_TRACES", Val.known(Boolean.toString(tracing), site));
    }
    Val region = vars.lookup("provider.region").map(n -> val.apply(n, "provider.region")).orElse(null);
    DatadogRewrite rewrite = new DatadogRewrite("serverless-plugin-datadog", site, region != null && region.known()
        ? region.value() : "${aws:region}", versions, addExtension ? Val.symbolic(PINNED, site) : null,
        !is(c, "redirectHandlers", "false"), defaults, forced, false, is(c, "enableXrayTracing", "true"));
    Set<String> excluded = new HashSet<>();
    vars.lookup("custom.datadog.exclude").filter(Node.Seq.class::isInstance)
        .ifPresent(s -> ((Node.Seq) s).items().forEach(i -> excluded.add(i instanceof Node.Scalar sc ? sc.value() : "")));
    return Optional.of(new DatadogPlugin(rewrite, excluded));
  }

  FunctionDef apply(FunctionDef fn, String key) {
    return excluded.contains(key) ? fn : rewrite.apply(fn);
  }

  private static boolean is(Map<String, Val> c, String key, String value) {
    return c.containsKey(key) && c.get(key).is(value);
  }

  private static void copy(Map<String, Val> c, String key, String variable, Map<String, Val> into) {
    if (c.containsKey(key)) {
      into.put(variable, c.get(key));
    }
  }
}
