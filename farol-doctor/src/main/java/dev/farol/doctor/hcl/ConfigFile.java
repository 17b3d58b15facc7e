package dev.farol.doctor.hcl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed file: its path, its body and its text (without a byte order mark, which is how positions count).
 *
 * @param file the path given to the parser
 * @param body the top-level body
 * @param text the source text
 */
public record ConfigFile(Path file, Body body, String text) {

  /**
   * The exact source text of a range of this file. Positions past the end of a line or of the file are
   * clamped to it.
   */
  public String text(SourceRange r) {
    int start = offset(r.startLine(), r.startColumn());
    int end = offset(r.endLine(), r.endColumn());
    return end <= start ? "" : text.substring(start, end);
  }

  /** Line {@code n} (1-based) without its line ending; an empty string past the last line. */
  public String line(int n) {
    List<Integer> starts = lineStarts();
    if (n < 1 || n > starts.size()) {
      return "";
    }
    int start = starts.get(n - 1);
    int end = n < starts.size() ? starts.get(n) - 1 : text.length();
    if (end > start && text.charAt(end - 1) == '\r') {
      end--;
    }
    return text.substring(start, Math.max(start, end));
  }

  private int offset(int line, int column) {
    List<Integer> starts = lineStarts();
    if (line < 1) {
      return 0;
    }
    if (line > starts.size()) {
      return text.length();
    }
    int start = starts.get(line - 1);
    int lineEnd = line < starts.size() ? starts.get(line) : text.length();
    int offset = start;
    for (int col = 1; col < column && offset < lineEnd; col++) {
      offset += Character.charCount(text.codePointAt(offset));
    }
    return Math.min(offset, lineEnd);
  }

  private List<Integer> lineStarts() {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      starts.add(i + 1);
    }
    return starts;
  }
}
