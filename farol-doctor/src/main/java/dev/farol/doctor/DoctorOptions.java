package dev.farol.doctor;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to examine.
 *
 * @param paths files and directories to read function definitions from
 * @param function only this function (by its name), or {@code null} for all
 * @param varFiles Terraform {@code -var-file}s, in order (later ones win)
 * @param vars Terraform {@code -var name=value}s (win over every file)
 * @param base the directory reports name files relative to (the working directory)
 */
public record DoctorOptions(List<Path> paths, String function, List<Path> varFiles, Map<String, String> vars,
    Path base) {

  public DoctorOptions {
    paths = List.copyOf(paths);
    varFiles = List.copyOf(varFiles);
    vars = Map.copyOf(vars);
  }

  /** Everything under {@code paths}, named relative to {@code base}. */
  public static DoctorOptions of(Path base, List<Path> paths) {
    return new DoctorOptions(paths, null, List.of(), Map.of(), base);
  }

  public DoctorOptions onlyFunction(String name) {
    return new DoctorOptions(paths, name, varFiles, vars, base);
  }

  public DoctorOptions withVarFiles(List<Path> files) {
    return new DoctorOptions(paths, function, files, vars, base);
  }

  public DoctorOptions withVars(Map<String, String> v) {
    return new DoctorOptions(paths, function, varFiles, v, base);
  }
}
