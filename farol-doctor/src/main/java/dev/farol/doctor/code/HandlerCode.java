package dev.farol.doctor.code;

import dev.farol.doctor.layers.Vendor;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the function's code tells about its handler: the web adapter the handler is made from, and the
 * tracers bundled in the package. Reads the handler's own source (a Python module, a Node.js file, a
 * Java class) from the function's code directory or archive, or, when the definition does not say where
 * the code is, from the files under the paths the doctor looks at.
 */
public final class HandlerCode {
  private static final List<Known> ADAPTERS = List.of(
      new Known("Mangum", "an ASGI application (FastAPI, Starlette)", "python", "Mangum\\s*\\(", "mangum"),
      new Known("serverless-wsgi", "a WSGI application (Flask, Django)", "python", "serverless_wsgi",
          "serverless_wsgi"),
      new Known("apig-wsgi", "a WSGI application (Flask, Django)", "python", "make_lambda_handler\\s*\\(", "apig_wsgi"),
      new Known("aws-wsgi", "a WSGI application (Flask)", "python", "awsgi\\.response\\s*\\(", "awsgi"),
      new Known("serverless-express", "an Express application", "nodejs", "serverlessExpress\\s*\\(|"
          + "serverless_express|configure\\s*\\(\\s*\\{\\s*app", "@(vendia|codegenie)/serverless-express"),
      new Known("serverless-http", "a Node.js web application (Express, Koa, …)", "nodejs",
          "serverless(Http)?\\s*\\(\\s*app", "serverless-http"),
      new Known("@fastify/aws-lambda", "a Fastify application", "nodejs", "awsLambdaFastify\\s*\\(",
          "@fastify/aws-lambda|aws-lambda-fastify"),
      new Known("aws-serverless-java-container", "a Spring Boot application", "java",
          "Spring(Boot)?LambdaContainerHandler|SpringDelegatingLambdaContainerHandler", "com\\.amazonaws\\.serverless"),
      new Known("aws-serverless-java-container", "a JAX-RS application (Jersey)", "java",
          "JerseyLambdaContainerHandler", "com\\.amazonaws\\.serverless"));
  /** Handlers that are adapters by their name alone. */
  private static final Map<String, String[]> ADAPTER_HANDLERS = Map.of(
      "com.amazonaws.serverless.proxy.spring.SpringDelegatingLambdaContainerHandler",
      new String[] {"aws-serverless-java-container", "a Spring Boot application"},
      "org.springframework.cloud.function.adapter.aws.FunctionInvoker",
      new String[] {"Spring Cloud Function", "Spring Cloud Function beans"},
      "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler", new String[] {"Quarkus", "a Quarkus application"},
      "io.micronaut.function.aws.proxy.payload1.ApiGatewayProxyRequestEventFunction",
      new String[] {"Micronaut", "a Micronaut application"});

  private static final Pattern POWERTOOLS_TRACER = Pattern.compile(
      "from\\s+aws_lambda_powertools(\\.tracing)?\\s+import\\s+[^\\n]*\\bTracer\\b|@aws-lambda-powertools/tracer"
          + "|software\\.amazon\\.lambda\\.powertools\\.tracing");

  private final SourceIndex index;
  private final java.util.function.Function<Path, String> shown;

  /**
   * @param shown names a file as reports do (relative to where the doctor was asked to look)
   */
  public HandlerCode(SourceIndex index, java.util.function.Function<Path, String> shown) {
    this.index = index;
    this.shown = shown;
  }

