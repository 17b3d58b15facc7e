package dev.farol.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server under test in a process of its own, started by the harness and stopped by its pid: Farol's
 * server ({@link FarolServerMain}, DuckDB on disk) or Zipkin's server jar (in-memory storage).
 */
final class Backend implements AutoCloseable {
  final String name;
  final Process process;
  final int ingestPort;
  final int queryPort;

  private Backend(String name, Process process, int ingestPort, int queryPort) {
    this.name = name;
    this.process = process;
    this.ingestPort = ingestPort;
    this.queryPort = queryPort;
  }

  /** Stops the process, by its pid, should the harness itself be stopped first. */
  private static Process guarded(Process p) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (p.isAlive()) {
        ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
    }));
    return p;
  }

  static Backend farol(Path dataDir, String heap, Path log) throws IOException, InterruptedException {
    String cp = System.getProperty("java.class.path");
    String jvm = System.getProperty("bench.farol.jvm", "").trim();
    // as the farol command runs its JVM (a 2 GB heap unless bench.farol.heap says otherwise, ParallelGC
    // unless the extra options name a collector of their own)
    List<String> cmd = new java.util.ArrayList<>(List.of(java(), "-Xmx" + heap));
    if (!jvm.matches(".*-XX:\\+Use\\w+GC.*")) {
      cmd.add("-XX:+UseParallelGC");
    }
    // settings of the store to compare (e.g. -Dfarol.duckdb.threads=1), passed on from the harness
    for (String prop : List.of("farol.duckdb.threads", "farol.duckdb.rowGroupSize", "farol.journal.maxWaitingItems",
        "farol.journal.groupItems")) {
      if (System.getProperty(prop) != null) {
        cmd.add("-D" + prop + "=" + System.getProperty(prop));
      }
    }
    // extra JVM options for the server under test (e.g. a profiler), space-separated
    if (!jvm.isEmpty()) {
      cmd.addAll(List.of(jvm.split("\\s+")));
    }
    cmd.addAll(List.of("-cp", cp, FarolServerMain.class.getName(), dataDir.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectError(log.toFile());
    Process p = guarded(pb.start());
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    while (line != null && !line.startsWith("ports ") && !jvm.isEmpty()) {
      line = out.readLine(); // what the extra options print (a profiler's start-up line)
    }
    if (line == null || !line.startsWith("ports ")) {
      p.destroyForcibly();
      throw new IOException("Farol's server did not start (see " + log + "): " + line);
    }
    String[] ports = line.split(" ");
    return new Backend("farol", p, Integer.parseInt(ports[1]), Integer.parseInt(ports[2]));
  }

  /** Zipkin's server, {@code java -jar zipkin-server-<version>-exec.jar}, in-memory storage on a free port. */
  static Backend zipkin(Path home, String heap, long maxSpans, Path log) throws IOException, InterruptedException {
    Path jar = home.resolve("bench/target/zipkin/zipkin-server-exec.jar");
    if (!Files.exists(jar)) {
      throw new IOException(jar + " is missing: build the bench module (bench/run does)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx" + heap, "-Xms" + heap, "-XX:+UseParallelGC", "-jar",
        jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("STORAGE_TYPE", "mem");
    env.put("MEM_MAX_SPANS", Long.toString(maxSpans));
    env.put("QUERY_PORT", Integer.toString(port));
    // Zipkin's yaml binds armeria.ports[0] to QUERY_PORT on every address; this list entry replaces it
    env.put("ARMERIA_PORTS_0_IP", "127.0.0.1");
    env.put("ARMERIA_PORTS_0_PORT", Integer.toString(port));
    env.put("ARMERIA_PORTS_0_PROTOCOLS_0", "http");
    env.put("SELF_TRACING_ENABLED", "false");
    Process p = guarded(pb.start());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("Zipkin exited with " + p.exitValue() + " (see " + log + ")");
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health").toURL()
            .openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        int status = c.getResponseCode();
        if (status == 200) {
          c.getInputStream().readAllBytes();
          return new Backend("zipkin", p, port, port);
        }
        last = "HTTP " + status;
      } catch (IOException notYet) {
        last = notYet.toString(); // starting
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new IOException("Zipkin did not answer /health within 300 s (last: " + last + "; see " + log + ")");
  }

  /** Deletes a benchmark's scratch directory (data files, logs) unless {@code bench.keep} is set. */
  static void cleanUp(Path dir) throws IOException {
    if (Boolean.getBoolean("bench.keep")) {
      System.out.println("kept " + dir);
      return;
    }
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  long pid() {
    return process.pid();
  }

  /** Stops the process by its pid (SIGTERM, then SIGKILL after 60 s) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    ProcessHandle h = ProcessHandle.of(process.pid()).orElse(null);
    if (h == null) {
      return;
    }
    List<ProcessHandle> children = new ArrayList<>(h.descendants().toList());
    h.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      h.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
