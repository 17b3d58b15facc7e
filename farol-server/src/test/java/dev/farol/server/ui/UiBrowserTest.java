package dev.farol.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in a real browser (Debian's Chromium through Playwright, see {@link Chromium}) against a real server
 * on port 0 with DuckDB on disk, fed over OTLP by the OpenTelemetry SDK. Each screen's screenshot is saved under
 * {@code target/screenshots/}.
 */
@Tag("browser")
class UiBrowserTest {
  /** What an attacker puts in a function's name and a span's attributes. */
  static final String XSS = "<img src=x onerror=alert(1)>";

  @RegisterExtension
  static final Chromium CHROMIUM = new Chromium();

  @TempDir
  static Path data;
  static FarolServer server;
  static String base;

  @BeforeAll
  static void startAndSend() throws Exception {
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(data)).start();
    base = "http://127.0.0.1:" + server.queryPort();
    Telemetry telemetry = new Telemetry(server.ingestPort(), null);
    for (int i = 0; i < 5; i++) {
      telemetry.invocation("clean-math", 12 + 3 * i, i == 0, false);
    }
    for (int i = 0; i < 3; i++) {
      telemetry.invocation("installments", 180 + 40 * i, true, i == 2);
    }
    telemetry.invocation(XSS, 25, true, false);
    telemetry.invocation(XSS, 30, true, true);
    telemetry.invocation("ledger", 8, false, false);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static Path screenshot(String name) {
    return Path.of(System.getProperty("farol.screenshots", "target/screenshots"), name + ".png");
  }

  /** Each row's function, invocations and cold starts, as the page shows them. */
  @SuppressWarnings("unchecked")
  private static List<List<String>> rows(Page page) {
    return (List<List<String>>) page.locator("table.functions tbody tr").evaluateAll("rows => rows.map(r => "
        + "[r.dataset.function, r.querySelector('th.name').textContent, "
        + "r.querySelector('[data-column=invocations]').textContent, "
        + "r.querySelector('[data-column=coldStarts]').textContent])");
  }

  @Test
  void overview_listsEveryFunction_withItsInvocationsAndColdStarts_mostInvokedFirst() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/");

    assertThat(page).hasURL(base + "/functions");
    assertThat(page.locator("table.functions tbody tr")).hasCount(4);
    assertThat(rows(page)).containsExactly(
        List.of("clean-math", "clean-math", "5", "1"),
        List.of("installments", "installments", "3", "3"),
        List.of(XSS, XSS, "2", "2"),
        List.of("ledger", "ledger", "1", "0"));
    assertThat(page.locator("tr[data-function=installments] [data-column=errorRate]")).hasText("33 %");
    assertThat(page.locator("tr[data-function=installments] [data-column=coldStartRate]")).hasText("100 %");
    assertThat(page.locator("tr[data-function=installments] [data-column=memory]")).hasText("180 / 512 MB");
    assertThat(page.locator("tr[data-function=clean-math] svg.sparkline")).hasCount(1);
    assertThat(page.locator(".chart .u-wrap canvas").first()).isVisible();
    assertThat(page).hasTitle("Functions · Farol");
    page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("overview")).setFullPage(true));
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void everyColumnSorts_bothWays_andTheSortIsInTheUrl() {
    Page page = CHROMIUM.newPage().page();
    page.navigate(base + "/functions");
    Locator first = page.locator("table.functions tbody tr").first();
    assertThat(first).hasAttribute("data-function", "clean-math");

    page.locator("button[data-sort=coldStarts]").click();
    assertThat(first).hasAttribute("data-function", "installments");
    assertThat(rows(page)).extracting(r -> r.get(0)).containsExactly("installments", XSS, "clean-math", "ledger");
    assertThat(page).hasURL(Pattern.compile("sort=coldStarts&dir=desc$"));
    assertThat(page.locator("th[aria-sort=descending]")).hasText("Cold starts▼");

    page.locator("button[data-sort=coldStarts]").click();
    assertThat(first).hasAttribute("data-function", "ledger");
    assertThat(rows(page)).extracting(r -> r.get(0)).containsExactly("ledger", "clean-math", XSS, "installments");

    page.locator("button[data-sort=p50]").click();
    assertThat(first).hasAttribute("data-function", "installments");
    assertThat(rows(page)).extracting(r -> r.get(0)).containsExactly("installments", XSS, "clean-math", "ledger");

    // the sorted view is a link of its own
    page.navigate(base + "/functions?sort=invocations&dir=asc");
    assertThat(first).hasAttribute("data-function", "ledger");
    page.close();
  }

  @Test
  void aDeepLink_opensItsScreen_andARowLinksToItsFunction() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/functions/clean-math?range=6h");

    assertThat(page.locator("h1.function-name")).hasText("clean-math");
    assertThat(page).hasTitle("clean-math · Farol");
    assertThat(page.locator("nav.sections a[aria-current=page]")).hasText("Functions");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("6h"))).hasAttribute(
        "aria-pressed", "true");
    page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("function")));

    // back to the overview through the crumbs (the range goes along), then into another function by its row
    page.locator(".crumbs a").click();
    assertThat(page).hasURL(base + "/functions?range=6h");
    page.locator("tr[data-function=installments] th.name a").click();
    assertThat(page).hasURL(base + "/functions/installments?range=6h");
    assertThat(page.locator("h1.function-name")).hasText("installments");
    page.goBack();
    assertThat(page.locator("table.functions tbody tr")).hasCount(4);

    assertThat(w.consoleErrors()).isEmpty();
    // a trace this server does not have (the browser logs the API's 404; TraceViewBrowserTest has the trace view)
    page.navigate(base + "/traces/4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(page.locator("nav.sections a[aria-current=page]")).hasText("Traces");
    assertThat(page.locator("h1")).hasText("Trace 4bf92f3577b34da6a3ce929d0e0e4736");
    page.close();
  }

  @Test
  void attackerText_isShownAsText_andRunsNoScript() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/functions");
    Locator name = page.locator("table.functions tbody th.name a").filter(new Locator.FilterOptions().setHasText(
        "onerror"));

    assertThat(name).hasText(XSS);
    assertThat(name).hasAttribute("href", "/functions/" + URLEncoder.encode(XSS, StandardCharsets.UTF_8)
        .replace("+", "%20").replace("%28", "(").replace("%29", ")"));
    assertThat(page.locator("img")).hasCount(0);

    name.click();
    assertThat(page.locator("h1.function-name")).hasText(XSS);
    assertThat(page).hasTitle(XSS + " · Farol");
    page.navigate(base + "/traces/" + URLEncoder.encode(XSS, StandardCharsets.UTF_8).replace("+", "%20"));
    assertThat(page.locator("h1")).hasText("Trace " + XSS);
    assertThat(page.locator("img")).hasCount(0);

    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void theContentSecurityPolicy_isSent_andTheBrowserEnforcesIt() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    Response index = page.navigate(base + "/functions");

    assertThat(index.headerValue("content-security-policy")).isEqualTo(UiHandler.CONTENT_SECURITY_POLICY);
    assertThat(index.headerValue("x-content-type-options")).isEqualTo("nosniff");
    assertThat(page.locator("table.functions tbody tr")).hasCount(4);
    Object ran = page.evaluate("() => { const s = document.createElement('script');"
        + " s.textContent = 'window.inlineRan = true'; document.head.appendChild(s); return window.inlineRan === true; }");
    assertThat(ran).isEqualTo(false);
    assertThat(w.consoleErrors()).singleElement().asString().contains("Content Security Policy");
    page.close();
  }

  @Test
  void aFailedCall_showsItsMessage() {
    Page page = CHROMIUM.newPage().page();
    page.route("**/api/v1/functions**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
        .setStatus(503).setContentType("application/json").setBody("{\"error\":\"the store is unavailable\"}")));
    page.navigate(base + "/functions");

    assertThat(page.locator(".error-panel")).containsText("/api/v1/functions: 503 the store is unavailable");
    assertThat(page.locator("header.topbar")).isVisible();
    page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("error")));
    page.close();
  }

  @Test
  void themes_followTheSystem_andTheToggle() {
    Page page = CHROMIUM.newPage().page();
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(com.microsoft.playwright.options.ColorScheme.DARK));
    page.navigate(base + "/functions");
    page.evaluate("() => localStorage.removeItem('farol.theme')");
    page.reload();
    assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
    assertThat(page.locator("table.functions tbody tr")).hasCount(4);
    page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("overview-dark")).setFullPage(true));

    page.getByLabel("Toggle theme").click();
    assertThat(page.locator("html")).hasAttribute("data-theme", "light");
    page.reload();
    assertThat(page.locator("html")).hasAttribute("data-theme", "light");
    page.evaluate("() => localStorage.removeItem('farol.theme')");
    page.close();
  }

  /**
   * The README's picture: the overview of six hours of four functions' traffic (invocations every few minutes,
   * busier lately, a few cold starts and errors), saved as {@code target/screenshots/tour-overview.png}.
   */
  @Test
  void tour_sixHoursOfFourFunctions(@TempDir Path tour) throws Exception {
    try (FarolServer six = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(tour))
        .start()) {
      Telemetry telemetry = new Telemetry(six.ingestPort(), null);
      long now = System.currentTimeMillis();
      java.util.Random random = new java.util.Random(7);
      String[] functions = {"clean-math", "installments-api", "installments-bookkeeping", "ledger"};
      int[] perHour = {30, 18, 6, 12};
      for (int f = 0; f < functions.length; f++) {
        List<Telemetry.Invocation> invocations = new java.util.ArrayList<>();
        for (long at = now - 6 * 3_600_000L; at < now; ) {
          // traffic that rises and falls over the hours, busier for the last two
          double load = perHour[f] * (1.2 + Math.sin((now - at) / 2_400_000.0 + f)) * (now - at < 7_200_000L ? 2 : 1);
          at += (long) (3_600_000L / load * (0.3 + 1.4 * random.nextDouble()));
          long duration = f == 1 ? 120 + random.nextInt(400) : 5 + random.nextInt(f == 3 ? 60 : 25);
          invocations.add(new Telemetry.Invocation(at + random.nextInt(60_000), duration, random.nextInt(25) == 0,
              random.nextInt(f == 3 ? 15 : 60) == 0));
        }
        telemetry.invocations(functions[f], invocations);
      }
      Page page = CHROMIUM.newPage().page();
      page.navigate("http://127.0.0.1:" + six.queryPort() + "/functions?range=6h");
      assertThat(page.locator("table.functions tbody tr")).hasCount(4);
      assertThat(page.locator(".chart .u-wrap canvas").first()).isVisible();
      page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("tour-overview")));
      page.close();
    }
  }

  @Test
  void withAnApiKey_theFormAsksForIt_aWrongOneComesBack_andTheRightOneLoadsTheOverview(@TempDir Path keyed)
      throws Exception {
    try (FarolServer locked = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0).withApiKey("s3cret"),
        DuckDbStore.open(keyed)).start()) {
      new Telemetry(locked.ingestPort(), "s3cret").invocation("clean-math", 15, true, false);
      Page page = CHROMIUM.newPage().page();
      page.navigate("http://127.0.0.1:" + locked.queryPort() + "/functions");

      Locator key = page.locator("input[name=apiKey]");
      assertThat(key).isVisible();
      page.screenshot(new Page.ScreenshotOptions().setPath(screenshot("key-form")));
      key.fill("wrong");
      key.press("Enter");
      assertThat(page.locator(".key-form .problem")).hasText("The server refused that key.");

      page.locator("input[name=apiKey]").fill("s3cret");
      page.locator("input[name=apiKey]").press("Enter");
      assertThat(page.locator("table.functions tbody tr")).hasCount(1);
      assertThat(rows(page)).containsExactly(List.of("clean-math", "clean-math", "1", "1"));
      // kept for the tab: another screen needs no key again
      page.locator("tr[data-function=clean-math] th.name a").click();
      page.goBack();
      assertThat(page.locator("table.functions tbody tr")).hasCount(1);
      page.close();
    }
  }
}
