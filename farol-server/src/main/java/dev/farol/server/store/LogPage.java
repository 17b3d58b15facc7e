package dev.farol.server.store;

import java.util.List;

/**
 * Lines of a {@link LogSearch}, each with its level and its place in the store's write order; whether more follow
 * in the search's order; and the tail position to continue from with {@link LogSearch#tailAfter}: for a search,
 * where the store stood when it ran (lines stored later come with the tail), for a tail step the last line it gave
 * (or the position it was given, when nothing came).
 */
public record LogPage(List<Line> lines, boolean more, long tail) {
  /** The levels a line can have, in increasing severity. */
  public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

  public LogPage {
    lines = List.copyOf(lines);
  }

  /**
   * @param level one of {@link #LEVELS}, another severity as given in capitals, or {@code null}
   * @param seq the line's write order (-1 for lines stored before the store kept it)
   */
  public record Line(LogRow row, String level, long seq) {}
}
