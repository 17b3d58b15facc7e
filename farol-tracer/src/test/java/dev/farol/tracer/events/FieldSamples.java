package dev.farol.tracer.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The field payloads in the repository's {@code testdata/} (see its README for their source). */
public final class FieldSamples {
  static final ObjectMapper JSON = new ObjectMapper();

  private FieldSamples() {}

  /** The repository's {@code testdata/}: under the build's root, or one level up from a module. */
  public static Path data() {
    Path data = Path.of(System.getProperty("farol.home", ".."), "testdata");
    return Files.isDirectory(data) ? data : Path.of("..", "testdata");
  }

  static Path samples() {
    return data().resolve("datadog-event-samples");
  }

  /** A sample's text, by name without {@code .json}. */
  static String text(String sample) {
    try {
      return Files.readString(samples().resolve(sample + ".json"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sample read independently of the code under test, for the expected values. */
  static JsonNode tree(String sample) {
    try {
      return JSON.readTree(text(sample));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One of Farol's own documented event shapes under {@code src/test/resources/events/}. */
  static String resource(String name) {
    try (var in = FieldSamples.class.getResourceAsStream("/events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource events/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
