package dev.farol.tracer;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tracer's settings, from {@code FAROL_*} variables and the names users already have
 * ({@code DD_*}, {@code OTEL_*}); the first one set wins, in the order each setting lists.
 *
 * <ul>
 *   <li>enabled: {@code FAROL_TRACE_ENABLED}, {@code DD_TRACE_ENABLED} ({@code false} turns tracing off;
 *       {@code OTEL_SDK_DISABLED=true} too)
 *   <li>service: {@code FAROL_SERVICE}, {@code OTEL_SERVICE_NAME}, {@code DD_SERVICE}, the function name
 *   <li>environment and version: {@code FAROL_ENV}/{@code DD_ENV}, {@code FAROL_VERSION}/{@code DD_VERSION}
 *   <li>resource attributes: {@code OTEL_RESOURCE_ATTRIBUTES} ({@code k=v,k=v})
 *   <li>where spans go: {@code FAROL_TRACER_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (the full
 *       URL), {@code OTEL_EXPORTER_OTLP_ENDPOINT} (+ {@code /v1/traces}); default the extension on
 *       {@code http://127.0.0.1:4318}
 *   <li>log correlation: {@code FAROL_LOGS_INJECTION}, {@code DD_LOGS_INJECTION} (on unless {@code false})
 *   <li>X-Ray sampling: {@code FAROL_XRAY_SAMPLING=honor} makes an X-Ray {@code Sampled=0} drop the trace
 *       (by default it is ignored, see {@link Sampler})
 *   <li>{@code FAROL_TRACER_EXPORT}: {@code handoff} (default: the end-of-invocation export does not wait for
 *       the answer; the extension waits for it) or {@code sync}
 *   <li>{@code FAROL_LOG_LEVEL=debug}: the tracer says what it does
 * </ul>
 */
public final class Config {
  final boolean enabled;
  final String service;
  final String environment;
  final String version;
  final String tracesUrl;
  final Map<String, String> resourceAttributes;
  final boolean logsInjection;
  final boolean honorXraySampling;
  final boolean debug;
  final int connectTimeoutMs;
  final int readTimeoutMs;
  final int statsdPort;
  final boolean handOff;

  private Config(Map<String, String> env) {
    String enabledValue = first(env, "FAROL_TRACE_ENABLED", "DD_TRACE_ENABLED");
    this.enabled = !"false".equalsIgnoreCase(trim(enabledValue))
        && !"true".equalsIgnoreCase(trim(env.get("OTEL_SDK_DISABLED")));
    String function = env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "unknown-function");
    this.service = orDefault(first(env, "FAROL_SERVICE", "OTEL_SERVICE_NAME", "DD_SERVICE"), function);
    this.environment = first(env, "FAROL_ENV", "DD_ENV");
    this.version = first(env, "FAROL_VERSION", "DD_VERSION");
    String traces = first(env, "FAROL_TRACER_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (traces == null) {
      String base = orDefault(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"), "http://127.0.0.1:4318");
      traces = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/traces";
    }
    this.tracesUrl = traces;
    Map<String, String> attrs = new LinkedHashMap<>();
    String otel = env.get("OTEL_RESOURCE_ATTRIBUTES");
    if (otel != null) {
      for (String pair : otel.split(",")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          attrs.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
    }
    this.resourceAttributes = attrs;
    this.logsInjection = !"false".equalsIgnoreCase(trim(first(env, "FAROL_LOGS_INJECTION", "DD_LOGS_INJECTION")));
    this.honorXraySampling = "honor".equalsIgnoreCase(trim(env.get("FAROL_XRAY_SAMPLING")));
    this.debug = "debug".equalsIgnoreCase(trim(env.get("FAROL_LOG_LEVEL")));
    this.connectTimeoutMs = intValue(env.get("FAROL_TRACER_CONNECT_TIMEOUT_MS"), 100);
    this.readTimeoutMs = intValue(env.get("FAROL_TRACER_TIMEOUT_MS"), 2_000);
    this.statsdPort = intValue(env.get("DD_DOGSTATSD_PORT"), 8125);
    this.handOff = !"sync".equalsIgnoreCase(trim(env.get("FAROL_TRACER_EXPORT")));
  }

  public static Config fromEnvironment() {
    return new Config(System.getenv());
  }

  public static Config from(Map<String, String> env) {
    return new Config(env);
  }

  public boolean enabled() {
    return enabled;
  }

  public String service() {
    return service;
  }

  public String tracesUrl() {
    return tracesUrl;
  }

  public boolean logsInjection() {
    return logsInjection;
  }

  public boolean debug() {
    return debug;
  }

  private static String first(Map<String, String> env, String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  private static String trim(String s) {
    return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
  }

  private static String orDefault(String v, String dflt) {
    return v == null || v.isBlank() ? dflt : v;
  }

  private static int intValue(String v, int dflt) {
    try {
      return v == null ? dflt : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
