package dev.farol.server.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The functions in memory, as {@code farol up} registers them once it has loaded the definition file and run the
 * doctor on it. Safe for concurrent use: a registration replaces what was known at once, readers see the one or the
 * other.
 */
public final class InMemoryFunctionCatalog implements FunctionCatalog {
  private volatile Map<String, KnownFunction> functions = Map.of();

  /** Replaces what is known with {@code known} (names unique; a later one of the same name wins). */
  public void register(List<KnownFunction> known) {
    Objects.requireNonNull(known, "known == null");
    Map<String, KnownFunction> next = new LinkedHashMap<>();
    for (KnownFunction f : known) {
      next.put(f.name(), f);
    }
    functions = java.util.Collections.unmodifiableMap(next);
  }

  @Override
  public Optional<KnownFunction> function(String name) {
    return Optional.ofNullable(functions.get(name));
  }

  /** Every function known, in the order registered. */
  public List<KnownFunction> functions() {
    return List.copyOf(functions.values());
  }
}
