package dev.farol.doctor;

import dev.farol.doctor.checks.Checks;
import dev.farol.doctor.code.HandlerCode;
import dev.farol.doctor.code.SourceIndex;
import dev.farol.doctor.model.FunctionDef;
import dev.farol.doctor.model.InputException;
import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code farol doctor}: reads every function definition under the given paths, checks each, and reports
 * what would lose telemetry, worst first. Inputs that cannot be read are reported with their file and line;
 * the others are still examined.
 */
public final class Doctor {
  /** Worst first: severity, then the hop (the code's order), then the function and the place. */
  static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity)
      .thenComparing(Finding::code).thenComparing(f -> f.function() == null ? "" : f.function())
      .thenComparing(f -> f.evidence().location());

  private Doctor() {}

  public static Report examine(DoctorOptions options) {
    dev.farol.doctor.model.SourceText.forget();
    List<String> errors = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    List<FunctionDef> functions = new ArrayList<>();
    Readers readers = new Readers(options);
    List<Inputs.Input> found;
    try {
      found = Inputs.find(options.paths());
    } catch (InputException e) {
      return new Report(List.of(), List.of(), List.of(), List.of("cannot read " + e.getMessage()));
    }
    List<Path> terraformDirs = found.stream().filter(i -> i.kind() == Inputs.Kind.TERRAFORM).map(Inputs.Input::path)
        .toList();
    List<Path> roots;
    try {
      roots = readers.terraformRoots(terraformDirs);
    } catch (InputException e) {
      errors.add("cannot read " + e.getMessage());
      roots = List.of();
    }
    List<Path> rootDirs = roots;
    found = found.stream().filter(i -> i.kind() != Inputs.Kind.TERRAFORM || rootDirs.contains(i.path())).toList();
    for (Inputs.Input in : found) {
      try {
        List<FunctionDef> read = readers.read(in);
        if (!read.isEmpty() || in.named()) {
          inputs.add(readers.describe(in));
        }
        functions.addAll(read);
      } catch (InputException e) {
        errors.add("cannot read " + e.getMessage());
      }
    }
    if (options.function() != null) {
      List<FunctionDef> only = functions.stream().filter(f -> f.name().equals(options.function())).toList();
      if (only.isEmpty() && errors.isEmpty()) {
        errors.add("no function named " + options.function() + (functions.isEmpty() ? " (no functions were found)"
            : " (found: " + String.join(", ", functions.stream().map(FunctionDef::name).distinct().sorted().toList())
            + ")"));
      }
      functions = only;
    }
    List<Path> dirs = options.paths().stream().filter(Files::isDirectory).toList();
    HandlerCode code = new HandlerCode(SourceIndex.of(dirs.isEmpty()
        ? options.paths().stream().map(p -> p.toAbsolutePath().getParent()).toList() : dirs), readers::shown);
    List<Finding> findings = new ArrayList<>();
    Checks checks = new Checks(code);
    for (FunctionDef fn : functions) {
      try {
        findings.addAll(checks.run(fn));
      } catch (Checks.CheckFailure e) {
        errors.add("internal error, please report it: " + e.getMessage());
      }
    }
    if (functions.isEmpty() && errors.isEmpty()) {
      findings.add(Finding.of(Code.I002).evidence(Evidence.path(String.join(", ", options.paths().stream()
          .map(p -> readers.shown(p)).toList()))).message("No function definition was found under "
          + String.join(", ", options.paths().stream().map(readers::shown).toList()) + ".")
          .why("The doctor reads Terraform (.tf), SAM and CloudFormation templates, serverless.yml, farol.yaml and "
              + "the JSON of aws lambda get-function-configuration.").build());
    }
    findings.sort(WORST_FIRST);
    return new Report(functions, findings, inputs, errors);
  }
}
