package dev.farol.doctor.layers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the layers of Datadog, OpenTelemetry, ADOT, AWS Application Signals, Lambda Insights and
 * Farol from an ARN ({@code arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Python312:104}), from a
 * Farol built-in name ({@code farol:tracer}), or from the files of a layer directory on disk. The names,
 * accounts and files come from the vendors' published layers; {@code docs/doctor.md} lists them.
 */
public final class LayerCatalog {
  private static final Pattern ARN = Pattern.compile(
      "arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\\d{12}):layer:([A-Za-z0-9_-]+)(?::(\\d+))?");
  private static final String EXPR = "\\$\\{[^}]*}";
  private static final Pattern WRITTEN_ARN = Pattern.compile("arn:(?:aws[a-z-]*|" + EXPR + "):lambda:(?:[a-z0-9-]+|"
      + EXPR + "):(?:\\d{12}|" + EXPR + "):layer:([A-Za-z0-9_-]+)(?::(?:\\d+|" + EXPR + "))?");
  private static final Pattern DD_PYTHON = Pattern.compile("Datadog-Python(\\d)(\\d+)(-ARM)?");
  private static final Pattern DD_NODE = Pattern.compile("Datadog-Node(\\d+)-x");
  private static final Pattern DD_RUBY = Pattern.compile("Datadog-Ruby(\\d)-(\\d)(-ARM)?");
  private static final Pattern DD_EXTENSION = Pattern.compile("Datadog-Extension(-ARM)?(-FIPS)?");
  private static final Pattern DD_DOTNET = Pattern.compile("dd-trace-dotnet(-ARM)?");
  private static final Pattern OTEL = Pattern.compile(
      "opentelemetry-(collector|nodejs|python|javaagent|javawrapper|ruby|dotnet)(?:-(amd64|arm64))?(?:-[0-9_]+)?");
  private static final Pattern ADOT = Pattern.compile(
      "aws-otel-(collector|nodejs|python|java-agent|java-wrapper|dotnet|ruby)(?:\\d+)?(?:-(amd64|arm64))?-ver-[0-9-]+");
  private static final Pattern APPSIGNALS = Pattern.compile("AWSOpenTelemetryDistro(Python|Js|Java|DotNet)");
  private static final Pattern INSIGHTS = Pattern.compile("LambdaInsightsExtension(-Arm64)?");
  private static final Pattern FAROL = Pattern.compile(
      "(?i)farol[-:](tracer|tracer-java|tracer-python|extension|extension-datadog)(-arm64|-ARM)?");

  /** The wrapper scripts of OpenTelemetry's and ADOT's Java wrapper layers. */
  static final List<String> OTEL_JAVA_WRAPPERS = List.of("otel-handler", "otel-sqs-handler", "otel-stream-handler",
      "otel-proxy-handler");

  private LayerCatalog() {}

  /** The layer a reference names, when it is one the doctor knows. */
  public static Optional<Layer> identify(String ref) {
    String r = ref.trim();
    Matcher arn = ARN.matcher(r);
    if (arn.matches()) {
      return byName(r, arn.group(4), arn.group(2));
    }
    if (r.toLowerCase(Locale.ROOT).startsWith("farol:")) {
      return byName(r, r, null);
    }
    return Optional.empty();
  }

  /**
   * The layer a reference names whose region, account or version is an expression that cannot be known
   * ({@code arn:aws:lambda:${data.aws_region.current.region}:464622532012:layer:Datadog-Python312:124},
   * {@code !Sub arn:aws:lambda:${AWS::Region}:…}): told by its name, which is written out. Its region is
   * then {@code null}.
   */
  public static Optional<Layer> identifyWritten(String expression) {
    String e = expression.trim();
    if (e.startsWith("\"") && e.endsWith("\"") && e.length() > 1) {
      e = e.substring(1, e.length() - 1);
    }
    Matcher m = WRITTEN_ARN.matcher(e);
    return m.matches() ? byName(expression, m.group(1), null) : Optional.empty();
  }

