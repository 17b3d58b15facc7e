package dev.farol.doctor;

import dev.farol.findings.Fix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a fix's diff to the files it names, as a user would by hand: each hunk's context and removed
 * lines must be found at its line, exactly, or the fix is wrong. Tests apply a fix and examine again.
 */
final class Patch {
  private static final Pattern HEADER = Pattern.compile("^@@ (.+):(\\d+) @@$");

  private Patch() {}

  /** Applies {@code fix}'s hunks to the files under {@code base}; fails when a hunk does not match. */
  static void apply(Path base, Fix fix) throws IOException {
    Map<String, List<Hunk>> byFile = new LinkedHashMap<>();
    Hunk current = null;
    for (String line : fix.diff().split("\n")) {
      Matcher m = HEADER.matcher(line);
      if (m.matches()) {
        current = new Hunk(Integer.parseInt(m.group(2)), new ArrayList<>());
        byFile.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(current);
      } else if (current != null) {
        current.lines.add(line);
      } else {
        throw new AssertionError("diff does not start with a hunk header: " + fix.diff());
      }
    }
    for (Map.Entry<String, List<Hunk>> e : byFile.entrySet()) {
      Path file = base.resolve(e.getKey());
      List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
      List<Hunk> hunks = new ArrayList<>(e.getValue());
      hunks.sort(Comparator.comparingInt((Hunk h) -> h.line).reversed());
      for (Hunk h : hunks) {
        int at = h.line - 1;
        for (String l : h.lines) {
          char op = l.isEmpty() ? ' ' : l.charAt(0);
          String text = l.isEmpty() ? "" : l.substring(1);
          if (op == '+') {
            lines.add(at++, text);
          } else {
            if (at >= lines.size() || !lines.get(at).equals(text)) {
              throw new AssertionError(e.getKey() + ":" + (at + 1) + ": the fix expects \"" + text + "\", the file has \""
                  + (at < lines.size() ? lines.get(at) : "<end of file>") + "\"\n" + fix.diff());
            }
            if (op == '-') {
              lines.remove(at);
            } else {
              at++;
            }
          }
        }
      }
      Files.write(file, lines, StandardCharsets.UTF_8);
    }
  }

  private record Hunk(int line, List<String> lines) {}
}
