package dev.farol.cli;

import dev.farol.runtime.config.Definitions;
import dev.farol.runtime.env.LambdaService;
import dev.farol.runtime.invoke.InvokeException;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code farol invoke}: one synchronous invocation, printing the result (stdout) and the log tail
 * (stderr). Goes to a running {@code farol up} when one listens on the Invoke API port, else runs
 * the function on a local Lambda of its own for this one call.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
    description = {"Invoke a function once and print its result and the log tail.",
        "Uses the running 'farol up' when there is one, else starts the function just for this call."})
final class InvokeCommand implements java.util.concurrent.Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FUNCTION", description = "function name")
  String function;

  @Option(names = "--payload", paramLabel = "JSON|@FILE", defaultValue = "{}",
      description = "the event: JSON text, or @file to read it from a file (default: {})")
  String payload;

  @Option(names = "--local", description = "always run locally, even when 'farol up' is running")
  boolean localOnly;

  @Option(names = "--no-tail", description = "do not print the log tail")
  boolean noTail;

  @Mixin
  LocalOptions local;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    byte[] event = event();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!localOnly) {
      Integer code = remote(event, out, err);
      if (code != null) {
        return code;
      }
    }
    return localRun(event, out, err);
  }

  private byte[] event() {
    if (payload.startsWith("@")) {
      Path file = Path.of(payload.substring(1));
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UserError("--payload " + payload + ": cannot read " + file + ": " + e.getMessage());
      }
    }
    return payload.getBytes(StandardCharsets.UTF_8);
  }

  /** Invokes through a running Invoke API; {@code null} when nothing listens there. */
  private Integer remote(byte[] event, PrintWriter out, PrintWriter err) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + local.invokePort
            + "/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations"))
        .header("X-Amz-Log-Type", "Tail")
        .timeout(Duration.ofMinutes(16))
        .POST(HttpRequest.BodyPublishers.ofByteArray(event))
        .build();
    HttpResponse<byte[]> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      return null;
    } catch (IOException e) {
      throw new UserError("the Invoke API on 127.0.0.1:" + local.invokePort + " failed: " + e.getMessage(), 1);
    }
    String body = new String(r.body(), StandardCharsets.UTF_8);
    if (r.statusCode() >= 300) {
      String type = r.headers().firstValue("x-amzn-ErrorType").orElse("HTTP " + r.statusCode());
      throw new UserError(type + ": " + body, 1);
    }
    String tail = r.headers().firstValue("X-Amz-Log-Result")
        .map(t -> new String(Base64.getDecoder().decode(t), StandardCharsets.UTF_8)).orElse(null);
    return print(body, r.headers().firstValue("X-Amz-Function-Error").orElse(null), tail, out, err);
  }

  private int localRun(byte[] event, PrintWriter out, PrintWriter err) throws Exception {
    Definitions defs = local.load();
    if (defs.find(function).isEmpty()) {
      throw new UserError("no function named '" + function + "' in " + defs.source() + " (functions: "
          + defs.functions().stream().map(f -> f.name()).collect(Collectors.joining(", ")) + ")");
    }
    Path work = Files.createDirectories(local.dataDir().resolve("runtime"));
    LambdaService.Options options = LambdaService.Options.defaults(work, local.javaRuntimeDir())
        .withIsolation(local.isolation).withBuiltInLayers(LocalOptions::builtInLayer);
    try (LambdaService lambda = LambdaService.start(options, defs.functions())) {
      InvokeResult result;
      try {
        result = lambda.invoke(new InvokeRequest(function, event, null, null, null, true));
      } catch (InvokeException e) {
        throw new UserError(e.type() + ": " + e.getMessage(), 1);
      }
      String tail = result.logTail() == null ? null
          : new String(Base64.getDecoder().decode(result.logTail()), StandardCharsets.UTF_8);
      return print(new String(result.payload(), StandardCharsets.UTF_8), result.functionError(), tail, out, err);
    }
  }

  private int print(String body, String functionError, String tail, PrintWriter out, PrintWriter err) {
    if (tail != null && !noTail) {
      err.print(tail.endsWith("\n") ? tail : tail + "\n");
      err.flush();
    }
    out.println(body);
    out.flush();
    if (functionError != null) {
      err.println("farol: the function failed (" + functionError + ")");
      err.flush();
      return 1;
    }
    return 0;
  }
}
