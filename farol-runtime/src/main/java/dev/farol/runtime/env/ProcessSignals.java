package dev.farol.runtime.env;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends POSIX signals (SIGSTOP, SIGCONT, SIGTERM, SIGKILL) to process ids and reads their memory.
 *
 * <p>The JDK can only terminate its own children, so signals go through one long-lived shell whose
 * built-in {@code kill} runs without forking: a freeze or thaw costs a pipe write, not a process
 * start, which keeps thawing off the warm-invoke latency budget.
 */
final class ProcessSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessSignals.class);
  private static final Path PROC = Path.of("/proc");

  private final Process shell;
  private final OutputStream commands;
  private boolean closed;

  private ProcessSignals(Process shell) {
    this.shell = shell;
    this.commands = shell.getOutputStream();
  }

  /** Starts the signalling shell, or returns {@code null} where there is no {@code /bin/bash} or no {@code /proc}. */
  static ProcessSignals startOrNull() {
    if (!Files.isExecutable(Path.of("/bin/bash")) || !Files.isDirectory(PROC.resolve("self"))) {
      return null;
    }
    try {
      Process p = new ProcessBuilder("/bin/bash", "-c",
          "while read -r sig pids; do kill -s \"$sig\" -- $pids 2>/dev/null; done")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return new ProcessSignals(p);
    } catch (IOException e) {
      LOG.warn("cannot start the signalling shell, environments will not be frozen: {}", e.getMessage());
      return null;
    }
  }

  synchronized void signal(String signal, List<Long> pids) {
    if (pids.isEmpty() || closed) {
      return;
    }
    StringBuilder line = new StringBuilder(signal.length() + pids.size() * 8).append(signal);
    for (long pid : pids) {
      line.append(' ').append(pid);
    }
    line.append('\n');
    try {
      commands.write(line.toString().getBytes(StandardCharsets.US_ASCII));
      commands.flush();
    } catch (IOException e) {
      LOG.warn("signalling shell is gone: {}", e.getMessage());
    }
  }

  /**
   * The process and all its descendants, parents first. Walks {@code /proc/<pid>/task/<tid>/children}
   * from the root, which costs a few reads per process instead of a scan of every process on the
   * machine ({@link ProcessHandle#descendants()}); falls back to that scan where the files are missing.
   */
  static List<Long> tree(ProcessHandle root) {
    List<Long> pids = new ArrayList<>();
    if (!root.isAlive()) {
      root.descendants().forEach(h -> pids.add(h.pid()));
      return pids;
    }
    pids.add(root.pid());
    try {
      for (int i = 0; i < pids.size(); i++) {
        Path tasks = PROC.resolve(Long.toString(pids.get(i))).resolve("task");
        try (java.util.stream.Stream<Path> threads = Files.list(tasks)) {
          for (Path t : (Iterable<Path>) threads::iterator) {
            String children;
            try {
              children = Files.readString(t.resolve("children"), StandardCharsets.US_ASCII);
            } catch (java.nio.file.NoSuchFileException gone) {
              continue;
            }
            for (String c : children.trim().split(" ")) {
              if (!c.isEmpty()) {
                pids.add(Long.parseLong(c));
              }
            }
          }
        } catch (java.nio.file.NoSuchFileException gone) {
          // the process ended meanwhile
        }
      }
      return pids;
    } catch (IOException | RuntimeException e) {
      List<Long> scanned = new ArrayList<>();
      scanned.add(root.pid());
      root.descendants().forEach(h -> scanned.add(h.pid()));
      return scanned;
    }
  }

  /**
   * Sum of a statistic from {@code /proc/<pid>/status} over the given processes, in kB: {@code VmHWM}
   * (peak resident set) or {@code VmRSS} (current resident set). Processes that have gone count 0.
   */
  static long sumStatusKb(List<Long> pids, String field) {
    long total = 0;
    for (long pid : pids) {
      total += statusKb(pid, field);
    }
    return total;
  }

  /** The process group of a process (from {@code /proc/<pid>/stat}), or {@code -1}. */
  static long processGroup(long pid) {
    try {
      String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.US_ASCII);
      // pid (comm) state ppid pgrp ...: comm may hold spaces, so count from its closing parenthesis
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[2]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static long statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
        if (line.startsWith(field) && line.length() > field.length() && line.charAt(field.length()) == ':') {
          String v = line.substring(field.length() + 1).trim();
          int sp = v.indexOf(' ');
          return Long.parseLong(sp < 0 ? v : v.substring(0, sp));
        }
      }
    } catch (IOException | RuntimeException e) {
      // process gone or not readable: counts as nothing
    }
    return 0;
  }

  @Override
  public synchronized void close() {
    closed = true;
    try {
      commands.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    shell.destroyForcibly();
  }
}
