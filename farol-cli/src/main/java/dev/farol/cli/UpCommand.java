package dev.farol.cli;

import dev.farol.runtime.LocalLambda;
import dev.farol.runtime.config.Definitions;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.doctor.Report;
import dev.farol.server.FarolServer;
import dev.farol.server.catalog.InMemoryFunctionCatalog;
import dev.farol.server.store.DuckDbStore;
import dev.farol.server.store.StoreException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code farol up}: the main job. Farol's server (DuckDB in the data directory), and the functions on
 * the local Lambda with Farol's extension attached, reporting to that server.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run everything locally in the foreground: Farol's server (OTLP on 127.0.0.1:4318, query API "
        + "and the web UI on 127.0.0.1:7070, DuckDB in --data) and the functions on the local Lambda (Invoke API on "
        + "127.0.0.1:9001, API Gateway front on 127.0.0.1:3000) with Farol's extension attached.",
        "Loads template.yaml (or farol.yaml) from the working directory, the --template file, or the bundled "
            + "examples. Ctrl-C or SIGTERM ends every execution environment and leaves no process behind."})
final class UpCommand extends RuntimeCommand {

  @Option(names = "--ingest-port", paramLabel = "PORT", defaultValue = "4318",
      description = "OTLP/HTTP ingest port of the server (default: ${DEFAULT-VALUE})")
  int ingestPort;

  @Option(names = "--query-port", paramLabel = "PORT", defaultValue = "7070",
      description = "query API port of the server (default: ${DEFAULT-VALUE})")
  int queryPort;

  @Option(names = "--no-extension", description = "do not attach Farol's extension to the functions")
  boolean noExtension;

  private FarolServer server;
  private final InMemoryFunctionCatalog catalog = new InMemoryFunctionCatalog();
  private PrintWriter out;
  private boolean isolated;
  private Path extensionLayer;

  @Override
  protected void beforeStart(PrintWriter out) {
    this.out = out;
    Path data = local.dataDir().resolve("data");
    try {
      server = new FarolServer(new FarolServer.Settings(host, ingestPort, queryPort, System.getenv("FAROL_API_KEY"),
          64L * 1024 * 1024), DuckDbStore.open(data), catalog).start();
    } catch (StoreException e) {
      throw new UserError(e.getMessage());
    } catch (Exception e) {
      Throwable c = e;
      while (c != null && !(c instanceof BindException)) {
        c = c.getCause();
      }
      throw c != null ? new UserError("cannot listen on " + host + ": " + c.getMessage() + " (choose other ports "
          + "with --ingest-port / --query-port)") : new IllegalStateException("the server did not start", e);
    }
    companions.add(server);
    try {
      isolated = dev.farol.runtime.env.LambdaService.wouldIsolate(local.isolation);
    } catch (IllegalStateException | IllegalArgumentException e) {
      closeQuietly(server);
      throw new UserError(e.getMessage());
    }
    out.printf("farol: server        OTLP http://%s:%d  query API http://%s:%d/api/v1  (DuckDB in %s)%n", host,
        server.ingestPort(), host, server.queryPort(), data);
    out.printf("farol: web UI        http://%s:%d/%n", host, server.queryPort());
    if (noExtension) {
      out.println("farol: extension     not attached (--no-extension): functions report nothing by themselves");
    } else {
      extensionLayer = LocalOptions.home().resolve("farol-extension/target/layer");
      if (!Files.isDirectory(extensionLayer)) {
        throw new UserError("Farol's extension is not built (" + extensionLayer + "); build Farol first: "
            + "mvn -q -DskipTests package, or pass --no-extension");
      }
      out.println("farol: extension     attached to every function (platform spans, logs; --no-extension to "
          + "leave it out)");
    }
    out.flush();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already failing
    }
  }

  /**
   * The functions as they run; the server is told of each (its configuration, and what the doctor finds in the
   * definition file, examined once here) for the web UI's function pages.
   */
  @Override
  protected List<FunctionConfig> functions(Definitions defs) {
    List<FunctionConfig> run = noExtension ? defs.functions()
        : ExtensionAttachment.attach(defs.functions(), isolated, server.ingestPort());
    Report doctor = RegisteredFunctions.examine(defs, Path.of("").toAbsolutePath());
    catalog.register(RegisteredFunctions.of(defs, run, doctor));
    long losing = doctor.findings().stream().filter(f -> f.severity().losesTelemetry()).count();
    out.printf("farol: doctor        %s in %s%s%n", losing == 0 ? "nothing that loses telemetry"
        : losing + (losing == 1 ? " finding loses" : " findings lose") + " telemetry", defs.source().getFileName(),
        losing == 0 ? "" : " (each function's page in the web UI, or farol doctor " + defs.source().getFileName()
            + ")");
    doctor.errors().forEach(e -> out.println("farol: doctor        " + e));
    return run;
  }

  @Override
  protected LocalLambda.Settings settings(LocalLambda.Settings base) {
    return ExtensionAttachment.reachServer(base, isolated, server.ingestPort());
  }
}
