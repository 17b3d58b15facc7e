package dev.farol.runtime.env;

import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.LayerRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's code and layers laid out as Lambda lays them out: the code at the task root
 * ({@code /var/task}: a directory as is, a {@code .zip} or {@code .jar} extracted) and the layers merged
 * into one {@code /opt} tree in declaration order, later layers winning.
 *
 * @param taskRoot the directory that becomes {@code /var/task}
 * @param opt the directory that becomes {@code /opt}
 * @param extensions external extension executables found in {@code opt/extensions}, by file name order
 */
record FunctionCode(Path taskRoot, Path opt, List<Path> extensions) {
  static final int MAX_EXTENSIONS = 10;
  private static final Set<PosixFilePermission> EXECUTABLE = EnumSet.of(
      PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);

  /**
   * Prepares the code of one function under {@code workDir/functions/<name>}. Archives are extracted
   * again only when they changed since the last preparation.
   *
   * @param builtIns resolves {@code farol:<name>} layers to a directory
   */
  static FunctionCode prepare(FunctionConfig fn, Path workDir, Function<LayerRef, Path> builtIns) {
    Path base = workDir.resolve("functions").resolve(fn.name());
    try {
      Files.createDirectories(base);
      Path task = Files.isDirectory(fn.code()) ? fn.code() : extractOnce(fn.code(), base.resolve("task"));
      if (!fn.isJava()) {
        makeExecutable(task.resolve("bootstrap"));
      }
      Path opt = base.resolve("opt");
      deleteTree(opt);
      Files.createDirectories(opt);
      for (LayerRef layer : fn.layers()) {
        Path content = layer.isBuiltIn() ? builtIns.apply(layer) : layer.path();
        if (content == null) {
          throw new IllegalArgumentException("layer " + layer.ref() + " of " + fn.name() + " is not available");
        }
        if (Files.isDirectory(content)) {
          copyTree(content, opt);
        } else {
          unzip(content, opt);
        }
      }
      Path extDir = opt.resolve("extensions");
      List<Path> extensions = new ArrayList<>();
      if (Files.isDirectory(extDir)) {
        try (Stream<Path> files = Files.list(extDir)) {
          files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(p))
              .sorted()
              .forEach(extensions::add);
        }
        for (Path e : extensions) {
          makeExecutable(e);
        }
      }
      makeExecutable(opt.resolve("bootstrap"));
      return new FunctionCode(task, opt, List.copyOf(extensions));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the code of " + fn.name() + ": " + e.getMessage(), e);
    }
  }

  private static Path extractOnce(Path archive, Path target) throws IOException {
    Path stamp = target.resolveSibling("task.stamp");
    String want = archive.toAbsolutePath() + "|" + Files.size(archive) + "|" + Files.getLastModifiedTime(archive).toMillis();
    if (Files.isDirectory(target) && Files.exists(stamp) && Files.readString(stamp).equals(want)) {
      return target;
    }
    deleteTree(target);
    Files.createDirectories(target);
    unzip(archive, target);
    Files.writeString(stamp, want);
    return target;
  }

  static void unzip(Path archive, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    try (InputStream raw = Files.newInputStream(archive); ZipInputStream zip = new ZipInputStream(raw)) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        Path out = root.resolve(entry.getName()).normalize();
        if (!out.startsWith(root)) {
          throw new IOException(archive + ": entry " + entry.getName() + " escapes the archive root");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
          String rel = root.relativize(out).toString();
          if (rel.startsWith("bin/") || rel.startsWith("extensions/") || rel.equals("bootstrap")) {
            makeExecutable(out);
          }
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new IOException(archive + " is not a valid zip archive: " + e.getMessage(), e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()),
            StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    // tolerant of entries that vanish meanwhile (sockets and pipes of environments that are ending)
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
        if (exc instanceof java.nio.file.NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw exc;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static void makeExecutable(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      try {
        Files.setPosixFilePermissions(file, EXECUTABLE);
      } catch (UnsupportedOperationException e) {
        file.toFile().setExecutable(true, false);
      }
    }
  }
}
