package dev.farol.doctor.terraform;

import dev.farol.doctor.model.FunctionDef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads the Lambda functions a Terraform root module defines. */
public final class TerraformReader {
  private final Function<Path, String> shown;
  private final List<Path> varFiles;
  private final Map<String, String> vars;

  public TerraformReader(Function<Path, String> shown, List<Path> varFiles, Map<String, String> vars) {
    this.shown = shown;
    this.varFiles = varFiles;
    this.vars = vars;
  }

  public List<FunctionDef> read(Path dir) {
    return List.of();
  }
}
