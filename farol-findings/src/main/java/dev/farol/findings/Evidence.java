package dev.farol.findings;

import java.util.Objects;

/**
 * Where a finding was seen: a file and line (what an editor or a code-scanning tool points at), a path
 * inside the input ({@code module.lambda.lambda_handler}, {@code Resources.Fn.Properties.Handler},
 * {@code $.Environment.Variables.DD_SITE}), or, for the live check and the extension, an invocation. Each
 * part may be absent; an evidence names at least one of them.
 */
public final class Evidence {
  private final String file;
  private final int line;
  private final int column;
  private final String path;
  private final String excerpt;

  private Evidence(String file, int line, int column, String path, String excerpt) {
    this.file = file;
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
    this.path = path;
    this.excerpt = excerpt;
  }

  /** A line of a file (1-based line and column; 0 when not known). */
  public static Evidence at(String file, int line, int column) {
    return new Evidence(Objects.requireNonNull(file, "file == null"), line, column, null, null);
  }

  /** A place inside the input that has no line (a JSON document read as a whole, an invocation). */
  public static Evidence path(String path) {
    return new Evidence(null, 0, 0, Objects.requireNonNull(path, "path == null"), null);
  }

  /** The same place, also named by {@code path}. */
  public Evidence withPath(String path) {
    return new Evidence(file, line, column, path, excerpt);
  }

  /** The same place with the source text found there. */
  public Evidence withExcerpt(String excerpt) {
    return new Evidence(file, line, column, path, excerpt);
  }

  /** The file, relative to where the doctor was asked to look; {@code null} when there is none. */
  public String file() {
    return file;
  }

  /** 1-based; 0 when not known. */
  public int line() {
    return line;
  }

  /** 1-based; 0 when not known. */
  public int column() {
    return column;
  }

  /** A path inside the input, or {@code null}. */
  public String path() {
    return path;
  }

  /** The source text at that place, or {@code null}. */
  public String excerpt() {
    return excerpt;
  }

  /** {@code file:line} (or {@code file}, or the path), as messages print it. */
  public String location() {
    if (file == null) {
      return path;
    }
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(':').append(line);
    }
    if (path != null) {
      b.append(" (").append(path).append(')');
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Evidence)) {
      return false;
    }
    Evidence e = (Evidence) o;
    return line == e.line && column == e.column && Objects.equals(file, e.file) && Objects.equals(path, e.path)
        && Objects.equals(excerpt, e.excerpt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(file, line, column, path, excerpt);
  }

  @Override
  public String toString() {
    return location();
  }
}
