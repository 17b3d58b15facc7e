package dev.farol.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.ColorScheme;
import dev.farol.server.FarolServer;
import dev.farol.server.store.DuckDbStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * The trace view (`/traces/{traceId}`) in a real browser against a real server fed over OTLP by the OpenTelemetry
 * SDK ({@link SdkTraces}): a Lambda-like trace with its init span, log lines, a span link and attacker text; a
 * crafted trace for the critical path; a trace of 100,000 spans. Screenshots under {@code target/screenshots/}.
 */
@Tag("browser")
class TraceViewBrowserTest {
  static final String XSS = UiBrowserTest.XSS;
  /** A payment through API Gateway into a function that calls a ledger function. */
  static final String LAMBDA = "5b8efff798038103d269b633813fc60c";
  /** The trace a span of {@link #LAMBDA} links to. */
  static final String LINKED = "6c9f0008a9149214e37ac744924fd71d";
  /** Overlapping children, for the critical path. */
  static final String CRAFTED = "7d0a1119ba25a325f48bd855a35e082e";

  @RegisterExtension
  static final Chromium CHROMIUM = new Chromium();

  @TempDir
  static Path data;
  static FarolServer server;
  static String base;
  /** Span ids by name, of the Lambda-like trace. */
  static Map<String, String> ids;
  static String linkedSpan;

  @BeforeAll
  static void startAndSend() throws Exception {
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(data)).start();
    base = "http://127.0.0.1:" + server.queryPort();
    long t0 = (System.currentTimeMillis() - 10 * 60_000) * 1_000_000L;
    try (SdkTraces sdk = new SdkTraces(server.ingestPort(), t0)) {
      Span queued = sdk.span("queue", "enqueue payment", SdkTraces.caller(LINKED, "0102030405060708"), 0, 4_000);
      linkedSpan = queued.getSpanContext().getSpanId();

      Context caller = SdkTraces.caller(LAMBDA, "00f067aa0ba902b7");
      String fn = "installments";
      Span apigw = sdk.span(fn, "aws.apigateway POST /installments/{id}/payments", caller, SpanKind.SERVER, 0, 250_000,
          b -> b.setAttribute("http.route", "/installments/{id}/payments"));
      Span lambda = sdk.span(fn, "aws.lambda", Context.root().with(apigw), SpanKind.SERVER, 30_000, 245_000,
          b -> b.setAttribute("faas.coldstart", true).setAttribute("note", XSS));
      Span init = sdk.span(fn, "aws.lambda.init", Context.root().with(lambda), 2_000, 28_000);
      Span spring = sdk.span(fn, "POST /installments/{id}/payments", Context.root().with(lambda), SpanKind.SERVER,
          40_000, 240_000, b -> b.setAttribute("http.response.status_code", 201L));
      Span app = sdk.span(fn, "installments.outstanding", Context.root().with(spring), 50_000, 90_000);
      Span client = sdk.span(fn, "POST", Context.root().with(spring), SpanKind.CLIENT, 100_000, 230_000,
          b -> b.setAttribute("url.full", "http://127.0.0.1:3000/bookkeeping/entries"));
      Span ledger = sdk.span("ledger", "aws.lambda", Context.root().with(client), SpanKind.SERVER, 110_000, 225_000,
          b -> {});
      Span attacker = sdk.start("ledger", XSS, Context.root().with(ledger), SpanKind.INTERNAL, 120_000,
          b -> b.setAttribute("payload", XSS).addLink(queued.getSpanContext(),
              Attributes.of(AttributeKey.stringKey("why"), "queued first")));
      sdk.event(attacker, "retry", Attributes.of(AttributeKey.longKey("attempt"), 2L), 150_000);
      attacker.setStatus(StatusCode.ERROR, "ledger refused");
      sdk.end(attacker, 200_000);
      sdk.log(fn, init, 20_000, "INFO", "Started InstallmentsApplication in 1.9 seconds");
      sdk.log(fn, app, 60_000, "INFO", "payment 7 of 10 EUR on installment 1");
      sdk.log("ledger", attacker, 150_000, "WARN", "entry refused: " + XSS);

      Context crafted = SdkTraces.caller(CRAFTED, "0a0b0c0d0e0f0102");
      Span a = sdk.span("api", "A", crafted, 0, 100_000);
      sdk.span("api", "B", Context.root().with(a), 5_000, 40_000);
      Span c = sdk.span("api", "C", Context.root().with(a), 30_000, 90_000);
      sdk.span("db", "X", Context.root().with(c), 25_000, 35_000);
      sdk.span("db", "D", Context.root().with(c), 35_000, 60_000);
      sdk.span("db", "E", Context.root().with(c), 50_000, 85_000);
      sdk.span("api", "F", Context.root().with(a), 70_000, 80_000);
      sdk.span("api", "G", Context.root().with(a), 95_000, 120_000);
      Span h = sdk.span("api", "H", Context.root().with(a), 110_000, 130_000);
      sdk.span("api", "Y", Context.root().with(h), 115_000, 120_000);
      sdk.flush();
      ids = Map.of("apigw", apigw.getSpanContext().getSpanId(), "lambda", lambda.getSpanContext().getSpanId(),
          "init", init.getSpanContext().getSpanId(), "app", app.getSpanContext().getSpanId(),
          "attacker", attacker.getSpanContext().getSpanId());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** How long the outline of a trace takes to answer, whole and gzip-compressed as a browser asks for it. */
  private static long outlineMillis(String traceId) {
    try {
      long started = System.nanoTime();
      var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          base + "/api/v1/traces/" + traceId + "/outline")).header("Accept-Encoding", "gzip").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      return (System.nanoTime() - started) / 1_000_000;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id of the span shown {@code index}-th, from the trace's outline. */
  private static String outlineSpanId(String traceId, int index) {
    try {
      var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          base + "/api/v1/traces/" + traceId + "/outline")).build(),
          HttpResponse.BodyHandlers.ofString());
      return new ObjectMapper().readTree(r.body()).at("/spans/spanId/" + index)
          .asText();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** When the page set a performance mark, in milliseconds after it began navigating. */
  private static double mark(Page page, String name) {
    return ((Number) page.evaluate("name => performance.getEntriesByName(name)[0].startTime", name)).doubleValue();
  }

