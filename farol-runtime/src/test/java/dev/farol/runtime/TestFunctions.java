package dev.farol.runtime;

import dev.farol.runtime.config.ConfigOrigin;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.LayerRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Builds functions from the compiled test fixtures ({@code dev.farol.runtime.fixtures}). */
public final class TestFunctions {
  public static final Path JAVA_RUNTIME = Path.of("target", "java-runtime").toAbsolutePath();
  private static final Path FIXTURES = Path.of("target", "test-classes", "dev", "farol", "runtime", "fixtures");
  private static final String PKG = "dev.farol.runtime.fixtures.";

  private TestFunctions() {}

  /** A directory holding only the fixture classes, as a function's code would. */
  public static Path code(Path dir) throws IOException {
    Path target = dir.resolve("code").resolve("dev/farol/runtime/fixtures");
    Files.createDirectories(target);
    try (Stream<Path> classes = Files.list(FIXTURES)) {
      for (Path c : (Iterable<Path>) classes::iterator) {
        Files.copy(c, target.resolve(c.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir.resolve("code");
  }

  public static FunctionConfig java(String name, Path code, String handler, int timeoutSeconds, int memoryMb,
      int reserved) {
    return new FunctionConfig(name, handler.contains(".") ? handler : PKG + handler, "java17", code, memoryMb,
        timeoutSeconds, Map.of("FIXTURE_VAR", "from-config"), List.<LayerRef>of(), reserved, "x86_64",
        List.<HttpRoute>of(), new ConfigOrigin(null, 0));
  }

  /** A Java function behind API Gateway routes. */
  public static FunctionConfig web(String name, Path code, String handler, HttpRoute... routes) {
    return new FunctionConfig(name, handler.contains(".") ? handler : PKG + handler, "java17", code, 256, 10,
        Map.of(), List.<LayerRef>of(), -1, "x86_64", List.of(routes), new ConfigOrigin(null, 0));
  }

  /**
   * A layer as Lambda lays them out: {@code java/lib/layerlib.jar} (a class the function only finds
   * through the layer) and {@code extensions/probe} (an external extension written in bash).
   */
  public static Path probeLayer(Path dir) throws IOException {
    Path layer = dir.resolve("layers/probe");
    Path ext = Files.createDirectories(layer.resolve("extensions")).resolve("probe");
    Files.copy(Path.of("src/test/resources/layers/probe/extensions/probe"), ext, StandardCopyOption.REPLACE_EXISTING);
    ext.toFile().setExecutable(true);
    Path lib = Files.createDirectories(layer.resolve("java/lib"));
    try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(
        Files.newOutputStream(lib.resolve("layerlib.jar")))) {
      String entry = "dev/farol/runtime/fixtures/layer/LayerLib.class";
      jar.putNextEntry(new java.util.jar.JarEntry(entry));
      jar.write(Files.readAllBytes(Path.of("target/test-classes").resolve(entry)));
      jar.closeEntry();
    }
    return layer;
  }

  /** A provided.al2023 function: a bash bootstrap running the Runtime API loop with curl. */
  public static FunctionConfig nativeBootstrap(Path dir) throws IOException {
    return nativeBootstrap(dir, "native");
  }

  /** The same bash bootstrap under another name (each name has environments of its own). */
  public static FunctionConfig nativeBootstrap(Path dir, String name) throws IOException {
    Path code = Files.createDirectories(dir.resolve(name));
    Path bootstrap = code.resolve("bootstrap");
    Files.copy(Path.of("src/test/resources/functions/native/bootstrap"), bootstrap,
        StandardCopyOption.REPLACE_EXISTING);
    bootstrap.toFile().setExecutable(true);
    return new FunctionConfig(name, "echo.handler", "provided.al2023", code, 128, 5, Map.of(),
        List.<LayerRef>of(), -1, "x86_64", List.<HttpRoute>of(), new ConfigOrigin(null, 0));
  }

  /** A layer holding only an exec wrapper script at its root ({@code /opt/farol-test-wrapper}). */
  public static Path wrapperLayer(Path dir) throws IOException {
    Path layer = Files.createDirectories(dir.resolve("layers/wrapper"));
    Path script = layer.resolve("farol-test-wrapper");
    Files.copy(Path.of("src/test/resources/layers/wrapper/farol-test-wrapper"), script,
        StandardCopyOption.REPLACE_EXISTING);
    script.toFile().setExecutable(true);
    return layer;
  }

  /** A layer with the {@code telem} extension (bash, curl, socat) that subscribes to the Telemetry API. */
  public static Path telemetryLayer(Path dir) throws IOException {
    Path layer = dir.resolve("layers/telemetry");
    Path src = Path.of("src/test/resources/layers/telemetry");
    Files.createDirectories(layer.resolve("extensions"));
    for (String f : List.of("extensions/telem", "telem-receiver")) {
      Path target = layer.resolve(f);
      Files.copy(src.resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setExecutable(true);
    }
    return layer;
  }
}
