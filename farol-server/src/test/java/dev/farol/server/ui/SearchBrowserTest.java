package dev.farol.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace search and compare in a real browser ({@link Chromium}) against a real server fed over OTLP: two payments
 * through API Gateway (the inferred span, the invocation, Spring's request span {@code POST
 * /installments/{id}/payments}, the ledger call), found by their route and compared; pages and bins on a store of
 * 1,200 traces; attacker text in span names and attributes shown as text.
 */
@Tag("browser")
class SearchBrowserTest {
  static final String XSS = UiBrowserTest.XSS;
  static final String ROUTE = "POST /installments/{id}/payments";
  static final String PAY_1 = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PAY_2 = "5c0a3f4688c45eb7b4df03ae1f1f5847";
  static final String EVIL = "6d1b40579ad56fc8c5e014bf20206958";

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
    Otlp otlp = new Otlp(server.ingestPort());
    long now = System.currentTimeMillis() * 1_000_000L;
    List<Otlp.Span> spans = new ArrayList<>();
    spans.addAll(payment(PAY_1, now - 600_000_000_000L, 50, true, false));
    spans.addAll(payment(PAY_2, now - 300_000_000_000L, 200, false, true));
    for (int i = 0; i < 3; i++) {
      long start = now - (500 - 100L * i) * 1_000_000_000L;
      spans.add(new Otlp.Span(String.format("%032x", 0xc1ea0 + i), String.format("%016x", 0xc1ea0 + i), null,
          "aws.lambda", "clean-math", "clean-math", 2, start, start + (12 + i) * 1_000_000L, false, Map.of()));
    }
    spans.add(new Otlp.Span(EVIL, "00000000000e0111", null, XSS, XSS, XSS, 2, now - 200_000_000_000L,
        now - 199_000_000_000L, true, Map.of("note", XSS)));
    otlp.spans(spans);
  }

  /**
   * A payment as Farol's tracer and extension report it: the inferred API Gateway span named with the route, the
   * invocation, Spring's request span with {@code http.route}, the ledger call ({@code ledgerMs} long), and a
   * database query or a retry.
   */
  static List<Otlp.Span> payment(String trace, long start, long ledgerMs, boolean query, boolean retry) {
    long ms = 1_000_000L;
    String fn = "installments-api";
    Map<String, String> http = Map.of("http.route", "/installments/{id}/payments", "http.request.method", "POST");
    List<Otlp.Span> out = new ArrayList<>(List.of(
        new Otlp.Span(trace, "00000000000a0001", null, "aws.apigateway " + ROUTE, "installments", null, 2, start,
            start + (ledgerMs + 60) * ms, false, http),
        new Otlp.Span(trace, "00000000000a0002", "00000000000a0001", "aws.lambda", "installments", fn, 2,
            start + 2 * ms, start + (ledgerMs + 55) * ms, false, Map.of("faas.invocation_id", trace.substring(0, 8))),
        new Otlp.Span(trace, "00000000000a0003", "00000000000a0002", ROUTE, "installments", fn, 2, start + 5 * ms,
            start + (ledgerMs + 50) * ms, false, http),
        new Otlp.Span(trace, "00000000000a0004", "00000000000a0003", "ledger.post", "installments", fn, 3,
            start + 10 * ms, start + (10 + ledgerMs) * ms, false, Map.of("peer.service", "ledger"))));
    if (query) {
      out.add(new Otlp.Span(trace, "00000000000a0005", "00000000000a0003", "db.query", "installments", fn, 3,
          start + (12 + ledgerMs) * ms, start + (20 + ledgerMs) * ms, false, Map.of()));
    }
    if (retry) {
      out.add(new Otlp.Span(trace, "00000000000a0006", "00000000000a0003", "retry", "installments", fn, 1,
          start + (12 + ledgerMs) * ms, start + (30 + ledgerMs) * ms, false, Map.of()));
    }
    return out;
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Saves the whole page's screenshot as target/screenshots/NAME.png. */
  static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot(name)).setFullPage(true));
  }

  @Test
  void searchByRoute_findsThePayments_withTheirScatterAndTotal_andARowOpensItsTrace() throws Exception {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/traces");
    assertThat(page.locator(".totals")).hasText("6 traces match · page 1, 6 shown");

    page.locator("input[name=route]").fill(ROUTE);
    page.locator("input[name=route]").press("Enter");

    assertThat(page).hasURL(base + "/traces?route=" + URLEncoder.encode(ROUTE, StandardCharsets.UTF_8));
    Locator rows = page.locator("table.results tbody tr");
    assertThat(rows).hasCount(2);
    assertThat(page.locator(".totals")).hasText("2 traces match · page 1, 2 shown");
    assertThat(rows.nth(0)).hasAttribute("data-trace-id", PAY_2);
    assertThat(rows.nth(1)).hasAttribute("data-trace-id", PAY_1);
    assertThat(rows.nth(1).locator("th.root")).hasText("aws.apigateway " + ROUTE);
    assertThat(rows.nth(1).locator("td.service")).hasText("installments");
    assertThat(rows.nth(1).locator("td.spans")).hasText("5");
    assertThat(rows.nth(1).locator("td.duration")).hasText("110 ms");
    assertThat(page.locator("figure.scatter")).hasAttribute("data-kind", "points");
    assertThat(page.locator("figure.scatter")).hasAttribute("data-count", "2");
    assertThat(page.locator("figure.scatter canvas").first()).isVisible();
    screenshot(page, "search");

    // the route and another filter together, in the URL, so the link opens the same search
    page.navigate(base + "/traces?route=" + URLEncoder.encode(ROUTE, StandardCharsets.UTF_8) + "&span=retry");
    assertThat(rows).hasCount(1);
    assertThat(rows.first()).hasAttribute("data-trace-id", PAY_2);
    assertThat(page.locator("input[name=span]")).hasValue("retry");

    rows.first().locator("th.root a").click();
    assertThat(page).hasURL(base + "/traces/" + PAY_2);
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void comparingTwoPaymentsOfTheRoute_showsTheAddedTheMissingAndTheSlowerSpan() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/traces?route=" + URLEncoder.encode(ROUTE, StandardCharsets.UTF_8));
    assertThat(page.locator("table.results tbody tr")).hasCount(2);
    Locator compare = page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Compare").setExact(true));
    assertThat(compare).isDisabled();
    page.locator("tr[data-trace-id='" + PAY_1 + "'] input[type=checkbox]").check();
    page.locator("tr[data-trace-id='" + PAY_2 + "'] input[type=checkbox]").check();
    compare.click();

    assertThat(page).hasURL(base + "/compare?a=" + PAY_1 + "&b=" + PAY_2);
    assertThat(page.locator("tr[data-change=added][data-name=retry]")).hasCount(1);
    assertThat(page.locator("tr[data-change=missing][data-name='db.query']")).hasCount(1);
    Locator ledger = page.locator("tr[data-change=slower][data-name='ledger.post']");
    assertThat(ledger).hasCount(1);
    assertThat(ledger.locator("td.delta")).hasText("+150 ms");
    assertThat(page.locator("ul.counts li[data-change=added]")).hasText("added 1");
    assertThat(page.locator("ul.counts li[data-change=missing]")).hasText("missing 1");
    assertThat(page.locator(".warning")).hasCount(0);
    screenshot(page, "compare");

    // the ledger call took 150 ms longer, so everything above it did too
    assertThat(page.locator("tr[data-change=slower]")).hasCount(4);
    assertThat(page.locator("tr[data-change=same]")).hasCount(0);
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void manyTraces_comeInPages_withTheirTotal_andTheScatterInBins(@TempDir Path many) throws Exception {
    try (FarolServer big = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(many))
        .start()) {
      long now = System.currentTimeMillis() * 1_000_000L;
      List<Otlp.Span> spans = new ArrayList<>();
      for (int i = 0; i < 1200; i++) {
        long start = now - (3_000L - 2L * i) * 1_000_000_000L;
        spans.add(new Otlp.Span(String.format("%032x", 0x100000 + i), String.format("%016x", 0x100000 + i), null,
            "aws.lambda", "ledger", "ledger", 2, start, start + (5 + (i * 37) % 400) * 1_000_000L, i % 50 == 0,
            Map.of()));
      }
      new Otlp(big.ingestPort()).spans(spans);
      Page page = CHROMIUM.newPage().page();
      page.navigate("http://127.0.0.1:" + big.queryPort() + "/traces?range=1h");

      assertThat(page.locator(".totals")).hasText("1,200 traces match · page 1, 50 shown");
      assertThat(page.locator("figure.scatter")).hasAttribute("data-kind", "bins");
      assertThat(page.locator("figure.scatter")).hasAttribute("data-count", "1200");
      Locator first = page.locator("table.results tbody tr").first();
      assertThat(first).hasAttribute("data-trace-id", String.format("%032x", 0x100000 + 1199));
      screenshot(page, "search-bins");

      page.locator("button.next-page").click();
      assertThat(page.locator(".totals")).hasText("1,200 traces match · page 2, 50 shown");
      assertThat(first).hasAttribute("data-trace-id", String.format("%032x", 0x100000 + 1149));
      page.getByText("Previous").click();
      assertThat(first).hasAttribute("data-trace-id", String.format("%032x", 0x100000 + 1199));
      page.close();
    }
  }

  @Test
  void attackerText_inSpanNamesAndAttributes_isShownAsText_andRunsNoScript() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/traces?attr=" + URLEncoder.encode("note=" + XSS, StandardCharsets.UTF_8));

    Locator rows = page.locator("table.results tbody tr");
    assertThat(rows).hasCount(1);
    assertThat(rows.first().locator("th.root")).hasText(XSS);
    assertThat(rows.first().locator("td.service")).hasText(XSS);
    assertThat(page.locator(".chips li code")).hasText("note=" + XSS);
    page.locator("input[name=span]").fill("onerror");
    page.locator("input[name=span]").press("Enter");
    assertThat(page).hasURL(Pattern.compile("span=onerror"));
    assertThat(rows).hasCount(1);
    page.navigate(base + "/compare?a=" + EVIL + "&b=" + PAY_1);
    assertThat(page.locator("tr[data-change=missing] th.span-name").first()).hasText(XSS);
    assertThat(page.locator(".warning")).containsText(XSS);
    assertThat(page.locator("img")).hasCount(0);
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void aBadFilter_saysWhy_andNoTracesSaysSo() {
    Page page = CHROMIUM.newPage().page();
    page.navigate(base + "/traces?route=nope");
    assertThat(page.locator(".error-panel")).containsText("route must be a path such as /installments/{id}/payments");
    page.navigate(base + "/traces?service=nobody");
    assertThat(page.locator("p.empty")).hasText("No traces match these filters in the last 1h. Loosen a filter or "
        + "choose a longer range.");
    page.navigate(base + "/compare");
    assertThat(page.locator("input[name=a]")).isVisible();
    page.close();
  }
}
