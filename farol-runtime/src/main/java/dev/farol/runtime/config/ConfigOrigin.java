package dev.farol.runtime.config;

import java.nio.file.Path;

/** Where a definition came from: a file and a 1-based line, used to point at the culprit in errors. */
public record ConfigOrigin(Path file, int line) {

  @Override
  public String toString() {
    return (file == null ? "<built-in>" : file.getFileName().toString()) + ":" + line;
  }
}
