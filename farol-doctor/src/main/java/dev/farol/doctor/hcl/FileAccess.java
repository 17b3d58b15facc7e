package dev.farol.doctor.hcl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How {@code file()}, {@code templatefile()}, {@code fileexists()} and {@code abspath()} reach files. Paths
 * are as Terraform sees them: relative to the directory Terraform runs in, which is what
 * {@code path.module} and {@code path.root} are relative to.
 */
public interface FileAccess {

  /** What reading a path gives. */
  enum Status { FOUND, MISSING, OUT_OF_BOUNDS }

  /**
   * A file's contents.
   *
   * @param status {@code FOUND} with the text, {@code MISSING} when no file is there, {@code OUT_OF_BOUNDS}
   *               when the path leaves the tree this access is confined to (the evaluator then gives an
   *               unknown: the files do not tell)
   * @param text   the UTF-8 text when found, else null
   */
  record Content(Status status, String text) {
  }

  /** Reads a file as UTF-8 text. */
  Content read(String path);

  /** Whether a regular file is at the path; empty when the path leaves the confined tree. */
  Optional<Boolean> exists(String path);

  /** The absolute, normalized form of a path; empty when the path leaves the confined tree. */
  Optional<String> absolute(String path);

  /** No file access: every file function gives an unknown. */
  static FileAccess none() {
    return new FileAccess() {
      @Override
      public Content read(String path) {
        return new Content(Status.OUT_OF_BOUNDS, null);
      }

      @Override
      public Optional<Boolean> exists(String path) {
        return Optional.empty();
      }

      @Override
      public Optional<String> absolute(String path) {
        return Optional.empty();
      }
    };
  }

  /**
   * Files under {@code root} only, with relative paths resolved against {@code base} (Terraform's working
   * directory; usually {@code root} itself or a directory inside it). Symbolic links are followed, and a
   * path whose real location leaves {@code root} counts as out of bounds.
   */
  static FileAccess confinedTo(Path base, Path root) {
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      realRoot = root.toAbsolutePath().normalize();
    }
    Path top = realRoot;
    Path dir = base.toAbsolutePath().normalize();
    return new FileAccess() {
      private Optional<Path> inside(String path) {
        Path p = dir.resolve(path).normalize();
        Path real = p;
        try {
          real = Files.exists(p) ? p.toRealPath() : p;
        } catch (IOException e) {
          return Optional.empty();
        }
        return real.startsWith(top) ? Optional.of(p) : Optional.empty();
      }

      @Override
      public Content read(String path) {
        Optional<Path> p = inside(path);
        if (p.isEmpty()) {
          return new Content(Status.OUT_OF_BOUNDS, null);
        }
        if (!Files.isRegularFile(p.get())) {
          return new Content(Status.MISSING, null);
        }
        try {
          byte[] bytes = Files.readAllBytes(p.get());
          return new Content(Status.FOUND, StandardCharsets.UTF_8.newDecoder()
              .decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
          throw new EvaluationException("the file " + SyntaxMessages.quote(path) + " is not valid UTF-8 text");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public Optional<Boolean> exists(String path) {
        return inside(path).map(Files::isRegularFile);
      }

      @Override
      public Optional<String> absolute(String path) {
        return inside(path).map(Path::toString);
      }
    };
  }
}
