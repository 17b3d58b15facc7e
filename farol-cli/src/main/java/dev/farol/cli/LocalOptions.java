package dev.farol.cli;

import dev.farol.runtime.config.ConfigException;
import dev.farol.runtime.config.DefinitionLoader;
import dev.farol.runtime.config.Definitions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run functions locally. */
final class LocalOptions {

  @Option(names = "--template", paramLabel = "FILE",
      description = "SAM template.yaml or farol.yaml with the functions (default: template.yaml or farol.yaml "
          + "in the working directory, else the bundled examples)")
  Path template;

  @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: .farol in the working "
      + "directory)")
  Path data;

  @Option(names = "--invoke-port", paramLabel = "PORT", defaultValue = "9001",
      description = "port of the Lambda Invoke API (default: ${DEFAULT-VALUE})")
  int invokePort;

  @Option(names = "--isolation", paramLabel = "MODE", defaultValue = "auto",
      description = "auto, isolated (own namespaces per environment, needs bubblewrap) or plain "
          + "(default: ${DEFAULT-VALUE})")
  String isolation;

  /** Farol's installation: where the launcher put it, else the working directory. */
  static Path home() {
    String h = System.getProperty("farol.home");
    return Path.of(h == null || h.isBlank() ? "." : h).toAbsolutePath().normalize();
  }

  /**
   * Farol's built-in layers, as templates name them: {@code farol:tracer} (the tracer, laid out as AWS
   * lays out Java layers: {@code java/lib}), {@code farol:extension}, and {@code farol:extension-datadog}
   * (the same extension under the name Datadog's tracers look for).
   */
  static Path builtInLayer(dev.farol.runtime.config.LayerRef ref) {
    switch (ref.ref()) {
      case "farol:tracer":
        return built(home().resolve("farol-lambda/target/layer"), ref.ref());
      case "farol:extension":
        return built(home().resolve("farol-extension/target/layer"), ref.ref());
      case "farol:extension-datadog":
        return built(home().resolve("farol-extension/target/layer-datadog"), ref.ref());
      default:
        return null;
    }
  }

  private static Path built(Path dir, String name) {
    if (!Files.isDirectory(dir)) {
      throw new UserError("the layer " + name + " is not built (" + dir + "); build Farol first: "
          + "mvn -q -DskipTests package");
    }
    return dir;
  }

  Path dataDir() {
    return (data != null ? data : Path.of(".farol")).toAbsolutePath().normalize();
  }

  Path javaRuntimeDir() {
    String override = System.getProperty("farol.java-runtime");
    Path dir = override != null ? Path.of(override) : home().resolve("farol-runtime/target/java-runtime");
    if (!Files.isDirectory(dir)) {
      throw new UserError("the Java runtime interface client is missing (" + dir + "); build Farol first: "
          + "mvn -q -DskipTests package");
    }
    return dir;
  }

  /** The template this run uses, by the documented precedence. */
  Path templateFile() {
    if (template != null) {
      if (!Files.isRegularFile(template)) {
        throw new UserError("--template " + template + ": no such file");
      }
      return template.toAbsolutePath().normalize();
    }
    for (String name : new String[] {"template.yaml", "template.yml", "farol.yaml", "farol.yml"}) {
      Path p = Path.of(name);
      if (Files.isRegularFile(p)) {
        return p.toAbsolutePath().normalize();
      }
    }
    Path examples = home().resolve("examples/template.yaml");
    if (Files.isRegularFile(examples)) {
      return examples;
    }
    throw new UserError("no template.yaml or farol.yaml here and no bundled examples at " + examples
        + "; pass --template FILE");
  }

  Definitions load() {
    Path file = templateFile();
    try {
      return DefinitionLoader.load(file);
    } catch (ConfigException e) {
      throw new UserError(e.getMessage());
    }
  }
}