  /**
   * The same layer built for {@code arch} ({@code x86_64} or {@code arm64}), as {@code ref} with its name
   * changed: Datadog's {@code -ARM} (before {@code -FIPS}), OpenTelemetry's and ADOT's {@code amd64}/{@code arm64},
   * Lambda Insights' {@code -Arm64}; empty when the vendor has no such build.
   */
  public static Optional<String> forArchitecture(Layer layer, String ref, String arch) {
    boolean arm = "arm64".equals(arch);
    String name = layer.name();
    String renamed;
    Matcher m;
    if ((m = DD_EXTENSION.matcher(name)).matches()) {
      renamed = "Datadog-Extension" + (arm ? "-ARM" : "") + (m.group(2) != null ? "-FIPS" : "");
    } else if (DD_PYTHON.matcher(name).matches() || DD_RUBY.matcher(name).matches() || DD_DOTNET.matcher(name).matches()) {
      renamed = name.replaceFirst("-ARM$", "") + (arm ? "-ARM" : "");
    } else if (OTEL.matcher(name).matches() || ADOT.matcher(name).matches()) {
      renamed = arm ? name.replace("-amd64", "-arm64") : name.replace("-arm64", "-amd64");
    } else if (INSIGHTS.matcher(name).matches()) {
      renamed = "LambdaInsightsExtension" + (arm ? "-Arm64" : "");
    } else {
      return Optional.empty();
    }
    if (renamed.equals(name) || !ref.contains(":layer:" + name)) {
      return Optional.empty();
    }
    return Optional.of(ref.replace(":layer:" + name, ":layer:" + renamed));
  }

  /** The region of a layer ARN, or {@code null}. */
  public static String region(String ref) {
    Matcher arn = ARN.matcher(ref.trim());
    return arn.matches() ? arn.group(2) : null;
  }

  /** The account of a layer ARN, or {@code null}. */
  public static String account(String ref) {
    Matcher arn = ARN.matcher(ref.trim());
    return arn.matches() ? arn.group(3) : null;
  }

  /** The version of a layer ARN, or {@code null}. */
  public static String version(String ref) {
    Matcher arn = ARN.matcher(ref.trim());
    return arn.matches() ? arn.group(5) : null;
  }

  /** Whether {@code ref} looks like a layer ARN at all. */
  public static boolean isArn(String ref) {
    return ARN.matcher(ref.trim()).matches();
  }

