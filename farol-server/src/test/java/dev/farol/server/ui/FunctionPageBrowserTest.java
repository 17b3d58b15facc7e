package dev.farol.server.ui;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import dev.farol.findings.Code;
import dev.farol.findings.Evidence;
import dev.farol.findings.Finding;
import dev.farol.findings.Fix;
import dev.farol.server.FarolServer;
import dev.farol.server.LambdaTelemetry;
import dev.farol.server.catalog.FunctionDefinition;
import dev.farol.server.catalog.InMemoryFunctionCatalog;
import dev.farol.server.catalog.KnownFunction;
import dev.farol.server.store.DuckDbStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The function page in a real browser (see {@link Chromium}) against a real server with DuckDB on disk: its totals
 * and charts, the recent invocations paged and filtered, each opening its trace, the configuration and findings of a
 * function registered as {@code farol up} registers it, and attacker text shown as text. Screenshots under
 * {@code target/screenshots/}.
 */
@Tag("browser")
class FunctionPageBrowserTest {
  static final String XSS = "<img src=x onerror=alert(1)>";
  private static final long MINUTE = 60_000_000_000L;

  @RegisterExtension
  static final Chromium CHROMIUM = new Chromium();

  @TempDir
  static Path data;
  static FarolServer server;
  static String base;
  /** The minute every invocation starts in: two minutes ago. */
  static long minute;
  /** The page's range: the hour up to the middle of that minute, so that it is the charts' last bucket. */
  static String range;

  /** The doctor's finding for clean-math's definition, as {@code farol up} registers it. */
  static final Finding UNWRAPPED = Finding.of(Code.H001).function("clean-math")
      .evidence(Evidence.at("template.yaml", 9, 7).withPath("Resources.CleanMathFunction.Properties.Handler"))
      .message("The handler is not wrapped: it points straight at "
          + "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest, the application's own handler, not at "
          + "Farol's wrapper dev.farol.lambda.TracingHandler::handleRequest, while farol:tracer (Farol tracer for "
          + "java) is attached.")
      .why("Farol's tracer starts only when Lambda calls its wrapper, which then calls the handler named in "
          + "FAROL_LAMBDA_HANDLER.")
      .fix(new Fix("Point the handler at Farol's wrapper and name the real handler in FAROL_LAMBDA_HANDLER.", "yaml",
          "@@ template.yaml:6 @@\n     Properties:\n+      Environment:\n+        Variables:\n"
              + "+          FAROL_LAMBDA_HANDLER: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
              + "@@ template.yaml:9 @@\n-      Handler: dev.farol.examples.cleanmath.FibonacciHandler::handleRequest\n"
              + "+      Handler: dev.farol.lambda.TracingHandler::handleRequest"))
      .build();

  /** What the extension found at run time, in one of its invocations. */
  static final Finding AT_RUN_TIME = Finding.of(Code.H001).function("clean-math")
      .evidence(Evidence.path("invocation r-07"))
      .message("The handler ran without Farol's tracer: no span of the function's own arrived.")
      .why("Lambda called the handler directly.").build();

  static final FunctionDefinition CLEAN_MATH = new FunctionDefinition("clean-math", "java17",
      "dev.farol.examples.cleanmath.FibonacciHandler::handleRequest", 512, 10, "x86_64",
      List.of(new FunctionDefinition.Layer("farol:tracer", false), new FunctionDefinition.Layer("farol:extension",
          true)),
      List.of(new FunctionDefinition.Variable("GREETING", XSS, false),
          new FunctionDefinition.Variable("DB_PASSWORD", "hunter2 " + XSS, false),
          new FunctionDefinition.Variable("FAROL_OTLP_ENDPOINT", "http://127.0.0.1:4318", true),
          new FunctionDefinition.Variable("AWS_LAMBDA_EXEC_WRAPPER", "/opt/farol-wrapper", true)),
      List.of("GET /fib/{n}"), -1, "examples/clean-math/target/clean-math.jar", "template.yaml:5");

