package dev.farol.server.ui;

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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's Chromium driven by Playwright for Java, once per test class (register with {@code @RegisterExtension
 * static}); {@link #newPage} opens a page whose console errors and dialogs are kept, so a test can assert that
 * no script of an attacker's ran.
 *
 * <p>How it runs without Playwright's downloads: the {@code driver} artifact carries the driver's JavaScript
 * (playwright-core, unpacked into {@code target/} by {@code DriverJar}, as {@code playwright.driver.tmpdir}
 * says); its {@code driver-bundle} of Node.js binaries is excluded, and the machine's {@code node} runs the
 * driver ({@code PLAYWRIGHT_NODEJS_PATH}: as set, else {@code node} found on the PATH); the browser download is
 * skipped ({@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1}) and {@code chromium} found on the PATH (Debian's package;
 * {@code FAROL_CHROMIUM} names another) is launched by its path, headless, with a fresh profile in a temporary
 * directory. Without chromium or node the tests are skipped by assumption, except in CI ({@code CI} set), where
 * they fail: CI installs chromium.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {
  /** Debian's chromium, quiet: no sandbox (it runs as root in CI), no GPU, nothing fetched in the background. */
  static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

  private Playwright playwright;
  private BrowserContext context;
  private Path profile;

  @Override
  public void beforeAll(ExtensionContext extension) throws Exception {
    Optional<Path> chromium = Optional.ofNullable(System.getenv("FAROL_CHROMIUM")).map(Path::of)
        .or(() -> onPath("chromium"));
    Optional<Path> node = Optional.ofNullable(System.getenv("PLAYWRIGHT_NODEJS_PATH")).map(Path::of)
        .or(() -> onPath("node"));
    String missing = chromium.isEmpty() ? "chromium (apt-get install chromium)" : node.isEmpty() ? "node" : null;
    if (missing != null) {
      if (System.getenv("CI") != null) {
        throw new IllegalStateException("the browser tests need " + missing + "; .ci/run installs it");
      }
      Assumptions.abort("the browser tests need " + missing + " on the PATH");
    }
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of(
        "PLAYWRIGHT_NODEJS_PATH", node.get().toString(),
        "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    profile = Files.createTempDirectory("farol-chromium-");
    context = playwright.chromium().launchPersistentContext(profile, new BrowserType.LaunchPersistentContextOptions()
        .setExecutablePath(chromium.get()).setHeadless(true).setArgs(ARGS).setViewportSize(1280, 800));
  }

  @Override
  public void afterAll(ExtensionContext extension) throws Exception {
    if (context != null) {
      context.close(); // ends chromium
    }
    if (playwright != null) {
      playwright.close(); // ends the driver's node process
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  /** A page of its own (its own sessionStorage), with what it printed as errors and the dialogs it opened. */
  Watched newPage() {
    Page page = context.newPage();
    Watched watched = new Watched(page, new ArrayList<>(), new ArrayList<>());
    page.onConsoleMessage(m -> {
      if (m.type().equals("error")) {
        watched.consoleErrors().add(m.text());
      }
    });
    page.onPageError(e -> watched.consoleErrors().add("uncaught: " + e));
    page.onDialog(d -> {
      watched.dialogs().add(d.type() + ": " + d.message());
      d.dismiss();
    });
    return watched;
  }

  /** A page and what it did that a test asserts never happened. */
  record Watched(Page page, List<String> consoleErrors, List<String> dialogs) {}

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
