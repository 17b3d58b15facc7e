package dev.farol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension layer's class archive, made at package time: its launcher maps the extension's classes
 * from it wherever the layer is mounted, and a layer whose jars no longer match starts as before, without
 * a word about it on the function's log.
 */
class ExtensionClassArchiveTest {
  private static final Path LAYER = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize()
      .resolve("farol-extension/target/layer");

  /** Starts the launcher outside Lambda (it exits at once); returns its output and where its main class came from. */
  private static String[] launch(Path layer, Path dir) throws Exception {
    Path classLog = dir.resolve("classes.log");
    ProcessBuilder pb = new ProcessBuilder("sh", layer.resolve("farol/launch").toString(), "farol-extension")
        .redirectErrorStream(true);
    pb.environment().remove("AWS_LAMBDA_RUNTIME_API");
    pb.environment().remove("FAROL_EXTENSION_JAVA_OPTIONS");
    pb.environment().put("FAROL_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    pb.environment().put("JAVA_TOOL_OPTIONS", "-Xlog:class+load:file=" + classLog);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    String main = Files.readAllLines(classLog).stream()
        .filter(l -> l.contains(" dev.farol.extension.FarolExtension source:")).findFirst().orElse("");
    return new String[] {out, main};
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  @Test
  void theArchiveServesTheLayerWhereverItIsMounted(@TempDir Path dir) throws Exception {
    assertThat(LAYER.resolve("farol/farol-extension.jsa")).isRegularFile();
    Path mounted = copy(LAYER, dir.resolve("elsewhere/opt"));
    String[] run = launch(mounted, dir);
    assertThat(run[0]).contains("not running in a Lambda execution environment");
    assertThat(run[1]).contains("source: shared objects file");
  }

  @Test
  void aLayerWhoseJarsChangedStartsWithoutTheArchive_andSaysNothingOfIt(@TempDir Path dir) throws Exception {
    Path mounted = copy(LAYER, dir.resolve("opt"));
    Path jar = mounted.resolve("farol/farol-extension.jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 3_600_000));
    String[] run = launch(mounted, dir);
    assertThat(run[1]).contains("source: file:").contains("farol-extension.jar");
    assertThat(List.of(run[0].split("\n"))).noneMatch(l -> l.toLowerCase().contains("shared archive")
        || l.toLowerCase().contains("cds"));
  }
}
