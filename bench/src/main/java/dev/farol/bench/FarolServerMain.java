package dev.farol.bench;

import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import java.nio.file.Path;

/**
 * Farol's server alone in a JVM of its own, as a benchmark backend: {@code FarolServerMain <data dir>}
 * prints {@code ports <ingest> <query>} once it listens and runs until stopped (SIGTERM closes the
 * server and its store) or until its stdin closes.
 */
public final class FarolServerMain {
  private FarolServerMain() {}

  public static void main(String[] args) throws Exception {
    FarolServer server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0)
        .withMaxBodyBytes(64L * 1024 * 1024), DuckDbStore.open(Path.of(args[0]))).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    System.out.println("ports " + server.ingestPort() + " " + server.queryPort());
    System.out.flush();
    // runs until stopped, or until the harness that started it is gone (its end of stdin closes)
    while (System.in.read() != -1) {
      // nothing to read
    }
    System.exit(0);
  }
}
