package dev.farol.doctor.code;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files under the paths the doctor was asked to look at, by name, walked once: where a handler's
 * module or class is written when the definition does not say where the code is. Skips what is built or
 * downloaded ({@code .git}, {@code node_modules}, {@code .terraform}, {@code target}, virtual
 * environments).
 */
public final class SourceIndex {
  /** Directories of what is built or downloaded, never read. */
  public static final Set<String> SKIPPED = Set.of(".git", "node_modules", ".terraform", "target", "build", "dist",
      "__pycache__", ".venv", "venv", ".idea", ".farol", ".aws-sam", ".serverless", "cdk.out");
  private static final int MAX_FILES = 200_000;

  private final Map<String, List<Path>> byName = new HashMap<>();

  private SourceIndex() {}

  /** An index of nothing. */
  public static SourceIndex empty() {
    return new SourceIndex();
  }

  public static SourceIndex of(List<Path> roots) {
    SourceIndex index = new SourceIndex();
    int[] count = {0};
    for (Path root : roots) {
      walk(root, file -> {
        index.byName.computeIfAbsent(file.getFileName().toString(), k -> new ArrayList<>()).add(file);
        return ++count[0] <= MAX_FILES;
      });
    }
    return index;
  }

  /**
   * Visits the files under {@code root}, skipping what is built or downloaded ({@link #SKIPPED}), until
   * {@code visit} answers false. An unreadable directory is passed over.
   */
  public static void walk(Path root, java.util.function.Predicate<Path> visit) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          Path name = dir.getFileName();
          return name != null && !dir.equals(root) && SKIPPED.contains(name.toString())
              ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          return visit.test(file) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // an unreadable tree only means fewer files seen
    }
  }

  /** Files whose path ends with {@code relative} ({@code app/main.py}), shortest path first. */
  public List<Path> find(String relative) {
    String name = relative.substring(relative.lastIndexOf('/') + 1);
    List<Path> hits = new ArrayList<>();
    for (Path p : byName.getOrDefault(name, List.of())) {
      if (p.toString().replace('\\', '/').endsWith("/" + relative) || p.toString().equals(relative)) {
        hits.add(p);
      }
    }
    hits.sort((a, b) -> Integer.compare(a.getNameCount(), b.getNameCount()));
    return hits;
  }
}
