package dev.farol.doctor;

import dev.farol.doctor.model.SourceText;
import dev.farol.findings.Code;
import dev.farol.findings.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs the doctor over files of a test, named relative to the test's directory. */
final class Examine {
  private Examine() {}

  static Report run(Path base, String... paths) {
    SourceText.forget();
    List<Path> p = paths.length == 0 ? List.of(base) : java.util.Arrays.stream(paths).map(base::resolve).toList();
    return Doctor.examine(DoctorOptions.of(base, p));
  }

  static Report run(Path base, Map<String, String> vars, List<String> varFiles, String... paths) {
    SourceText.forget();
    List<Path> p = java.util.Arrays.stream(paths).map(base::resolve).toList();
    return Doctor.examine(DoctorOptions.of(base, p).withVars(vars)
        .withVarFiles(varFiles.stream().map(base::resolve).toList()));
  }

  static List<Code> codes(Report r) {
    return r.findings().stream().map(Finding::code).toList();
  }

  static Finding only(Report r, Code code) {
    List<Finding> f = r.findings().stream().filter(x -> x.code() == code).toList();
    if (f.size() != 1) {
      throw new AssertionError("expected one " + code.id() + ", found " + r.findings());
    }
    return f.get(0);
  }

  /** Copies a test resource directory into {@code dir}. */
  static Path copy(String resource, Path dir) throws IOException {
    Path from = Path.of("src/test/resources").resolve(resource);
    Path to = dir.resolve(resource);
    try (var walk = Files.walk(from)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.createDirectories(t.getParent());
          Files.copy(p, t);
        }
      }
    }
    return to;
  }
}
