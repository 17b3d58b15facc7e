package dev.farol.doctor.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The lines of the inputs, read once, for excerpts and fixes. */
public final class SourceText {
  private static final Map<Path, List<String>> LINES = new ConcurrentHashMap<>();

  private SourceText() {}

  /** Remembers a file's text as the reader saw it (so excerpts match what was parsed). */
  public static void remember(Path file, String text) {
    LINES.put(file, text.lines().toList());
  }

  /** Forgets every file read (for a new examination of files that may have changed). */
  public static void forget() {
    LINES.clear();
  }

  /** The file's lines; empty when it cannot be read. */
  public static List<String> lines(Path file) {
    if (file == null) {
      return List.of();
    }
    return LINES.computeIfAbsent(file, f -> {
      try {
        return Files.readString(f, StandardCharsets.UTF_8).lines().toList();
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
    });
  }

  /** Line {@code n} (1-based) of the file, or {@code null}. */
  public static String line(Path file, int n) {
    List<String> lines = lines(file);
    return n >= 1 && n <= lines.size() ? lines.get(n - 1) : null;
  }
}
