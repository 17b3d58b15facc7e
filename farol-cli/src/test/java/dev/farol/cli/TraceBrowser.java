package dev.farol.cli;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium driven by Playwright for Java, for the one browser test of the command line
 * ({@link InstallmentsTraceViewTest}), launched exactly as farol-server's browser tests launch it (see
 * {@code farol-ui/README.md#browser-tests}): the machine's {@code node} runs Playwright's driver, {@code chromium} on
 * the PATH (or {@code FAROL_CHROMIUM}) is started by its path, headless, with a fresh profile. Skipped by assumption
 * without chromium or node, except in CI ({@code CI} set), where that fails.
 *
 * <p>farol-server's {@code Chromium} extension lives in its test classes; sharing it would take a test-jar (which the
 * house style leaves out) or a testing module for a single caller, so this command-line test has these few lines.
 */
final class TraceBrowser implements AutoCloseable {
  private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

  private final Playwright playwright;
  private final BrowserContext context;
  private final Path profile;
  /** What the pages printed as errors, and the dialogs they opened: an attacker's script that ran shows here. */
  final List<String> problems = new ArrayList<>();

  private TraceBrowser(Playwright playwright, BrowserContext context, Path profile) {
    this.playwright = playwright;
    this.context = context;
    this.profile = profile;
  }

  /** Chromium, started; the test is skipped (or fails, in CI) when chromium or node is missing. */
  static TraceBrowser start() throws java.io.IOException {
    Optional<Path> chromium = Optional.ofNullable(System.getenv("FAROL_CHROMIUM")).map(Path::of)
        .or(() -> onPath("chromium"));
    Optional<Path> node = Optional.ofNullable(System.getenv("PLAYWRIGHT_NODEJS_PATH")).map(Path::of)
        .or(() -> onPath("node"));
    String missing = chromium.isEmpty() ? "chromium (apt-get install chromium)" : node.isEmpty() ? "node" : null;
    if (missing != null) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException("the browser test needs " + missing + "; .ci/run installs it");
      }
      Assumptions.abort("the browser test needs " + missing + " on the PATH");
    }
    Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
        "PLAYWRIGHT_NODEJS_PATH", node.get().toString(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    Path profile = Files.createTempDirectory("farol-chromium-");
    BrowserContext context = playwright.chromium().launchPersistentContext(profile,
        new BrowserType.LaunchPersistentContextOptions().setExecutablePath(chromium.get()).setHeadless(true)
            .setArgs(ARGS).setViewportSize(1280, 800));
    return new TraceBrowser(playwright, context, profile);
  }

  /** A new page whose console errors and dialogs go to {@link #problems}. */
  Page page() {
    Page page = context.newPage();
    page.onConsoleMessage(m -> {
      if (m.type().equals("error")) {
        problems.add(m.text());
      }
    });
    page.onPageError(e -> problems.add("uncaught: " + e));
    page.onDialog(d -> {
      problems.add(d.type() + ": " + d.message());
      d.dismiss();
    });
    return page;
  }

  @Override
  public void close() throws java.io.IOException {
    context.close();
    playwright.close();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  private static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
