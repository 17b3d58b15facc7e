package dev.farol.runtime.env;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How execution environments are started: isolated like a Lambda sandbox, or as plain processes.
 *
 * <p><b>Isolated</b> (Linux with bubblewrap and socat): every environment gets its own mount, PID,
 * IPC, UTS and network namespaces. Layers are merged at {@code /opt}, the code is at {@code /var/task},
 * the JDK at {@code /var/lang}, {@code /tmp} is private, {@code sandbox.localdomain} resolves to the
 * loopback, and the network holds only a loopback on which the Runtime API answers at
 * {@code 127.0.0.1:9001} (forwarded to Farol over a Unix socket). Extensions' fixed ports never collide
 * across environments.
 *
 * <p><b>Plain</b> (anything else): processes on the host, each environment with its own Runtime API
 * port; paths are the host's.
 */
final class Sandbox {
  static final String TASK = "/var/task";
  static final String OPT = "/opt";
  static final String LANG = "/var/lang";
  static final String RUNTIME_LIB = "/var/runtime/lib";
  static final String INIT = "/var/runtime/farol-init.sh";
  static final String CONTROL = "/run/farol";
  static final String HOST_SOCKETS = "/run/farol-host";
  static final int RUNTIME_API_PORT = 9001;

  enum Mode { ISOLATED, PLAIN }

  /** The mode chosen and, for plain mode, why isolation was not possible. */
  record Choice(Mode mode, String reason) {}

  private Sandbox() {}

  /**
   * Chooses the mode: isolated when asked for or allowed and possible, plain otherwise.
   *
   * @param requested {@code auto}, {@code isolated} or {@code plain}
   */
  static Choice choose(String requested) {
    String r = requested.toLowerCase(Locale.ROOT);
    if (!r.equals("auto") && !r.equals("isolated") && !r.equals("plain")) {
      throw new IllegalArgumentException("unknown isolation mode '" + requested + "': use auto, isolated or plain");
    }
    if (r.equals("plain")) {
      return new Choice(Mode.PLAIN, "plain processes were asked for");
    }
    String problem = isolationProblem();
    if (problem == null) {
      return new Choice(Mode.ISOLATED, null);
    }
    if (r.equals("isolated")) {
      throw new IllegalStateException("isolated environments were asked for but are not possible here: " + problem);
    }
    return new Choice(Mode.PLAIN, problem);
  }

  /** Why isolation is impossible here, or {@code null} when it works. */
  static String isolationProblem() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return "not Linux";
    }
    Path bwrap = which("bwrap");
    if (bwrap == null) {
      return "bubblewrap (bwrap) is not installed (Debian: apt-get install bubblewrap)";
    }
    if (which("socat") == null) {
      return "socat is not installed (Debian: apt-get install socat)";
    }
    try {
      List<String> cmd = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--die-with-parent"));
      addSystemMounts(cmd);
      cmd.add("/bin/true");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "bubblewrap did not start a test sandbox within 10 s";
      }
      String out = new String(p.getInputStream().readAllBytes()).trim();
      if (p.exitValue() != 0) {
        return "bubblewrap cannot create namespaces here (" + out + ")";
      }
      return null;
    } catch (IOException e) {
      return "bubblewrap failed to start: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while testing bubblewrap";
    }
  }

  static Path which(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin")) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The bubblewrap command line that runs {@code inner} in a fresh sandbox.
   *
   * @param hostsFile the {@code /etc/hosts} of the sandbox
   */
  static List<String> isolatedCommand(
      Path hostsFile, Path taskRoot, Path opt, Path javaRuntimeDir, Path javaHome, Path initScript,
      Path controlDir, Path hostSocketsDir, String hostname, List<String> inner) {
    Path bwrap = which("bwrap");
    List<String> cmd = new ArrayList<>(List.of(
        bwrap == null ? "bwrap" : bwrap.toString(),
        "--unshare-all", "--die-with-parent", "--new-session", "--hostname", hostname));
    addSystemMounts(cmd);
    add(cmd, "--ro-bind", hostsFile.toString(), "/etc/hosts");
    add(cmd, "--ro-bind", taskRoot.toString(), TASK);
    add(cmd, "--ro-bind", opt.toString(), OPT);
    add(cmd, "--ro-bind", javaHome.toString(), LANG);
    add(cmd, "--ro-bind", javaRuntimeDir.toString(), RUNTIME_LIB);
    add(cmd, "--ro-bind", initScript.toString(), INIT);
    add(cmd, "--bind", controlDir.toString(), CONTROL);
    add(cmd, "--bind", hostSocketsDir.toString(), HOST_SOCKETS);
    add(cmd, "--chdir", TASK);
    cmd.add("/bin/bash");
    cmd.add(INIT);
    cmd.addAll(inner);
    return cmd;
  }

  private static void addSystemMounts(List<String> cmd) {
    add(cmd, "--ro-bind", "/usr", "/usr");
    for (String top : List.of("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")) {
      Path p = Path.of(top);
      if (Files.isSymbolicLink(p)) {
        try {
          add(cmd, "--symlink", Files.readSymbolicLink(p).toString(), top);
        } catch (IOException e) {
          add(cmd, "--ro-bind", top, top);
        }
      } else if (Files.isDirectory(p)) {
        add(cmd, "--ro-bind", top, top);
      }
    }
    add(cmd, "--ro-bind", "/etc", "/etc");
    add(cmd, "--proc", "/proc");
    add(cmd, "--dev", "/dev");
    add(cmd, "--tmpfs", "/tmp");
    add(cmd, "--dir", "/var/runtime");
  }

  private static void add(List<String> cmd, String... args) {
    cmd.addAll(List.of(args));
  }
}
