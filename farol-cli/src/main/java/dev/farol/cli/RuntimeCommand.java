package dev.farol.cli;

import dev.farol.runtime.LocalLambda;
import dev.farol.runtime.config.Definitions;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.env.LogSink;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code farol runtime}: the local Lambda alone, in the foreground. */
@Command(name = "runtime", mixinStandardHelpOptions = true,
    description = "Run the local Lambda only: Invoke API, API Gateway front and execution environments.")
class RuntimeCommand implements Runnable {

  @Mixin
  LocalOptions local;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "3000",
      description = "port of the API Gateway front (default: ${DEFAULT-VALUE})")
  int httpPort;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "address the APIs bind (default: ${DEFAULT-VALUE}; anything else exposes your functions)")
  String host;

  @Spec
  CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  /** What runs beside the local Lambda and ends after it (Farol's server, for {@code up}). */
  protected final List<AutoCloseable> companions = new java.util.ArrayList<>();

  /** Starts what the functions report to, before them; the runtime command has none. */
  protected void beforeStart(PrintWriter out) {
  }

  /** The functions as they will run (up attaches Farol's extension). */
  protected List<FunctionConfig> functions(Definitions defs) {
    return defs.functions();
  }

  protected LocalLambda.Settings settings(LocalLambda.Settings base) {
    return base;
  }

  @Override
  public void run() {
    if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
      // beyond this machine anyone could invoke the functions (and read the server): not without a key
      String key = System.getenv("FAROL_API_KEY");
      if (key == null || key.isEmpty()) {
        throw new UserError("binding " + host + " exposes the functions (and Farol's server) beyond this machine: "
            + "set FAROL_API_KEY first (the server then requires it; the Invoke API and the API Gateway front stay "
            + "open to whoever reaches them, as an API without an authorizer is), or keep the default 127.0.0.1");
      }
    }
    Definitions defs = local.load();
    PrintWriter out = spec.commandLine().getOut();
    beforeStart(out);
    LocalLambda lambda;
    try {
      lambda = start(defs, out);
    } catch (RuntimeException e) {
      closeCompanions(out);
      throw e;
    }
    Thread hook = new Thread(() -> {
      out.println("farol: stopping: shutting every execution environment down");
      out.flush();
      try {
        lambda.close();
      } catch (Exception e) {
        out.println("farol: while stopping: " + e);
      }
      closeCompanions(out);
      out.flush();
      stopped.countDown();
    }, "farol-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void closeCompanions(PrintWriter out) {
    for (AutoCloseable c : companions) {
      try {
        c.close();
      } catch (Exception e) {
        out.println("farol: while stopping: " + e);
      }
    }
  }

  LocalLambda start(Definitions defs, PrintWriter out) {
    LogSink sink = consoleSink(out, defs.functions());
    LocalLambda.Settings settings = settings(new LocalLambda.Settings(host, local.invokePort, httpPort,
        local.isolation, local.dataDir(), local.javaRuntimeDir(), sink)
        .withPlatform(List.of(), LocalOptions::builtInLayer));
    LocalLambda lambda;
    try {
      lambda = LocalLambda.start(settings, functions(defs));
    } catch (BindException e) {
      throw new UserError("cannot listen on " + host + ": " + e.getMessage() + " (is another farol running? "
          + "choose other ports with --invoke-port / --http-port)");
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    } catch (Exception e) {
      Throwable c = e;
      while (c != null) {
        if (c instanceof BindException) {
          throw new UserError("cannot listen on " + host + ": " + c.getMessage() + " (is another farol running? "
              + "choose other ports with --invoke-port / --http-port)");
        }
        c = c.getCause();
      }
      throw new IllegalStateException("the local Lambda did not start", e);
    }
    banner(out, defs, lambda);
    return lambda;
  }

  void banner(PrintWriter out, Definitions defs, LocalLambda lambda) {
    out.printf("farol: %d function(s) from %s%n", defs.functions().size(), defs.source());
    out.printf("farol: execution environments: %s%n", lambda.lambda().isolationDescription());
    out.printf("farol: Invoke API    http://%s:%d/2015-03-31/functions/{name}/invocations%n", host,
        lambda.invokePort());
    if (lambda.httpPort() > 0) {
      out.printf("farol: API Gateway   http://%s:%d%n", host, lambda.httpPort());
    }
    for (FunctionConfig fn : defs.functions()) {
      out.printf("farol:   %-32s %s, %d MB, %d s, %s%n", fn.name(), fn.runtime(), fn.memorySizeMb(),
          fn.timeoutSeconds(), fn.handler());
      for (HttpRoute r : fn.routes()) {
        out.printf("farol:       %-6s http://%s:%d%s  (%s)%n", r.method(), host, lambda.httpPort(), r.path(),
            switch (r.format()) {
              case REST_V1 -> "REST API";
              case HTTP_V1 -> "HTTP API, payload 1.0";
              case HTTP_V2 -> "HTTP API, payload 2.0";
            });
      }
    }
    out.println("farol: ready; Ctrl-C stops everything");
    out.flush();
  }

  static LogSink consoleSink(PrintWriter out, List<FunctionConfig> functions) {
    int width = functions.stream().mapToInt(f -> f.name().length()).max().orElse(10);
    String format = "%-" + width + "s | %s%n";
    return (function, source, line) -> {
      synchronized (out) {
        String prefix = source.startsWith("extension:") ? "[" + source.substring(10) + "] " : "";
        // an extension that names itself on its lines (as Farol's does, for CloudWatch) is not named twice
        out.printf(format, function, line.startsWith(prefix) ? line : prefix + line);
        out.flush();
      }
    };
  }
}
