package dev.farol.doctor;

import dev.farol.doctor.model.FunctionDef;
import dev.farol.findings.Finding;
import dev.farol.findings.Severity;
import java.util.List;

/**
 * What the doctor found: the functions it read, its findings worst first, and the inputs it could not read.
 *
 * @param inputs the definitions read, as reports name them ({@code Terraform infra/}, {@code AWS SAM template.yaml})
 * @param errors inputs that could not be read, each {@code file:line: problem}
 */
public record Report(List<FunctionDef> functions, List<Finding> findings, List<String> inputs, List<String> errors) {

  public Report {
    functions = List.copyOf(functions);
    findings = List.copyOf(findings);
    inputs = List.copyOf(inputs);
    errors = List.copyOf(errors);
  }

  /** 2 when an input could not be read, 1 when a finding loses telemetry, else 0. */
  public int exitStatus() {
    if (!errors.isEmpty()) {
      return 2;
    }
    return findings.stream().anyMatch(f -> f.severity().losesTelemetry()) ? 1 : 0;
  }

  public long count(Severity s) {
    return findings.stream().filter(f -> f.severity() == s).count();
  }
}