  static Optional<Layer> byName(String ref, String name, String region) {
    Matcher m;
    if ((m = DD_EXTENSION.matcher(name)).matches()) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.EXTENSION, null, null, arch(m.group(1) != null),
          Set.of("extensions/datadog-agent", "datadog_wrapper"), region));
    }
    if ((m = DD_PYTHON.matcher(name)).matches()) {
      String v = m.group(1) + "." + m.group(2);
      String site = "python/lib/python" + v + "/site-packages/";
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.TRACER, "python", v, arch(m.group(3) != null),
          Set.of(site + "datadog_lambda/handler.py", site + "ddtrace/__init__.py"), region));
    }
    if ((m = DD_NODE.matcher(name)).matches()) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.TRACER, "nodejs", m.group(1), null,
          Set.of("nodejs/node_modules/datadog-lambda-js/handler.js", "nodejs/node_modules/dd-trace/index.js"),
          region));
    }
    if (name.equals("dd-trace-java")) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.TRACER, "java", null, null,
          Set.of("java/lib/dd-java-agent.jar"), region));
    }
    if ((m = DD_DOTNET.matcher(name)).matches()) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.TRACER, "dotnet", null, arch(m.group(1) != null),
          Set.of("datadog/Datadog.Trace.dll"), region));
    }
    if ((m = DD_RUBY.matcher(name)).matches()) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.TRACER, "ruby", m.group(1) + "." + m.group(2),
          arch(m.group(3) != null), Set.of("ruby/gems/datadog-lambda"), region));
    }
    if ((m = OTEL.matcher(name)).matches()) {
      return Optional.of(openTelemetry(ref, name, Vendor.OPENTELEMETRY, m.group(1), m.group(2), region));
    }
    if ((m = ADOT.matcher(name)).matches()) {
      // layers named without an architecture are the early x86_64-only ones
      return Optional.of(openTelemetry(ref, name, Vendor.ADOT, m.group(1).replace("-", ""),
          m.group(2) != null ? m.group(2) : "amd64", region));
    }
    if ((m = APPSIGNALS.matcher(name)).matches()) {
      String family = switch (m.group(1)) {
        case "Python" -> "python";
        case "Js" -> "nodejs";
        case "Java" -> "java";
        default -> "dotnet";
      };
      return Optional.of(new Layer(ref, name, Vendor.APPLICATION_SIGNALS, Role.TRACER, family, null, null,
          family.equals("java") ? Set.of("otel-instrument", "aws-opentelemetry-javaagent.jar")
              : family.equals("nodejs") ? Set.of("otel-instrument", "wrapper.js", "wrapper.mjs")
              : Set.of("otel-instrument"), region));
    }
    if ((m = INSIGHTS.matcher(name)).matches()) {
      return Optional.of(new Layer(ref, name, Vendor.LAMBDA_INSIGHTS, Role.OTHER_EXTENSION, null, null,
          arch(m.group(1) != null), Set.of("extensions/cloudwatch_lambda_agent"), region));
    }
    if ((m = FAROL.matcher(name)).matches()) {
      String kind = m.group(1).toLowerCase(Locale.ROOT);
      String arch = m.group(2) != null ? "arm64" : null;
      return Optional.of(switch (kind) {
        case "tracer", "tracer-java" -> new Layer(ref, name, Vendor.FAROL, Role.TRACER, "java", null, null,
            Set.of("java/lib/farol-lambda.jar"), region);
        case "tracer-python" -> new Layer(ref, name, Vendor.FAROL, Role.TRACER, "python", null, null,
            Set.of("python/farol_lambda/handler.py"), region);
        case "extension-datadog" -> new Layer(ref, name, Vendor.FAROL, Role.EXTENSION, null, null, arch,
            Set.of("extensions/datadog-agent", "farol-wrapper"), region);
        default -> new Layer(ref, name, Vendor.FAROL, Role.EXTENSION, null, null, arch,
            Set.of("extensions/farol-extension", "farol-wrapper"), region);
      });
    }
    return Optional.empty();
  }

  private static Layer openTelemetry(String ref, String name, Vendor vendor, String kind, String arch,
      String region) {
    String a = arch == null ? null : arch.equals("arm64") ? "arm64" : "x86_64";
    Role tracerRole = vendor == Vendor.ADOT ? Role.TRACER_AND_COLLECTOR : Role.TRACER;
    Set<String> collector = vendor == Vendor.ADOT ? Set.of("extensions/collector") : Set.of();
    switch (kind) {
      case "collector":
        return new Layer(ref, name, vendor, Role.EXTENSION, null, null, a,
            Set.of("extensions/collector", "collector-config/config.yaml"), region);
      case "nodejs":
        return new Layer(ref, name, vendor, tracerRole, "nodejs", null, a, vendor == Vendor.ADOT
            ? union(collector, "otel-handler", "adot-extension.js")
            : union(collector, "otel-handler", "init.mjs", "wrapper.js", "loader.mjs"), region);
      case "python":
        return new Layer(ref, name, vendor, tracerRole, "python", null, a, vendor == Vendor.ADOT
            ? union(collector, "otel-instrument") : union(collector, "otel-instrument", "otel-handler"), region);
      case "javaagent":
        return new Layer(ref, name, vendor, tracerRole, "java", null, a,
            union(collector, "otel-handler", "opentelemetry-javaagent.jar"), region);
      case "javawrapper":
        return new Layer(ref, name, vendor, tracerRole, "java", null, a, vendor == Vendor.ADOT
            ? union(collector, "otel-handler", "otel-proxy-handler", "otel-stream-handler")
            : union(collector, OTEL_JAVA_WRAPPERS.toArray(new String[0])), region);
      case "ruby":
        return new Layer(ref, name, vendor, tracerRole, "ruby", null, a, union(collector, "otel-handler"), region);
      default:
        return new Layer(ref, name, vendor, tracerRole, "dotnet", null, a, union(collector, "otel-instrument"),
            region);
    }
  }

  private static Set<String> union(Set<String> base, String... more) {
    Set<String> s = new LinkedHashSet<>(base);
    s.addAll(List.of(more));
    return s;
  }

  private static String arch(boolean arm) {
    return arm ? "arm64" : "x86_64";
  }

  /**
   * The layer a local directory (or the directory a layer archive was made from) holds, told by its files
   * as Lambda would mount them under /opt.
   */
  public static Optional<Layer> scan(String ref, Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Set<String> files = new LinkedHashSet<>();
    for (String probe : List.of("extensions/datadog-agent", "extensions/farol-extension", "extensions/collector",
        "datadog_wrapper", "farol-wrapper", "otel-handler", "otel-instrument", "java/lib/dd-java-agent.jar",
        "java/lib/farol-lambda.jar", "opentelemetry-javaagent.jar", "nodejs/node_modules/datadog-lambda-js/handler.js",
        "python/farol_lambda/handler.py")) {
      if (Files.exists(dir.resolve(probe))) {
        files.add(probe);
      }
    }
    Optional<String> ddPython = pythonSitePackage(dir, "datadog_lambda");
    ddPython.ifPresent(files::add);
    String name = dir.getFileName() != null ? dir.getFileName().toString() : ref;
    if (files.contains("extensions/datadog-agent") && !files.contains("farol-wrapper")) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.EXTENSION, null, null, null, files, null));
    }
    if (files.contains("extensions/farol-extension") || files.contains("farol-wrapper")) {
      return Optional.of(new Layer(ref, name, Vendor.FAROL, Role.EXTENSION, null, null, null, files, null));
    }
    if (files.contains("java/lib/farol-lambda.jar")) {
      return Optional.of(new Layer(ref, name, Vendor.FAROL, Role.TRACER, "java", null, null, files, null));
    }
    if (files.contains("python/farol_lambda/handler.py")) {
      return Optional.of(new Layer(ref, name, Vendor.FAROL, Role.TRACER, "python", null, null, files, null));
    }
    if (files.contains("java/lib/dd-java-agent.jar")) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.TRACER, "java", null, null, files, null));
    }
    if (ddPython.isPresent()) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.TRACER, "python", null, null, files, null));
    }
    if (files.contains("nodejs/node_modules/datadog-lambda-js/handler.js")) {
      return Optional.of(new Layer(ref, name, Vendor.DATADOG, Role.TRACER, "nodejs", null, null, files, null));
    }
    if (files.contains("extensions/collector")) {
      return Optional.of(new Layer(ref, name, Vendor.OPENTELEMETRY, Role.EXTENSION, null, null, null, files, null));
    }
    if (files.contains("otel-handler") || files.contains("otel-instrument")
        || files.contains("opentelemetry-javaagent.jar")) {
      return Optional.of(new Layer(ref, name, Vendor.OPENTELEMETRY, Role.TRACER, null, null, null, files, null));
    }
    return Optional.empty();
  }

  private static Optional<String> pythonSitePackage(Path dir, String pkg) {
    Path lib = dir.resolve("python/lib");
    if (Files.exists(dir.resolve("python/" + pkg))) {
      return Optional.of("python/" + pkg);
    }
    if (!Files.isDirectory(lib)) {
      return Optional.empty();
    }
    try (var versions = Files.list(lib)) {
      return versions.map(v -> v.resolve("site-packages").resolve(pkg)).filter(Files::isDirectory).findFirst()
          .map(p -> dir.relativize(p).toString());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