  @BeforeAll
  static void startAndSend() throws Exception {
    InMemoryFunctionCatalog catalog = new InMemoryFunctionCatalog();
    catalog.register(List.of(new KnownFunction(CLEAN_MATH, List.of(UNWRAPPED), List.of())));
    server = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(data), catalog)
        .start();
    base = "http://127.0.0.1:" + server.queryPort();
    minute = Math.floorDiv(System.currentTimeMillis() * 1_000_000L, MINUTE) * MINUTE - 2 * MINUTE;
    long toMs = (minute + 30_000_000_000L) / 1_000_000;
    range = "?from=" + (toMs - 3_600_000) + "&to=" + toMs;
    // 25 invocations, 2 s apart, of 10·i ms: r-01 and r-13 cold, every fifth failed, every third on a timer
    List<LambdaTelemetry.Invocation> sent = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      LambdaTelemetry.Invocation inv = LambdaTelemetry.Invocation.of("clean-math", String.format("r-%02d", i),
          minute + i * 1_000_000_000L, 10 * i).trigger(i % 3 == 0 ? "timer" : "http");
      inv = i == 1 ? inv.cold(300) : i == 13 ? inv.cold(500) : inv;
      inv = i % 5 == 0 ? inv.failed() : inv;
      sent.add(i == 7 ? inv.reported(180) : inv);
    }
    sent.add(LambdaTelemetry.Invocation.of(XSS, "x-1", minute, 25).cold(120));
    LambdaTelemetry telemetry = new LambdaTelemetry(server.ingestPort());
    telemetry.send(sent);
    telemetry.sendFinding("clean-math", "r-07", minute + 7_100_000_000L, AT_RUN_TIME);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static Page open(Chromium.Watched w, String pathAndQuery) {
    Page page = w.page();
    page.navigate(base + pathAndQuery);
    return page;
  }

  @SuppressWarnings("unchecked")
  private static List<String> requestIds(Page page) {
    return (List<String>) page.locator("table.invocations tbody tr").evaluateAll(
        "rows => rows.map(r => r.dataset.requestId)");
  }

  private static List<String> ids(int from, int downTo) {
    List<String> out = new ArrayList<>();
    for (int i = from; i >= downTo; i--) {
      out.add(String.format("r-%02d", i));
    }
    return out;
  }

  /** The legend's value of a chart's series once the cursor is over the chart's last bucket. */
  private static Locator legendAtLastBucket(Page page, String chart, String series) {
    Locator over = page.locator("[data-chart=" + chart + "] .u-over");
    BoundingBox box = over.boundingBox();
    page.mouse().move(box.x + box.width - 1, box.y + box.height / 2);
    return page.locator("[data-chart=" + chart + "] .u-legend .u-series")
        .filter(new Locator.FilterOptions().setHasText(series)).locator(".u-value");
  }

  @Test
  void aFunctionWithTelemetry_showsItsTotalsAndItsCharts_withTheLastBucketsValuesInTheLegends() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = open(w, "/functions/clean-math" + range);

    assertThat(page.locator("h1.function-name")).hasText("clean-math");
    assertThat(page.locator("[data-stat=invocations] .value")).hasText("25");
    assertThat(page.locator("[data-stat=errors] .value")).hasText("5 (20 %)");
    assertThat(page.locator("[data-stat=coldStarts] .value")).hasText("2 (8.0 %)");
    assertThat(page.locator("[data-stat=init] .value")).hasText("400 ms mean, 500 ms longest");
    assertThat(page.locator("[data-stat=memory] .value")).hasText("180 / 512 MB");
    for (String chart : List.of("invocations", "duration", "init", "memory")) {
      assertThat(page.locator("[data-chart=" + chart + "] .u-wrap canvas")).isVisible();
    }
    assertThat(page.locator("[data-chart=invocations] figcaption")).hasText("Invocations per 1m: 25, 5 errors, 2 cold");
    assertThat(page.locator("[data-chart=init] figcaption")).hasText(
        "Init duration (ms) per 1m: 2 init phases, longest 500 ms");
    assertThat(page.locator("[data-chart=memory] figcaption")).hasText("Memory (MB) per 1m: largest used 180 of 512");

    assertThat(legendAtLastBucket(page, "invocations", "invocations")).hasText("25");
    assertThat(legendAtLastBucket(page, "invocations", "errors")).hasText("5");
    assertThat(legendAtLastBucket(page, "invocations", "cold starts")).hasText("2");
    assertThat(legendAtLastBucket(page, "memory", "max used")).hasText("180");
    assertThat(legendAtLastBucket(page, "memory", "configured")).hasText("512");
    assertThat(legendAtLastBucket(page, "init", "mean")).hasText("400");
    assertThat(legendAtLastBucket(page, "init", "longest")).hasText("500");
    assertThat(legendAtLastBucket(page, "duration", "p99")).hasText(Pattern.compile("^2[45]\\d(\\.\\d+)?$"));
    page.mouse().move(0, 0);

    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("function-page")).setFullPage(true));
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("function-page-top")));
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void invocations_showColdWarmAndStatus_pageToTheSecondPageAndBack_andTheFiltersChangeTheRowsExactly() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = open(w, "/functions/clean-math" + range);
    Locator rows = page.locator("table.invocations tbody tr");

    assertThat(rows).hasCount(20);
    assertThat(requestIds(page)).isEqualTo(ids(25, 6));
    assertThat(page.locator("tr[data-request-id=r-25] [data-column=status]")).hasText("errorRuntime.Unhandled");
    assertThat(page.locator("tr[data-request-id=r-25] [data-column=start]")).hasText("warm");
    assertThat(page.locator("tr[data-request-id=r-24] [data-column=status]")).hasText("ok");
    assertThat(page.locator("tr[data-request-id=r-13] [data-column=start]")).hasText("cold");
    assertThat(page.locator("tr[data-request-id=r-13] [data-column=duration]")).hasText("130 ms");
    assertThat(page.locator("tr[data-request-id=r-12] [data-column=trigger]")).hasText("timer");
    assertThat(page.locator("tr[data-request-id=r-13] [data-column=trigger]")).hasText("http");

    page.locator("button[name=older]").click();
    assertThat(rows).hasCount(5);
    assertThat(requestIds(page)).isEqualTo(ids(5, 1));
    assertThat(page).hasURL(Pattern.compile("[?&]cursor="));
    assertThat(page.locator("button[name=older]")).isDisabled();
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("function-invocations-page-2")));
    page.locator("button[name=newer]").click();
    assertThat(rows).hasCount(20);
    assertThat(requestIds(page)).isEqualTo(ids(25, 6));
    assertThat(page.locator("button[name=newer]")).isDisabled();
    // the browser's back goes to the second page again: each page is a link of its own
    page.goBack();
    assertThat(rows).hasCount(5);
    assertThat(requestIds(page)).isEqualTo(ids(5, 1));
    page.goBack();
    assertThat(rows).hasCount(20);

    page.locator("input[name=coldOnly]").check();
    assertThat(page).hasURL(Pattern.compile("[?&]cold=1"));
    assertThat(rows).hasCount(2);
    assertThat(requestIds(page)).containsExactly("r-13", "r-01");
    page.locator("input[name=coldOnly]").uncheck();
    page.locator("input[name=errorsOnly]").check();
    assertThat(rows).hasCount(5);
    assertThat(requestIds(page)).containsExactly("r-25", "r-20", "r-15", "r-10", "r-05");
    page.locator("input[name=errorsOnly]").uncheck();
    page.locator("input[name=minMs]").fill("200");
    page.locator("input[name=minMs]").press("Enter");
    assertThat(rows).hasCount(6);
    assertThat(requestIds(page)).isEqualTo(ids(25, 20));
    page.locator("input[name=coldOnly]").check();
    page.locator("input[name=minMs]").fill("100");
    page.locator("input[name=minMs]").press("Enter");
    assertThat(rows).hasCount(1);
    assertThat(requestIds(page)).containsExactly("r-13");
    // the filtered view is a link of its own
    page.navigate(base + "/functions/clean-math" + range + "&errors=1&minMs=150");
    assertThat(rows).hasCount(3);
    assertThat(requestIds(page)).containsExactly("r-25", "r-20", "r-15");
    assertThat(page.locator("input[name=errorsOnly]")).isChecked();
    assertThat(page.locator("input[name=minMs]")).hasValue("150");
    page.navigate(base + "/functions/clean-math" + range + "&cold=1&errors=1");
    assertThat(page.locator(".invocations-panel .empty")).hasText(Pattern.compile("^No invocations in .* match these "
        + "filters\\.$"));
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void aRow_opensItsTrace_keepingTheRange() {
    Page page = open(CHROMIUM.newPage(), "/functions/clean-math" + range);
    String trace = LambdaTelemetry.traceId("r-07");

    page.locator("tr[data-request-id=r-07] th.request-id a").click();
    assertThat(page).hasURL(base + "/traces/" + trace + range);
    page.goBack();
    page.locator("tr[data-request-id=r-07] [data-column=duration]").click();
    assertThat(page).hasURL(base + "/traces/" + trace + range);
    assertThat(page.locator("nav.sections a[aria-current=page]")).hasText("Traces");
    page.close();
  }

  @Test
  void aFunctionFarolUpRuns_showsItsConfiguration_andItsFindings_withTheFixAndItsDocs() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = open(w, "/functions/clean-math" + range);

    assertThat(page.locator("[data-config=runtime]")).hasText("java17");
    assertThat(page.locator("[data-config=handler]")).hasText("dev.farol.examples.cleanmath.FibonacciHandler::handleRequest");
    assertThat(page.locator("[data-config=memory]")).hasText("512 MB");
    assertThat(page.locator("[data-config=timeout]")).hasText("10 s");
    assertThat(page.locator("[data-config=layers]")).hasText("farol:tracerfarol:extension attached by farol up");
    assertThat(page.locator(".configuration-panel .fn-panel-head")).containsText("from template.yaml:5");
    // attacker text in a value is text; a secret-looking value is hidden until revealed
    assertThat(page.locator("tr[data-variable=GREETING] .value")).hasText(XSS);
    assertThat(page.locator("tr[data-variable=DB_PASSWORD] .value")).hasCount(0);
    assertThat(page.locator("tr[data-variable=DB_PASSWORD]")).containsText("hidden (looks secret)");
    page.getByLabel("Reveal DB_PASSWORD").click();
    assertThat(page.locator("tr[data-variable=DB_PASSWORD] .value")).hasText("hunter2 " + XSS);
    assertThat(page.locator("tr[data-variable=FAROL_OTLP_ENDPOINT] th")).hasText("FAROL_OTLP_ENDPOINT set by farol up");

    Locator doctor = page.locator("[data-findings=doctor] .finding-card[data-code=FAROL-H001]");
    assertThat(doctor).hasCount(1);
    assertThat(doctor.locator("header")).hasText("errorFAROL-H001handler-not-wrapped"
        + "the handler does not go through the tracer's wrapper");
    assertThat(doctor.locator(".message")).hasText(UNWRAPPED.message());
    assertThat(doctor.locator(".where")).hasText("at template.yaml:9 (Resources.CleanMathFunction.Properties.Handler)");
    assertThat(doctor.locator(".why")).hasText("Why: " + UNWRAPPED.why());
    assertThat(doctor.locator(".fix p")).hasText("Fix: " + UNWRAPPED.fix().summary());
    assertThat(doctor.locator("pre.fix-diff")).hasText(UNWRAPPED.fix().diff());
    assertThat(doctor.locator("pre.fix-diff .add")).hasCount(4);
    assertThat(doctor.locator("pre.fix-diff .del")).hasCount(1);
    assertThat(doctor.locator(".docs a")).hasAttribute("href", "/docs/doctor#farol-h001-handler-not-wrapped");
    assertThat(doctor.locator(".docs a")).hasText("docs/doctor.md#farol-h001-handler-not-wrapped");

    Locator runtime = page.locator("[data-findings=runtime] .finding-card[data-code=FAROL-H001]");
    assertThat(runtime.locator(".message")).hasText(AT_RUN_TIME.message());
    assertThat(runtime.locator(".seen")).hasText(Pattern.compile("^in 1 invocation, last at (\\d+ \\w+ )?\\d\\d:\\d\\d:\\d\\d\\.100 "
        + "\\(request r-07\\)$"));
    doctor.scrollIntoViewIfNeeded();
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("function-findings")));
    assertThat(page.locator("img")).hasCount(0);

    // the docs link opens the code's section of docs/doctor.md, as this Farol ships it
    doctor.locator(".docs a").click();
    assertThat(page).hasURL(base + "/docs/doctor#farol-h001-handler-not-wrapped");
    Locator section = page.locator("h3#farol-h001-handler-not-wrapped");
    assertThat(section).containsText("FAROL-H001 handler-not-wrapped");
    assertThat(section).isInViewport();
    assertThat(page.locator("h1#farol-doctor")).containsText("farol doctor");
    assertThat(page.locator(".doc a[href='#farol-h002-wrapped-handler-missing']").first()).isVisible();
    assertThat(page).hasTitle("docs/doctor.md · Farol");
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("docs-doctor")));
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  @Test
  void aFunctionNamedByAnAttacker_thatFarolUpDoesNotRun_isShownAsText_andSaysWhereAConfigurationComesFrom() {
    Chromium.Watched w = CHROMIUM.newPage();
    Page page = open(w, "/functions/" + URLEncoder.encode(XSS, StandardCharsets.UTF_8).replace("+", "%20") + range);

    assertThat(page.locator("h1.function-name")).hasText(XSS);
    assertThat(page.locator("[data-stat=invocations] .value")).hasText("1");
    assertThat(page.locator("table.invocations tbody tr")).hasCount(1);
    assertThat(page.locator(".configuration-panel")).containsText("Farol does not know this function's configuration: "
        + "it comes from farol up");
    assertThat(page.locator(".configuration-panel dl.fn-config")).hasText("Memory512 MB (as its invocations report it)");
    assertThat(page.locator("[data-findings=doctor] .empty")).containsText("this function is not one of them");
    assertThat(page.locator("[data-findings=runtime] .empty")).containsText("reported nothing broken");
    assertThat(page.locator("img")).hasCount(0);

    // nothing at all in the range: said, not a blank screen
    page.navigate(base + "/functions/nobody?range=15m");
    assertThat(page.locator(".nothing-in-range")).hasText("No invocations of this function in the last 15m, and farol "
        + "up does not run it. Choose a longer range, or check that its telemetry reaches this server.");
    assertThat(page.locator(".invocations-panel .empty")).hasText("No invocations in the last 15m.");
    page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("function-unknown")));
    assertThat(w.dialogs()).isEmpty();
    assertThat(w.consoleErrors()).isEmpty();
    page.close();
  }

  /**
   * The README's picture: six hours of one function's traffic (an invocation every minute or so, busier and slower
   * for a while, cold starts with their init phases, a few errors, memory reports), farol up-style registered with
   * the doctor's finding; saved as {@code target/screenshots/tour-function.png} (and the whole page beside it).
   */
  @Test
  void tour_sixHoursOfOneFunction(@TempDir Path tour) throws Exception {
    InMemoryFunctionCatalog catalog = new InMemoryFunctionCatalog();
    catalog.register(List.of(new KnownFunction(CLEAN_MATH, List.of(UNWRAPPED), List.of())));
    try (FarolServer six = new FarolServer(FarolServer.Settings.defaults().withPorts(0, 0), DuckDbStore.open(tour),
        catalog).start()) {
      java.util.Random random = new java.util.Random(11);
      long now = System.currentTimeMillis() * 1_000_000L;
      List<LambdaTelemetry.Invocation> sent = new ArrayList<>();
      int n = 0;
      // from a few minutes into the six hours to a minute ago: all inside the range the page asks for a moment later
      for (long at = now - 6 * 60 * MINUTE + 3 * MINUTE; at < now - MINUTE; ) {
        long ago = now - at;
        boolean busy = ago > 2 * 60 * MINUTE && ago < 3 * 60 * MINUTE;
        boolean cold = n++ % 45 == 0 || busy && random.nextInt(12) == 0;
        double ms = (busy ? 40 : 12) + random.nextDouble() * (busy ? 140 : 30) + (cold ? 60 : 0);
        LambdaTelemetry.Invocation inv = LambdaTelemetry.Invocation.of("clean-math", "t-" + n, at, ms)
            .trigger(random.nextInt(4) == 0 ? "timer" : "http").reported(150 + random.nextInt(busy ? 90 : 40));
        inv = cold ? inv.cold(850 + random.nextInt(500)) : inv;
        sent.add(random.nextInt(busy ? 12 : 40) == 0 ? inv.failed() : inv);
        at += (long) (MINUTE * (busy ? 0.35 : 1.1) * (0.3 + 1.4 * random.nextDouble()));
      }
      new LambdaTelemetry(six.ingestPort()).send(sent);
      Page page = CHROMIUM.newPage().page();
      page.setViewportSize(1280, 1000);
      page.navigate("http://127.0.0.1:" + six.queryPort() + "/functions/clean-math?range=6h");
      assertThat(page.locator("[data-stat=invocations] .value")).hasText(String.valueOf(sent.size()));
      assertThat(page.locator("[data-chart=memory] .u-wrap canvas")).isVisible();
      assertThat(page.locator("table.invocations tbody tr")).hasCount(20);
      page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("tour-function")));
      page.screenshot(new Page.ScreenshotOptions().setPath(UiBrowserTest.screenshot("tour-function-full"))
          .setFullPage(true));
      page.close();
    }
  }

  @Test
  void aFailedCall_showsItsMessage_andTheRestOfThePageStays() {
    Page page = CHROMIUM.newPage().page();
    page.route("**/api/v1/invocations**", route -> route.fulfill(new com.microsoft.playwright.Route.FulfillOptions()
        .setStatus(503).setContentType("application/json").setBody("{\"error\":\"the store is unavailable\"}")));
    page.navigate(base + "/functions/clean-math" + range);

    assertThat(page.locator(".invocations-panel .error-panel")).containsText(
        "/api/v1/invocations: 503 the store is unavailable");
    assertThat(page.locator("[data-stat=invocations] .value")).hasText("25");
    assertThat(page.locator("[data-config=runtime]")).hasText("java17");
    page.close();
  }
}
