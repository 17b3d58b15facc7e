package dev.farol.runtime.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.runtime.TestFunctions;
import dev.farol.runtime.config.FunctionConfig;
import dev.farol.runtime.config.LayerRef;
import dev.farol.runtime.invoke.InvokeRequest;
import dev.farol.runtime.invoke.InvokeResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle edges that need a local Lambda of their own (short limits, closing it). */
class LifecycleTest {
  private final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();

  private LambdaService.Options options(Path dir, Duration idle, Duration init) {
    return options(dir, idle, init, "auto");
  }

  private LambdaService.Options options(Path dir, Duration idle, Duration init, String isolation) {
    return LambdaService.Options.defaults(dir.resolve("work"), TestFunctions.JAVA_RUNTIME)
        .withIsolation(isolation)
        .withTimings(idle, init, List.of(Duration.ofMillis(100), Duration.ofMillis(100)))
        .withLogSink((fn, source, line) -> logs.add(fn + "|" + source + "|" + line));
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void initLongerThanTheInitLimit_isRetriedInTheInvoke_thenTimesOut(@TempDir Path dir) throws Exception {
    Path code = TestFunctions.code(dir);
    FunctionConfig slow = TestFunctions.java("slow", code, "SlowInit::handleRequest", 1, 256, -1)
        .withEnvironment(Map.of("SLOW_INIT_MS", "4000"));
    try (LambdaService lambda = LambdaService.start(options(dir, Duration.ofMinutes(5), Duration.ofSeconds(1)),
        List.of(slow))) {
      InvokeResult r = lambda.invoke(new InvokeRequest("slow", "{}".getBytes(StandardCharsets.UTF_8), null, null,
          null, true));
      assertThat(r.functionError()).isEqualTo("Unhandled");
      assertThat(r.errorType()).isEqualTo("Sandbox.Timedout");
      assertThat(logs).anyMatch(l -> l.startsWith("slow|platform|INIT_REPORT") && l.contains("Phase: init")
          && l.contains("Status: timeout"));
      assertThat(logs).anyMatch(l -> l.startsWith("slow|platform|INIT_REPORT") && l.contains("Phase: invoke"));
    }
  }

  @Test
  void idleEnvironments_areReaped_andTheNextInvocationIsCold(@TempDir Path dir) throws Exception {
    Path code = TestFunctions.code(dir);
    FunctionConfig fn = TestFunctions.java("brief", code, "Fixture::handleRequest", 5, 256, -1);
    try (LambdaService lambda = LambdaService.start(options(dir, Duration.ofMillis(500), Duration.ofSeconds(10)),
        List.of(fn))) {
      assertThat(lambda.invoke(InvokeRequest.of("brief", "{}".getBytes(StandardCharsets.UTF_8))).failed()).isFalse();
      long until = System.nanoTime() + 10_000_000_000L;
      while (lambda.environments("brief") > 0 && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(lambda.environments("brief")).isZero();
      assertThat(lambda.invoke(InvokeRequest.of("brief", "{}".getBytes(StandardCharsets.UTF_8))).failed()).isFalse();
      assertThat(lambda.coldStarts("brief")).isEqualTo(2);
    }
  }

  @Test
  void closing_sendsExtensionsTheirShutdown_andEndsEveryProcess(@TempDir Path dir) throws Exception {
    Path code = TestFunctions.code(dir);
    FunctionConfig fn = TestFunctions.java("withext", code, "Fixture::handleRequest", 5, 256, -1)
        .withLayers(List.of(new LayerRef("layers/probe", TestFunctions.probeLayer(dir))));
    List<ProcessHandle> processes;
    LambdaService lambda = LambdaService.start(options(dir, Duration.ofMinutes(5), Duration.ofSeconds(10)),
        List.of(fn));
    try {
      assertThat(lambda.invoke(InvokeRequest.of("withext", "{}".getBytes(StandardCharsets.UTF_8))).failed())
          .isFalse();
      processes = ProcessHandle.current().descendants()
          .filter(p -> p.info().commandLine().orElse("").contains(dir.toString())
              || p.info().commandLine().orElse("").contains("farol-init.sh"))
          .toList();
      assertThat(processes).isNotEmpty();
    } finally {
      lambda.close();
    }
    assertThat(logs).contains("withext|extension:probe|probe shutdown");
    long until = System.nanoTime() + 5_000_000_000L;
    while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"isolated", "plain"})
  void telemetryApi_deliversEveryEventTypeToARealExtension(String isolation, @TempDir Path dir) throws Exception {
    if (isolation.equals("isolated")) {
      org.junit.jupiter.api.Assumptions.assumeTrue(Sandbox.choose("auto").mode() == Sandbox.Mode.ISOLATED,
          "isolated environments are not possible here");
    }
    Path code = TestFunctions.code(dir);
    FunctionConfig fn = TestFunctions.java("telemetered", code, "Fixture::handleRequest", 5, 256, -1)
        .withLayers(List.of(new LayerRef("layers/telemetry", TestFunctions.telemetryLayer(dir))))
        .withEnvironment(Map.of("TELEM_PORT", Integer.toString(freePort())));
    LambdaService lambda = LambdaService.start(options(dir, Duration.ofMinutes(5), Duration.ofSeconds(10),
        isolation), List.of(fn));
    try {
      for (int i = 0; i < 2; i++) {
        InvokeResult r = lambda.invoke(InvokeRequest.of("telemetered",
            "{\"sleepMs\":200,\"log\":[\"telemetry-marker\"]}".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.failed()).as(new String(r.payload(), StandardCharsets.UTF_8)).isFalse();
      }
    } finally {
      lambda.close();
    }
    assertThat(logs).contains("telemetered|extension:telem|telem subscribed: \"OK\"", "telemetered|extension:telem|telem shutdown");
    // the extension's listener (a background process the extension leaves behind when it exits) is gone too
    int port = Integer.parseInt(fn.environment().get("TELEM_PORT"));
    long until = System.nanoTime() + 5_000_000_000L;
    boolean listening = true;
    while (listening && System.nanoTime() < until) {
      try (java.net.Socket probe = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
        Thread.sleep(50);
      } catch (java.io.IOException refused) {
        listening = false;
      }
    }
    assertThat(listening).as("something still listens on the extension's port " + port).isFalse();
    // the last report, printed at SHUTDOWN: everything was flushed to the listener before it
    String received = logs.stream().filter(l -> l.startsWith("telemetered|extension:telem|telem received:"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(received).contains("platform.initStart", "platform.telemetrySubscription", "platform.initRuntimeDone",
        "platform.extension", "platform.initReport", "platform.start", "platform.runtimeDone", "platform.report",
        " function");
    String marker = logs.stream().filter(l -> l.startsWith("telemetered|extension:telem|telem marker lines:"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(marker).endsWith(": 2");
  }
}