  /** The rows shown: each span's name and its level in the tree. */
  @SuppressWarnings("unchecked")
  private static List<List<Object>> rows(Page page) {
    return (List<List<Object>>) page.locator(".span-row").evaluateAll("rows => rows.map(r => "
        + "[r.querySelector('.span-name').textContent, Number(r.getAttribute('aria-level'))])");
  }

  private static Locator row(Page page, String spanId) {
    return page.locator(".span-row[data-span-id='" + spanId + "']");
  }

  @Test
  void aLambdaTrace_showsItsSpansConnected_theInitSpan_andItsLogLinesBeneath_pointingAtTheirSpans() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/traces/" + LAMBDA);

    assertThat(page.locator(".span-row")).hasCount(8);
    // parent and child: each span under its parent, children by start time (the init phase before the request)
    assertThat(rows(page)).containsExactly(
        List.of("aws.apigateway POST /installments/{id}/payments", 1),
        List.of("aws.lambda", 2),
        List.of("aws.lambda.init", 3),
        List.of("POST /installments/{id}/payments", 3),
        List.of("installments.outstanding", 4),
        List.of("POST", 4),
        List.of("aws.lambda", 5),
        List.of(XSS, 6));
    assertThat(row(page, ids.get("init"))).hasClass(Pattern.compile("\\binit\\b"));
    assertThat(row(page, ids.get("init")).locator(".badge.cold")).hasText("cold start");
    assertThat(page.locator(".trace-summary")).containsText("250 ms");
    assertThat(page.locator(".trace-summary")).containsText("8 spans");
    assertThat(page.locator(".trace-summary")).containsText("1 error");
    assertThat(page.locator(".trace-summary .badge.cold")).hasText("cold start: init 26.0 ms");
    assertThat(page.locator(".service-legend li")).hasText(new String[] {"installments", "ledger"});
    assertThat(row(page, ids.get("attacker")).locator(".badge.err")).hasText("error");

    // the log lines, in time order, each naming its span
    Locator lines = page.locator(".log-line");
    assertThat(lines).hasCount(3);
    assertThat(lines.locator(".log-body")).hasText(new String[] {"Started InstallmentsApplication in 1.9 seconds",
        "payment 7 of 10 EUR on installment 1", "entry refused: " + XSS});
    assertThat(lines.locator(".log-span")).hasText(new String[] {"aws.lambda.init", "installments.outstanding", XSS});
    assertThat(lines.locator(".log-time")).hasText(new String[] {"+20.0 ms", "+60.0 ms", "+150 ms"});

