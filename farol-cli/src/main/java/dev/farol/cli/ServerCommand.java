package dev.farol.cli;

import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import dev.farol.server.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code farol server}: the server alone (for functions on AWS, or extensions elsewhere). */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run Farol's server alone: OTLP/HTTP ingest and the query API, DuckDB on disk.")
final class ServerCommand implements Runnable {

  @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: .farol in the working "
      + "directory; the database is DIR/data/farol.duckdb)")
  Path data;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "address to bind (default: ${DEFAULT-VALUE}; anything else needs FAROL_API_KEY set)")
  String host;

  @Option(names = "--ingest-port", paramLabel = "PORT", defaultValue = "4318",
      description = "OTLP/HTTP port (default: ${DEFAULT-VALUE})")
  int ingestPort;

  @Option(names = "--query-port", paramLabel = "PORT", defaultValue = "7070",
      description = "query API port (default: ${DEFAULT-VALUE})")
  int queryPort;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    String key = System.getenv("FAROL_API_KEY");
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && (key == null || key.isEmpty())) {
      throw new UserError("binding " + host + " exposes the server beyond this machine: set FAROL_API_KEY first");
    }
    Path dir = (data != null ? data : Path.of(".farol")).toAbsolutePath().normalize().resolve("data");
    FarolServer server;
    try {
      server = new FarolServer(new FarolServer.Settings(host, ingestPort, queryPort, key, 64L * 1024 * 1024),
          DuckDbStore.open(dir)).start();
    } catch (StoreException e) {
      throw new UserError(e.getMessage());
    } catch (Exception e) {
      throw new UserError("the server did not start: " + e.getMessage());
    }
    out.printf("farol: server  OTLP http://%s:%d  query API http://%s:%d/api/v1  (DuckDB in %s)%n", host,
        server.ingestPort(), host, server.queryPort(), dir);
    out.printf("farol: web UI  http://%s:%d/%n", host, server.queryPort());
    out.println("farol: ready; Ctrl-C stops the server");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        out.println("farol: while stopping: " + e);
      }
      stopped.countDown();
    }, "farol-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
