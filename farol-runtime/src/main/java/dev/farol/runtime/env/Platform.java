package dev.farol.runtime.env;

import dev.farol.runtime.config.LayerRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/** What every execution environment of one local Lambda shares. */
record Platform(
    Sandbox.Choice sandbox,
    Path workDir,
    Path socketsDir,
    Path hostSocketsDir,
    List<Integer> hostPorts,
    java.util.Map<Integer, Integer> portAliases,
    Path initScript,
    Path hostsFile,
    Path javaRuntimeDir,
    Path javaHome,
    String region,
    String accountId,
    boolean freeze,
    Duration idleTimeout,
    Duration initTimeout,
    Function<LayerRef, Path> builtInLayers,
    RuntimeApiServer runtimeApi,
    ProcessSignals signals,
    ScheduledExecutorService scheduler,
    ExecutorService background,
    LogSink logSink) {

  boolean isolated() {
    return sandbox.mode() == Sandbox.Mode.ISOLATED;
  }

  String functionArn(String name) {
    return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
  }
}
