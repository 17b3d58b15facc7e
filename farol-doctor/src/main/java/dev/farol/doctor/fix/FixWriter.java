package dev.farol.doctor.fix;

import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.Site;
import dev.farol.findings.Fix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a fix's changes as a diff-style snippet in the definition's own language, against the lines the
 * doctor read: each hunk names its file and line ({@code @@ infra/main.tf:14 @@}), then the lines that go
 * ({@code -}), come ({@code +}) and stay (a space). Changes that are not edits of the definition become
 * sentences of the summary.
 */
public final class FixWriter {
  private FixWriter() {}

  /** The fix for {@code fn}: {@code summary}, and {@code changes} as a snippet. */
  public static Fix write(FunctionDef fn, String summary, List<Change> changes) {
    Edits edits = new Edits(fn, changes);
    List<Hunk> hunks = new ArrayList<>();
    StringBuilder advice = new StringBuilder();
    for (Change c : changes) {
      if (c instanceof Change.Advice a) {
        advice.append(' ').append(a.text());
      } else {
        hunks.addAll(edits.apply(c));
      }
    }
    hunks.sort(Comparator.comparing(Hunk::file).thenComparingInt(Hunk::line));
    StringBuilder diff = new StringBuilder();
    for (Hunk h : hunks) {
      diff.append("@@ ").append(h.file()).append(h.line() > 0 ? ":" + h.line() : "").append(" @@\n");
      for (String l : h.lines()) {
        diff.append(l).append('\n');
      }
    }
    String language = hunks.isEmpty() ? "text" : edits.syntax().language;
    return new Fix(summary + advice, language, diff.toString().stripTrailing());
  }

  /** The file name reports use for a site. */
  static String shown(Site s) {
    return s.shown() != null ? s.shown() : s.path();
  }
}
