package dev.farol.runtime.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A layer attached to a function.
 *
 * <p>Either a local layer ({@code path} is a directory or a {@code .zip}, laid out as Lambda lays out
 * layers: {@code java/lib/*.jar}, {@code extensions/*}, {@code bin/}, …) or a Farol built-in named
 * {@code farol:<name>} (for instance {@code farol:extension}), which the runtime resolves itself and
 * for which {@code path} is {@code null}.
 *
 * @param ref the reference as written in the definition file
 * @param path the layer content, or {@code null} for a {@code farol:} built-in
 */
public record LayerRef(String ref, Path path) {

  public LayerRef {
    Objects.requireNonNull(ref, "ref == null");
  }

  public boolean isBuiltIn() {
    return ref.startsWith("farol:");
  }
}
