package dev.farol.doctor.hcl;

import java.nio.file.Path;

/**
 * The first syntax error of a file: where it is and, in plain words, what was expected and what was found.
 * The message has the form {@code main.tf:12:5: <what was expected, what was found>}; {@link #reason()} is the
 * part after the position.
 */
public final class HclSyntaxException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Path file;
  private final int line;
  private final int column;
  private final String reason;

  /**
   * @param file   the file, shown in the message as given (a relative path reads best)
   * @param line   1-based line
   * @param column 1-based column (code points)
   * @param reason what was expected and what was found
   */
  public HclSyntaxException(Path file, int line, int column, String reason) {
    super(file + ":" + line + ":" + column + ": " + reason, null, false, false);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** The file, as given to the parser. */
  public Path file() {
    return file;
  }

  /** The 1-based line of the error. */
  public int line() {
    return line;
  }

  /** The 1-based column of the error. */
  public int column() {
    return column;
  }

  /** The message without its {@code file:line:column: } prefix. */
  public String reason() {
    return reason;
  }
}
