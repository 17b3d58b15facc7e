package dev.farol.server.catalog;

import java.util.Optional;

/**
 * The functions whose configuration the server knows: those {@code farol up} runs on the local Lambda, with the
 * doctor's findings of their definitions. A function that only sends telemetry (deployed, sending through this
 * server) is not in it. The query API reads it ({@code GET /api/v1/functions/{name}}); {@link
 * InMemoryFunctionCatalog} is the implementation {@code farol up} fills.
 */
public interface FunctionCatalog {
  /** The function named {@code name}, or empty when the server was not told of it. */
  Optional<KnownFunction> function(String name);

  /** A catalog that knows no function: a server that runs none of its own ({@code farol server}). */
  static FunctionCatalog none() {
    return name -> Optional.empty();
  }
}
