package dev.farol.doctor.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Lambda runtime identifier read as family and version: {@code python3.12} is python 3.12,
 * {@code nodejs20.x} nodejs 20, {@code java21} java 21, {@code dotnet8} dotnet 8, {@code ruby3.3} ruby 3.3,
 * {@code provided.al2023} provided.
 */
public record Runtime(String id, String family, String version) {
  private static final Pattern FORM = Pattern.compile(
      "(python)(\\d+\\.\\d+)|(nodejs)(\\d+)\\.x|(java)(\\d+)(?:\\.al2)?|(dotnet)(?:core)?(\\d+(?:\\.\\d+)?)|(ruby)(\\d+\\.\\d+)"
          + "|(provided)(?:\\.al2(?:023)?)?");

  public static Optional<Runtime> parse(String id) {
    Matcher m = FORM.matcher(id.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    for (int g = 1; g <= 11; g += 2) {
      if (m.group(g) != null) {
        return Optional.of(new Runtime(id.trim(), m.group(g), g == 11 ? null : m.group(g + 1)));
      }
    }
    return Optional.empty();
  }

  /** Runtimes whose tracer runs in a JVM (and so cost memory and start time). */
  public boolean jvm() {
    return family.equals("java");
  }
}
