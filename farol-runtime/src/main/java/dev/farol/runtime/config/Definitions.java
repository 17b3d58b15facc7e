package dev.farol.runtime.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The functions one definition file declares.
 *
 * @param source the file they came from
 * @param functions in declaration order, names unique
 * @param warnings what was skipped or guessed (e.g. an environment variable whose intrinsic function
 *     cannot be resolved locally), each starting with {@code file:line:}
 */
public record Definitions(Path source, List<FunctionConfig> functions, List<String> warnings) {

  public Definitions {
    Objects.requireNonNull(source, "source == null");
    functions = List.copyOf(functions);
    warnings = List.copyOf(warnings);
  }

  public Optional<FunctionConfig> find(String name) {
    return functions.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