  /** What the code of {@code fn}, whose handler is {@code handler}, says. */
  public CodeFacts inspect(FunctionDef fn, String handler, String family) {
    Optional<Adapter> adapter = Optional.empty();
    String name = handler.trim();
    String cls = name.contains("::") ? name.substring(0, name.indexOf("::")) : name;
    String[] byName = ADAPTER_HANDLERS.get(cls);
    if (byName != null) {
      adapter = Optional.of(new Adapter(byName[0], byName[1], null, true));
    }
    Optional<Source> source = source(fn, name, family);
    if (adapter.isEmpty() && source.isPresent()) {
      adapter = adapterIn(source.get(), family, symbol(name, family));
    }
    Map<Vendor, String> bundled = bundled(fn, family, source.map(Source::file).orElse(null));
    java.util.Set<Vendor> inCode = java.util.EnumSet.noneOf(Vendor.class);
    if (source.isPresent()) {
      String text = source.get().text();
      if (family.equals("python") && text.contains("datadog_lambda_wrapper")
          || family.equals("nodejs") && text.contains("datadog-lambda-js") && text.contains("datadog(")
          || family.equals("ruby") && text.contains("Datadog::Lambda.wrap")) {
        inCode.add(Vendor.DATADOG);
      }
    }
    boolean powertools = source.map(s -> POWERTOOLS_TRACER.matcher(s.text()).find()).orElse(false);
    return new CodeFacts(adapter, source.map(s -> s.file() != null ? s.file() : Path.of(s.shown())), bundled, inCode,
        powertools);
  }

  // ------------------------------------------------------------------ the handler's source

  record Source(Path file, String text, String shown) {}

  private Optional<Source> source(FunctionDef fn, String handler, String family) {
    List<String> candidates = candidates(handler, family);
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Path code = fn.code();
    if (code != null && Files.isDirectory(code)) {
      for (String c : candidates) {
        for (String base : List.of("", "src/", "src/main/java/")) {
          Path p = code.resolve(base + c);
          if (Files.isRegularFile(p)) {
            return read(p, shown.apply(p));
          }
        }
      }
    }
    if (code != null && Files.isRegularFile(code) && code.toString().endsWith(".zip")) {
      Optional<Source> z = fromZip(code, candidates, shown.apply(code));
      if (z.isPresent()) {
        return z;
      }
    }
    for (String c : candidates) {
      List<Path> hits = index.find(c);
      if (!hits.isEmpty()) {
        return read(hits.get(0), shown.apply(hits.get(0)));
      }
    }
    return Optional.empty();
  }

  private static List<String> candidates(String handler, String family) {
    List<String> out = new ArrayList<>();
    switch (family) {
      case "python" -> {
        int dot = handler.lastIndexOf('.');
        if (dot > 0) {
          String module = handler.substring(0, dot).replace('.', '/');
          out.add(module + ".py");
          out.add(module + "/__init__.py");
        }
      }
      case "nodejs" -> {
        int dot = handler.lastIndexOf('.');
        if (dot > 0) {
          String file = handler.substring(0, dot);
          for (String ext : List.of(".js", ".mjs", ".cjs", ".ts")) {
            out.add(file + ext);
          }
        }
      }
      case "java" -> {
        String cls = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
        out.add(cls.replace('.', '/') + ".java");
        out.add(cls.replace('.', '/') + ".kt");
      }
      default -> { }
    }
    return out;
  }

  /** The name the handler gives its entry point: the Python attribute, the Node export. */
  private static String symbol(String handler, String family) {
    if (family.equals("java")) {
      return null;
    }
    int dot = handler.lastIndexOf('.');
    return dot > 0 ? handler.substring(dot + 1) : null;
  }

