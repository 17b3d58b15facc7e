package dev.farol.server.catalog;

import dev.farol.findings.Finding;
import java.util.List;
import java.util.Objects;

/**
 * A function the server was told of by {@code farol up}: its configuration, and what {@code farol doctor} found in
 * its definition when {@code farol up} loaded it.
 *
 * @param findings the doctor's findings for this function, worst first
 * @param doctorErrors what the doctor could not read of the definition file ({@code file:line: problem}); its
 *     findings may then be incomplete
 */
public record KnownFunction(FunctionDefinition definition, List<Finding> findings, List<String> doctorErrors) {
  public KnownFunction {
    Objects.requireNonNull(definition, "definition == null");
    findings = List.copyOf(findings);
    doctorErrors = List.copyOf(doctorErrors);
  }

  public String name() {
    return definition.name();
  }
}
