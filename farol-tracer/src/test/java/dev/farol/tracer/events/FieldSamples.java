package dev.farol.tracer.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The field payloads in {@code ../shared/testdata} (next to the repository), found the way {@code PropagationTest} finds them. */
final class FieldSamples {
  static final ObjectMapper JSON = new ObjectMapper();

  private FieldSamples() {}

  static Path data() {
    Path data = Path.of("..", "..", "shared", "testdata");
    if (!Files.isDirectory(data)) {
      data = Path.of(System.getProperty("farol.home", ".."), "..", "shared", "testdata");
    }
    return data;
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
