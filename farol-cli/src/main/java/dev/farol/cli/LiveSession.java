package dev.farol.cli;

import dev.farol.runtime.LocalLambda;
import dev.farol.runtime.config.Definitions;
import dev.farol.runtime.env.LambdaService;
import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import dev.farol.server.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the live check runs, privately: Farol's server on ephemeral ports with its data in a temporary directory,
 * and the local Lambda with the definitions' functions and Farol's extension attached (as {@code farol up} runs
 * them), its Invoke API and API Gateway front on ephemeral ports too. {@link #close} ends every execution
 * environment (the extensions get their SHUTDOWN), stops the server and removes the directory; so does Ctrl-C or
 * SIGTERM while it runs.
 */
final class LiveSession implements AutoCloseable {
  private final Path dir;
  private final FarolServer server;
  private final LocalLambda lambda;
  private final LiveLog log;
  /** Stops everything should the JVM be told to end while the live check runs. */
  private final Thread onExit = new Thread(this::stopAll, "farol-live-stop");
  private boolean stopped;

  private LiveSession(Path dir, FarolServer server, LocalLambda lambda, LiveLog log) {
    this.dir = dir;
    this.server = server;
    this.lambda = lambda;
    this.log = log;
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /**
   * Starts the server, then the local Lambda.
   *
   * @throws UserError (exit 2) when either cannot start, after stopping what did
   */
  static LiveSession start(Definitions defs, LocalOptions local) {
    Path dir;
    try {
      dir = Files.createTempDirectory("farol-live-");
    } catch (IOException e) {
      throw new UserError("cannot make a temporary directory for the live check: " + e.getMessage());
    }
    FarolServer server = null;
    try {
      boolean isolated = LambdaService.wouldIsolate(local.isolation);
      server = new FarolServer(new FarolServer.Settings("127.0.0.1", 0, 0, null, 64L * 1024 * 1024),
          DuckDbStore.open(dir.resolve("data"))).start();
      LiveLog log = new LiveLog();
      LocalLambda.Settings settings = ExtensionAttachment.reachServer(new LocalLambda.Settings("127.0.0.1", 0, 0,
          local.isolation, dir, local.javaRuntimeDir(), log).withPlatform(List.of(), LocalOptions::builtInLayer),
          isolated, server.ingestPort());
      LocalLambda lambda = LocalLambda.start(settings, ExtensionAttachment.attach(defs.functions(), isolated,
          server.ingestPort()));
      return new LiveSession(dir, server, lambda, log);
    } catch (UserError e) {
      stop(server, dir);
      throw e;
    } catch (StoreException e) {
      stop(server, dir);
      throw new UserError("the live check's server cannot start: " + e.getMessage());
    } catch (Exception e) {
      stop(server, dir);
      throw new UserError("the live check cannot start the local Lambda: " + e.getMessage());
    }
  }

  LocalLambda lambda() {
    return lambda;
  }

  LiveLog log() {
    return log;
  }

  int queryPort() {
    return server.queryPort();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook stops everything
    }
    stopAll();
  }

  private synchronized void stopAll() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      lambda.close();
    } catch (Exception e) {
      // stopping: the server and the directory go all the same
    }
    stop(server, dir);
  }

  private static void stop(FarolServer server, Path dir) {
    if (server != null) {
      try {
        server.close();
      } catch (Exception e) {
        // stopping
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary directory left behind is the system's to clean
    }
  }
}
