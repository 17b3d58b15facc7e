package dev.farol.doctor.hcl;

/**
 * A span of source text: 1-based lines and columns, columns counted in Unicode code points (a tab is one
 * column, as the spec asks). The end is the position just after the last character of the node.
 *
 * @param startLine   the line of the first character
 * @param startColumn the column of the first character
 * @param endLine     the line of the position just after the last character
 * @param endColumn   the column of the position just after the last character
 */
public record SourceRange(int startLine, int startColumn, int endLine, int endColumn) {

  /** A range from the start of {@code first} to the end of {@code last}. */
  public static SourceRange between(SourceRange first, SourceRange last) {
    return new SourceRange(first.startLine, first.startColumn, last.endLine, last.endColumn);
  }

  /** {@code line:column} of the start, as messages show it. */
  public String start() {
    return startLine + ":" + startColumn;
  }

  @Override
  public String toString() {
    return startLine + ":" + startColumn + "-" + endLine + ":" + endColumn;
  }
}
