package dev.farol.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logs screen in a real browser ({@link Chromium}) against a real server fed over OTLP: search by text and
 * level, a line's link to its trace and span, the live tail (a line sent after the page opened appears; stopped, the
 * page waits; resumed, what came meanwhile appears), and attacker text in a line shown as text.
 */
@Tag("browser")
class LogsBrowserTest {
  static final String XSS = UiBrowserTest.XSS;
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "00000000000a0003";

  @RegisterExtension
  static final Chromium CHROMIUM = new Chromium();

  @TempDir
  static Path data;
  static FarolServer server;
  static String base;
  static Otlp otlp;
  static long now;

  @BeforeAll
  static void startAndSend() throws Exception {
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(data)).start();
    base = "http://127.0.0.1:" + server.queryPort();
    otlp = new Otlp(server.ingestPort());
    now = System.currentTimeMillis() * 1_000_000L;
    long s = 1_000_000_000L;
    otlp.logs(List.of(
        new Otlp.Log(now - 300 * s, null, "START RequestId: r-1 Version: $LATEST", "installments-api", "r-1", null,
            null),
        new Otlp.Log(now - 299 * s, "INFO", "payment accepted for installment 1", "installments-api", "r-1", TRACE,
            SPAN),
        new Otlp.Log(now - 298 * s, null, "2026-05-04 10:00:02 ERROR payment failed: ledger timeout",
            "installments-api", "r-1", TRACE, SPAN),
        new Otlp.Log(now - 297 * s, "WARN", "retrying the ledger", "installments-api", "r-1", TRACE, null),
        new Otlp.Log(now - 200 * s, null, "fib(20) = 6765", "clean-math", "r-2", null, null),
        new Otlp.Log(now - 100 * s, "ERROR", XSS, XSS, "r-3", null, null)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static Locator bodies(Page page) {
    return page.locator("ol.log-lines li .body");
  }

  @Test
  void searchByTextAndLevel_findsTheLine_whichLinksToItsTraceAndSpan() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/logs");
    assertThat(bodies(page)).hasCount(6);
    assertThat(bodies(page).first()).hasText(XSS);
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("logs")));

    page.locator("input[name=q]").fill("payment");
    page.locator("input[name=q]").press("Enter");
    assertThat(bodies(page)).hasText(new String[] {"2026-05-04 10:00:02 ERROR payment failed: ledger timeout",
        "payment accepted for installment 1"});
    page.locator("input[name=level-error]").check();
    page.getByText("Search", new Page.GetByTextOptions().setExact(true)).click();

    assertThat(page).hasURL(base + "/logs?q=payment&level=error");
    assertThat(bodies(page)).hasText(new String[] {"2026-05-04 10:00:02 ERROR payment failed: ledger timeout"});
    Locator line = page.locator("ol.log-lines li").first();
    assertThat(line.locator(".level")).hasText("ERROR");
    assertThat(line.locator(".function")).hasText("installments-api");
    Locator link = line.locator("a.trace-link");
    assertThat(link).hasAttribute("href", "/traces/" + TRACE + "?span=" + SPAN);
    link.click();
    assertThat(page).hasURL(base + "/traces/" + TRACE + "?span=" + SPAN);

    page.navigate(base + "/logs?level=warn,error&function=installments-api");
    assertThat(bodies(page)).hasText(new String[] {"retrying the ledger",
        "2026-05-04 10:00:02 ERROR payment failed: ledger timeout"});
    assertThat(page.locator("input[name=level-warn]")).isChecked();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void theLiveTail_showsALineSentAfterThePageOpened_stopsAndResumesWithoutLosingOne() throws Exception {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/logs?function=clean-math");
    assertThat(bodies(page)).hasText(new String[] {"fib(20) = 6765"});
    page.getByText("Live tail").click();
    assertThat(page.locator(".live")).isVisible();

    otlp.logs(List.of(new Otlp.Log(System.currentTimeMillis() * 1_000_000L, null, "fib(21) = 10946", "clean-math",
        "r-4", null, null), new Otlp.Log(System.currentTimeMillis() * 1_000_000L, null, "not clean-math's",
        "ledger", "r-5", null, null)));
    assertThat(bodies(page)).hasText(new String[] {"fib(21) = 10946", "fib(20) = 6765"});
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("logs-tail")));

    page.getByText("Stop tail").click();
    assertThat(page.locator(".live")).hasCount(0);
    // a line that came long after it was written: the tail goes by arrival, not by time
    otlp.logs(List.of(new Otlp.Log(now - 250 * 1_000_000_000L, null, "fib(22) = 17711, late", "clean-math", "r-6",
        null, null)));
    page.getByText("Resume tail").click();
    assertThat(bodies(page)).hasText(new String[] {"fib(22) = 17711, late", "fib(21) = 10946", "fib(20) = 6765"});
    page.getByText("Stop tail").click();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void aLineOfAttackerText_isShownAsText_andRunsNoScript() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/logs?level=error");

    assertThat(bodies(page)).hasText(new String[] {XSS, "2026-05-04 10:00:02 ERROR payment failed: ledger timeout"});
    assertThat(page.locator("ol.log-lines li .function").first()).hasText(XSS);
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("logs-attacker")));
    assertThat(page.locator("img")).hasCount(0);
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void noLines_andABadFilter_sayWhy() {
    Page page = CHROMIUM.newPage().page();
    page.navigate(base + "/logs?function=nobody");
    assertThat(page.locator("p.empty")).hasText("No lines match in the last 1h. Loosen a filter, choose a longer "
        + "range, or start the live tail to wait for new lines.");
    page.navigate(base + "/logs?traceId=abc");
    assertThat(page.locator(".error-panel")).containsText("/api/v1/logs: 400 a trace id is 32 hex digits, got 'abc'");
    page.close();
  }
}
