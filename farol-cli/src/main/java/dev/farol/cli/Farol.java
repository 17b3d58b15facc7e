package dev.farol.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code farol} command. */
@Command(
    name = "farol",
    mixinStandardHelpOptions = true,
    versionProvider = Farol.Version.class,
    description = {
        "Farol: connected traces, logs and metrics for AWS Lambda, with a faithful local Lambda.",
        ""
    },
    subcommands = {UpCommand.class, RuntimeCommand.class, InvokeCommand.class, TracesCommand.List_.class,
        TracesCommand.One.class, ServerCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Farol implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the command line with the given output streams and returns its exit code. */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Farol());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof UserError u) {
        cmd.getErr().println("farol: " + u.getMessage());
        return u.exitCode();
      }
      cmd.getErr().println("farol: " + ex);
      ex.printStackTrace(cmd.getErr());
      return 70;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version of this build. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Farol.class.getPackage().getImplementationVersion();
      return new String[] {"farol " + (v == null ? "development build" : v)};
    }
  }
}