    // a log line's span: pressing it selects the span and shows its details
    lines.nth(1).locator(".log-span").click();
    assertThat(row(page, ids.get("app"))).hasAttribute("aria-selected", "true");
    assertThat(page.locator(".span-details .sd-name")).hasText("installments.outstanding");
    assertThat(lines.nth(1)).hasClass(Pattern.compile("\\bmine\\b"));
    assertThat(page).hasURL(base + "/traces/" + LAMBDA + "?span=" + ids.get("app"));

    // a span pressed shows its attributes
    row(page, ids.get("lambda")).click();
    Locator attributes = page.locator(".sd-attributes tr");
    assertThat(attributes.filter(new Locator.FilterOptions().setHasText("faas.coldstart")).locator("td"))
        .hasText("true");
    assertThat(attributes.filter(new Locator.FilterOptions().setHasText("note")).locator("td")).hasText(XSS);
    assertThat(page.locator(".span-details")).containsText("Parent");
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("trace")).setFullPage(true));
    assertThat(page.locator("img")).hasCount(0);
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void theCriticalPath_isMarked_onATraceWithOverlappingChildren() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/traces/" + CRAFTED);

    assertThat(page.locator(".span-row")).hasCount(10);
    assertThat(rows(page)).extracting(r -> r.get(0)).containsExactly("A", "B", "C", "X", "D", "E", "F", "G", "H",
        "Y");
    // A 0–30, X 30–35, C 35–50, E 50–85, C 85–90, A 90–95, G 95–100 (see criticalPath.ts)
    Locator critical = page.locator(".span-row.critical");
    assertThat(critical.locator(".span-name")).hasText(new String[] {"A", "C", "X", "E", "G"});
    assertThat(critical.nth(0).locator(".crit")).hasCount(2);
    assertThat(critical.nth(1).locator(".crit")).hasCount(2);
    assertThat(critical.nth(2).locator(".crit")).hasCount(1);
    assertThat(page.locator(".trace-toolbar .toggle")).containsText("(5 spans)");
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("trace-critical-path")));
    page.emulateMedia(new Page.EmulateMediaOptions().setColorScheme(ColorScheme.DARK));
    page.reload();
    assertThat(page.locator("html")).hasAttribute("data-theme", "dark");
    assertThat(page.locator(".span-row.critical")).hasCount(5);
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("trace-critical-path-dark")));
    // the key turns it off and on
    page.keyboard().press("c");
    assertThat(page.locator(".span-row.critical")).hasCount(0);
    page.keyboard().press("c");
    assertThat(page.locator(".span-row.critical")).hasCount(5);
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void aDeepLinkWithSpan_selectsIt_showsItsAttributesEventsAndLinks_asText_andALinkOpensTheLinkedTrace() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/traces/" + LAMBDA + "?span=" + ids.get("attacker"));

    Locator selected = page.locator(".span-row[aria-selected=true]");
    assertThat(selected).hasAttribute("data-span-id", ids.get("attacker"));
    assertThat(selected.locator(".span-name")).hasText(XSS);
    Locator details = page.locator(".span-details");
    assertThat(details.locator(".sd-name")).hasText(XSS);
    assertThat(details.locator(".sd-attributes tr").filter(new Locator.FilterOptions().setHasText("payload"))
        .locator("td")).hasText(XSS);
    assertThat(details).containsText("ERROR: ledger refused");
    assertThat(details.locator(".sd-events li")).hasText("+30.0 ms retryattempt 2");
    Locator link = details.locator("a.trace-link");
    assertThat(link).hasAttribute("href", "/traces/" + LINKED + "?span=" + linkedSpan);
    assertThat(details.locator(".sd-links li")).containsText("why queued first");
    assertThat(page.locator("img")).hasCount(0);

    link.click();
    assertThat(page).hasURL(base + "/traces/" + LINKED + "?span=" + linkedSpan);
    assertThat(page.locator("h1")).hasText("Trace " + LINKED);
    assertThat(page.locator(".span-row[aria-selected=true] .span-name")).hasText("enqueue payment");
    page.goBack();
    assertThat(page.locator(".span-row[aria-selected=true]")).hasAttribute("data-span-id", ids.get("attacker"));
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void theKeyboard_movesTheSelection_collapsesAndExpands_opensDetails_andFinds() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = w.page();
    page.navigate(base + "/traces/" + LAMBDA);
    assertThat(page.locator(".span-row")).hasCount(8);
    Locator selected = page.locator(".span-row[aria-selected=true]");
    assertThat(page.locator(".key-legend")).containsText("↑ k previous span");
    assertThat(page.locator(".key-legend")).containsText("/ find in the trace");

    page.keyboard().press("ArrowDown");
    assertThat(selected).hasAttribute("data-index", "0");
    page.keyboard().press("ArrowDown");
    page.keyboard().press("ArrowDown");
    assertThat(selected).hasAttribute("data-span-id", ids.get("init"));
    assertThat(page).hasURL(base + "/traces/" + LAMBDA + "?span=" + ids.get("init"));
    // left: to the parent (a leaf), then collapse it; right: expand, then the first child
    page.keyboard().press("ArrowLeft");
    assertThat(selected).hasAttribute("data-span-id", ids.get("lambda"));
    page.keyboard().press("ArrowLeft");
    assertThat(page.locator(".span-row")).hasCount(2);
    assertThat(selected).hasAttribute("aria-expanded", "false");
    assertThat(selected.locator(".badge.hidden")).hasText("+6");
    page.keyboard().press("ArrowRight");
    assertThat(page.locator(".span-row")).hasCount(8);
    page.keyboard().press("ArrowRight");
    assertThat(selected).hasAttribute("data-span-id", ids.get("init"));
    assertThat(page.locator(".span-details")).hasCount(0);
    page.keyboard().press("Enter");
    assertThat(page.locator(".span-details .sd-name")).hasText("aws.lambda.init");
    page.keyboard().press("Escape");
    assertThat(page.locator(".span-details")).hasCount(0);
    page.keyboard().press("End");
    assertThat(selected.locator(".span-name")).hasText(XSS);
    page.keyboard().press("Home");
    assertThat(selected).hasAttribute("data-index", "0");

    // find: '/' goes to the box, matches are counted and visited
    page.keyboard().press("/");
    assertThat(page.locator(".trace-find")).isFocused();
    page.keyboard().type("ledger");
    assertThat(page.locator(".find-count")).hasText("1 of 2");
    assertThat(page.locator(".span-row.match")).hasCount(2);
    assertThat(selected).hasAttribute("data-index", "6");
    page.keyboard().press("Enter");
    assertThat(page.locator(".find-count")).hasText("2 of 2");
    assertThat(selected).hasAttribute("data-span-id", ids.get("attacker"));
    page.keyboard().press("Escape");
    page.keyboard().press("n");
    assertThat(page.locator(".find-count")).hasText("1 of 2");
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void anUnknownTrace_saysSo_andSoDoesAnIdThatIsNone() {
    Page page = CHROMIUM.newPage().page();
    page.navigate(base + "/traces/ffffffffffffffffffffffffffffffff");
    assertThat(page.locator(".not-found")).containsText("Farol has no trace ffffffffffffffffffffffffffffffff.");
    page.navigate(base + "/traces/not-a-trace");
    assertThat(page.locator(".trace-view .empty")).hasText(
        "This is not a trace id: a trace id is 32 hexadecimal digits (W3C trace context).");
    page.close();
  }

  /**
   * A trace of 100,000 spans (a root, 1,000 shards, 98,999 operations under them) sent over OTLP/HTTP in exports of
   * 10,000: it opens, the keyboard and the minimap take it to its end, and only the rows in view (at most 48: 27 that
   * fit in 640 pixels, and 10 above and below) are ever in the document.
   */
  @Test
  void aTraceOf100000Spans_opens_andScrollsToItsEnd_withOnlyTheRowsInViewInTheDocument() {
    String big = "8e1b222acb36b436059ce966b46f193f";
    long t0 = (System.currentTimeMillis() - 5 * 60_000) * 1_000_000L;
    long sending = System.nanoTime();
    try (SdkTraces sdk = new SdkTraces(server.ingestPort(), t0)) {
      Span root = sdk.span("big", "batch import", SdkTraces.caller(big, "0badc0ffee000001"), 0, 60_000_000);
      Span[] shards = new Span[1000];
      for (int s = 0; s < shards.length; s++) {
        shards[s] = sdk.span("shard-" + (s % 7), "shard " + s, Context.root().with(root), s * 60_000L,
            s * 60_000L + 59_000);
      }
      for (int o = 0; o < 98_999; o++) {
        int s = o % shards.length;
        long at = s * 60_000L + (o / shards.length) * 500L;
        sdk.span("shard-" + (s % 7), "op " + o, Context.root().with(shards[s]), at, at + 400);
      }
      sdk.flush();
    }
    long sentMs = (System.nanoTime() - sending) / 1_000_000;
    // the first read waits until the store has what was acknowledged; the second is what opening the trace costs
    long storedMs = outlineMillis(big);
    long answerMs = outlineMillis(big);

    Page page = CHROMIUM.newPage().page();
    page.navigate(base + "/traces/" + big);
    assertThat(page.locator(".trace-summary")).containsText("100,000 spans",
        new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
    assertThat(page.locator(".span-row").first()).isVisible();
    double shownMs = mark(page, "farol.trace.shown");
    double outlineMs = mark(page, "farol.trace.outline");
    @SuppressWarnings("unchecked")
    List<Number> fetched = (List<Number>) page.evaluate("() => { const r = performance.getEntriesByType('resource')"
        + ".find(e => e.name.endsWith('/outline')); return [r.requestStart, r.responseStart, r.responseEnd]; }");
    int rowsAtStart = page.locator(".span-row").count();
    assertThat(rowsAtStart).isBetween(27, 48);

    // scrolling through it: frames while the waterfall moves 30 rows a frame
    @SuppressWarnings("unchecked")
    List<Number> frames = (List<Number>) page.evaluate("() => new Promise(done => {"
        + " const el = document.querySelector('.wf-scroll'); const times = []; let last = performance.now();"
        + " const tick = () => { const now = performance.now(); times.push(now - last); last = now;"
        + "   el.scrollTop += 720; if (times.length < 120) requestAnimationFrame(tick); else done(times.slice(1)); };"
        + " requestAnimationFrame(tick); })");
    double[] sorted = frames.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    assertThat(page.locator(".span-row").count()).isLessThanOrEqualTo(48);

    // to the end by the keyboard: the last span selected and in view
    page.keyboard().press("End");
    Locator last = page.locator(".span-row[data-index='99999']");
    assertThat(last).isVisible();
    assertThat(last).hasAttribute("aria-selected", "true");
    assertThat(page.locator(".span-row").count()).isLessThanOrEqualTo(48);
    String lastName = last.locator(".span-name").textContent();
    assertThat(lastName).isEqualTo("op 97999"); // the last shard's last operation

    // the minimap: pressing its top brings the waterfall back to the start
    Locator minimap = page.locator(".minimap");
    minimap.click(new Locator.ClickOptions().setPosition(5, 0));
    assertThat(page.locator(".span-row[data-index='0']")).isVisible();
    assertThat(page.locator(".span-row").count()).isLessThanOrEqualTo(48);
    // and its middle to the middle
    minimap.click(new Locator.ClickOptions().setPosition(5, 30));
    assertThat(page.locator(".span-row[data-index='0']")).hasCount(0);
    int middle = Integer.parseInt(page.locator(".span-row").nth(20).getAttribute("data-index"));
    assertThat(middle).isBetween(45_000, 55_000);

    // the details of a span far down come from the window that holds it
    page.locator(".span-row").nth(20).click();
    assertThat(page.locator(".span-details")).containsText("INTERNAL");
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("trace-100k")));

    // a deep link to a span far down: selected, scrolled to, its details from its window
    String far = outlineSpanId(big, 77_777);
    page.navigate(base + "/traces/" + big + "?span=" + far);
    Locator linked = page.locator(".span-row[data-span-id='" + far + "']");
    assertThat(linked).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
    assertThat(linked).hasAttribute("aria-selected", "true");
    assertThat(linked).hasAttribute("data-index", "77777");
    assertThat(page.locator(".span-details .sd-name")).hasText(linked.locator(".span-name").textContent());
    assertThat(page.locator(".span-details")).containsText("INTERNAL");
    System.out.printf("100,000-span trace: sent in %d ms, stored %d ms later; its outline answered in %d ms; in the "
        + "browser, after navigating: outline asked at %.0f ms, first byte %.0f ms, last %.0f ms, read %.0f ms, first "
        + "rows shown %.0f ms, critical path %.0f ms; %d rows in the document at the start, at most 48 after; "
        + "scrolling 30 rows a frame: p50 %.1f ms, p95 %.1f ms, max %.1f ms%n", sentMs, storedMs, answerMs,
        fetched.get(0).doubleValue(), fetched.get(1).doubleValue(), fetched.get(2).doubleValue(), outlineMs, shownMs,
        mark(page, "farol.trace.critical-path"), rowsAtStart, sorted[sorted.length / 2],
        sorted[(int) (sorted.length * 0.95)], sorted[sorted.length - 1]);
    page.close();
  }
}
