package dev.farol.doctor.model;

import dev.farol.findings.Evidence;
import java.nio.file.Path;

/**
 * Where something is written in an input: a file and the range of its text (1-based lines and columns,
 * end just after it; 0 when not known), what is written there, and a path inside the input
 * ({@code module.lambda.lambda_handler}, {@code Resources.Fn.Properties.Handler}, {@code $.Environment}).
 *
 * <p>For something not written at all, the site is where it would go ({@link Kind#INSERT}): a new line
 * after {@link #line}, indented to {@link #column}. The keys to write are the path's segments after a
 * {@code #} ({@code module.lambda#environment_variables}), or else those after the function's own path.
 *
 * @param file the file as read (for excerpts and edits)
 * @param shown the file as reports name it: relative to where the doctor was asked to look
 */
public record Site(Path file, String shown, int line, int column, int endLine, int endColumn, String path,
    Kind kind) {

  /** What is written at a site. */
  public enum Kind {
    /** One value: a string, a number. */
    SCALAR,
    /** A map written out ({@code { A = "1" }}, a YAML mapping). */
    MAP,
    /** A list written out. */
    LIST,
    /** An expression that stands for a value ({@code var.env}, {@code merge(…)}, {@code !Ref Layers}). */
    EXPRESSION,
    /** Nothing yet: where it would go. */
    INSERT
  }

  /** The same place, named by another path. */
  public Site withPath(String path) {
    return new Site(file, shown, line, column, endLine, endColumn, path, kind);
  }

  /** The same place, holding another kind of thing. */
  public Site as(Kind kind) {
    return new Site(file, shown, line, column, endLine, endColumn, path, kind);
  }

  /** A site for {@code childPath} that does not exist yet, to be written after this site's first line. */
  public Site insertion(String childPath, int indentColumn) {
    return new Site(file, shown, line, indentColumn, line, indentColumn, childPath, Kind.INSERT);
  }

  /** The path as reports show it. */
  public String shownPath() {
    return path == null ? null : path.replace('#', '.');
  }

  /** A place inside a document that has no lines (a function's configuration from the API). */
  public static Site ofPath(String path) {
    return new Site(null, null, 0, 0, 0, 0, path, Kind.SCALAR);
  }

  /** This place as a finding's evidence, with the source line it starts on. */
  public Evidence evidence() {
    if (file == null) {
      return Evidence.path(shownPath());
    }
    Evidence e = Evidence.at(shown, line, kind == Kind.INSERT ? 0 : column);
    if (path != null) {
      e = e.withPath(shownPath());
    }
    String excerpt = kind == Kind.INSERT ? null : SourceText.line(file, line);
    return excerpt != null ? e.withExcerpt(excerpt.strip()) : e;
  }

  /** {@code file:line}, as messages print it. */
  public String location() {
    return file == null ? shownPath() : line > 0 ? shown + ":" + line : shown;
  }
}