  private static Optional<Source> read(Path p, String shown) {
    try {
      if (Files.size(p) > 2_000_000) {
        return Optional.empty();
      }
      return Optional.of(new Source(p, Files.readString(p, StandardCharsets.UTF_8), shown));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Source> fromZip(Path zip, List<String> candidates, String shown) {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      for (String c : candidates) {
        ZipEntry e = z.getEntry(c);
        if (e != null && e.getSize() < 2_000_000) {
          String text = new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
          return Optional.of(new Source(null, text, shown + "!/" + c));
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable archive tells nothing
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ adapters

  private Optional<Adapter> adapterIn(Source s, String family, String symbol) {
    String[] lines = s.text().split("\n", -1);
    for (Known k : ADAPTERS) {
      if (!k.family.equals(family)) {
        continue;
      }
      Pattern make = Pattern.compile(k.make);
      Pattern assigned = symbol == null ? null
          : Pattern.compile("^\\s*(export\\s+(const|let|var)\\s+|exports\\.|module\\.exports\\.)?" + Pattern.quote(symbol)
              + "\\s*[:=]\\s*.*(" + k.make + ")");
      int probable = -1;
      for (int i = 0; i < lines.length; i++) {
        if (assigned != null && assigned.matcher(lines[i]).find()) {
          return Optional.of(new Adapter(k.name, k.application, site(s, i + 1), true));
        }
        if (probable < 0 && (make.matcher(lines[i]).find() || Pattern.compile(k.dependency).matcher(lines[i]).find())) {
          probable = i + 1;
        }
      }
      if (probable > 0) {
        return Optional.of(new Adapter(k.name, k.application, site(s, probable), family.equals("java")));
      }
    }
    return Optional.empty();
  }

  private static Site site(Source s, int line) {
    return new Site(s.file(), s.shown(), line, 1, line, 1, null, Site.Kind.SCALAR);
  }

  // ------------------------------------------------------------------ bundled tracers

  private Map<Vendor, String> bundled(FunctionDef fn, String family, Path handlerFile) {
    Map<Vendor, String> found = new EnumMap<>(Vendor.class);
    Path code = fn.code();
    if (code != null && Files.isDirectory(code)) {
      probe(found, code, "datadog_lambda", family.equals("python"), Vendor.DATADOG);
      probe(found, code, "node_modules/datadog-lambda-js", family.equals("nodejs"), Vendor.DATADOG);
      probe(found, code, "farol_lambda", family.equals("python"), Vendor.FAROL);
      manifests(found, code, family);
    } else if (code != null && Files.isRegularFile(code) && code.toString().endsWith(".zip")) {
      try (ZipFile z = new ZipFile(code.toFile())) {
        if (family.equals("python") && z.getEntry("datadog_lambda/handler.py") != null) {
          found.put(Vendor.DATADOG, shown.apply(code) + "!/datadog_lambda/");
        }
        if (family.equals("nodejs") && z.getEntry("node_modules/datadog-lambda-js/package.json") != null) {
          found.put(Vendor.DATADOG, shown.apply(code) + "!/node_modules/datadog-lambda-js/");
        }
      } catch (IOException | RuntimeException e) {
        // an unreadable archive tells nothing
      }
    }
    if (handlerFile != null && found.isEmpty()) {
      for (Path dir = handlerFile.getParent(); dir != null && dir.getNameCount() > 0; dir = dir.getParent()) {
        manifests(found, dir, family);
        if (!found.isEmpty() || Files.isDirectory(dir.resolve(".git"))) {
          break;
        }
      }
    }
    return found;
  }

  private void probe(Map<Vendor, String> found, Path code, String rel, boolean applies, Vendor v) {
    if (applies && Files.isDirectory(code.resolve(rel))) {
      found.put(v, shown.apply(code.resolve(rel)));
    }
  }

  private static final Pattern PY_DD = Pattern.compile("(?im)^\\s*(datadog-lambda|datadog_lambda)\\b");
  private static final Pattern NODE_DD = Pattern.compile("\"datadog-lambda-js\"\\s*:");

  private void manifests(Map<Vendor, String> found, Path dir, String family) {
    List<String> files = family.equals("python") ? List.of("requirements.txt", "pyproject.toml", "Pipfile")
        : family.equals("nodejs") ? List.of("package.json") : List.of();
    for (String f : files) {
      Path p = dir.resolve(f);
      if (!Files.isRegularFile(p)) {
        continue;
      }
      try {
        String text = Files.readString(p, StandardCharsets.UTF_8);
        Matcher m = (family.equals("python") ? PY_DD : NODE_DD).matcher(text);
        if (m.find()) {
          found.put(Vendor.DATADOG, shown.apply(p));
        }
      } catch (IOException | RuntimeException e) {
        // unreadable: tells nothing
      }
    }
  }

  private record Known(String name, String application, String family, String make, String dependency) {}
}
