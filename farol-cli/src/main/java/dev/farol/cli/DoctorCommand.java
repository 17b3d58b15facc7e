package dev.farol.cli;

import dev.farol.doctor.Doctor;
import dev.farol.doctor.DoctorOptions;
import dev.farol.doctor.Report;
import dev.farol.doctor.render.JsonReport;
import dev.farol.doctor.render.SarifReport;
import dev.farol.doctor.render.TextReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code farol doctor}: names the hop that loses a function's telemetry and the fix, from its definition
 * (Terraform, SAM/CloudFormation, serverless.yml, farol.yaml, function configuration JSON) or, with
 * {@code --live}, from one invocation through the local Lambda.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Find what loses a function's traces, logs or metrics, and the fix.",
        "Reads every function definition under PATH (default: the working directory). Exit status: 0 nothing "
            + "would lose telemetry, 1 something would, 2 an input could not be read."})
final class DoctorCommand implements Callable<Integer> {

  @Parameters(paramLabel = "PATH", arity = "0..*", description = "files or directories to read (default: .)")
  List<Path> paths = new ArrayList<>();

  @ArgGroup(exclusive = true)
  Output output = new Output();

  static final class Output {
    @Option(names = "--json", description = "findings as JSON") boolean json;
    @Option(names = "--sarif", description = "findings as SARIF 2.1.0, for code-scanning tools") boolean sarif;
  }

  @Option(names = "--function", paramLabel = "NAME", description = "only this function")
  String function;

  @Option(names = "--var-file", paramLabel = "FILE", description = "a Terraform -var-file (repeatable)")
  List<Path> varFiles = new ArrayList<>();

  @Option(names = "--var", paramLabel = "NAME=VALUE", description = "a Terraform -var (repeatable)")
  Map<String, String> vars = new LinkedHashMap<>();

  @Option(names = "--live", paramLabel = "FUNCTION", description = "invoke FUNCTION once on a private local Lambda "
      + "with Farol's extension and follow its telemetry hop by hop (exit 0 every hop passed, 1 one broke, 2 it "
      + "cannot run)")
  String live;

  @Option(names = "--template", paramLabel = "FILE", description = "with --live: the template.yaml or farol.yaml "
      + "with FUNCTION (default: as farol up finds it)")
  Path template;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (live != null || template != null) {
      return LiveDoctor.run(live, template, output.json, output.sarif, paths, out);
    }
    Path base = Path.of("").toAbsolutePath();
    List<Path> where = paths.isEmpty() ? List.of(base) : paths;
    DoctorOptions options = new DoctorOptions(where, function, varFiles, vars, base);
    Report report = Doctor.examine(options);
    if (output.json) {
      out.print(JsonReport.render(report));
    } else if (output.sarif) {
      out.print(SarifReport.render(report, base, version()));
    } else {
      out.print(TextReport.render(report));
    }
    out.flush();
    return report.exitStatus();
  }

  private static String version() {
    String v = DoctorCommand.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }
}
