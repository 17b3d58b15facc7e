package dev.farol.cli;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance for the trace view: with {@code farol up} running the bundled examples, the trace view of
 * an {@code installments} payment (through the API Gateway front, with the caller's {@code traceparent}) shows the
 * connected spans, from the inferred API Gateway span to the ledger function's, the init span of the cold start
 * and the log lines, in the browser, from the UI that {@code farol up} serves.
 */
@Tag("browser")
class InstallmentsTraceViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> post(int port, String path, String traceparent, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (traceparent != null) {
      b.header("traceparent", traceparent);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode outline(int queryPort) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
        + "/api/v1/traces/" + TRACE + "/outline")).build(), HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
  }

  /**
   * The trace's outline once its spans (nine: both functions') and both functions' log lines have arrived, asked
   * for every 200 ms for at most 60 s; the last answer when they do not.
   */
  private JsonNode arrived(int queryPort) throws Exception {
    JsonNode last = null;
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < until) {
      last = outline(queryPort);
      if (last != null && last.at("/summary/spanCount").asInt() >= 9 && last.get("logs").toString()
          .contains("on installment 1") && last.get("logs").toString().contains("bookkeeping entry")) {
        return last;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
    }
    return last;
  }

  /** The rows shown: each span's name, service and level in the tree. */
  @SuppressWarnings("unchecked")
  private static List<List<Object>> rows(Page page) {
    return (List<List<Object>>) page.locator(".span-row").evaluateAll("rows => rows.map(r => "
        + "[r.querySelector('.span-name').textContent, r.dataset.service, "
        + "Number(r.getAttribute('aria-level'))])");
  }

  @Test
  void thePaymentsTraceView_showsItsConnectedSpans_theInitSpan_andItsLogLines(@TempDir Path dir) throws Exception {
    try (TraceBrowser browser = TraceBrowser.start()) {
      int port;
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        port = free.getLocalPort();
      }
      Path examples = Path.of(System.getProperty("farol.home", "..")).toAbsolutePath().normalize().resolve("examples");
      String template = Files.readString(examples.resolve("template.yaml"))
          .replace("CodeUri: ", "CodeUri: " + examples + "/")
          .replace("http://127.0.0.1:3000/bookkeeping/entries", "http://127.0.0.1:" + port + "/bookkeeping/entries");
      Path copy = Files.writeString(dir.resolve("template.yaml"), template);
      FarolCliTest.Up up = FarolCliTest.startUp(dir, "--template", copy.toString(), "--http-port",
          Integer.toString(port));
      try {
        assertThat(up.httpPort()).as(up.output().toString()).isPositive();
        // the ledger's cold start first (its own trace), so the payment's call to it does not wait for Spring
        HttpResponse<String> ledger = post(up.httpPort(), "/bookkeeping/entries", null,
            "{\"installmentId\":\"1\",\"paymentId\":\"warm-up\",\"amount\":1,\"currency\":\"EUR\"}");
        assertThat(ledger.statusCode()).as(ledger.body() + up.output()).isEqualTo(202);
        HttpResponse<String> paid = post(up.httpPort(), "/installments/1/payments",
            "00-" + TRACE + "-00f067aa0ba902b7-01", "{\"amount\":10,\"currency\":\"EUR\"}");
        assertThat(paid.statusCode()).as(paid.body() + up.output()).isEqualTo(201);

        // the spans and log lines arrive after the answer (each function's extension flushes after its invocation)
        JsonNode arrived = arrived(up.queryPort());
        assertThat(arrived).as(up.output().toString()).isNotNull();
        Page page = browser.page();
        page.navigate("http://127.0.0.1:" + up.queryPort() + "/traces/" + TRACE);

        // the connected spans: the caller's trace under the inferred API Gateway span, the invocation, its init
        // phase (the cold start) and Spring's request span, the application's span and its HTTP call to the ledger,
        // and the ledger function's own spans under that call
        String payments = "installment-payment-transfers";
        String bookkeeping = "installment-bookkeeping-events";
        assertThat(page.locator(".span-row")).hasCount(9);
        assertThat(rows(page)).containsExactly(
            List.of("aws.apigateway POST /installments/{id}/payments", payments, 1),
            List.of("aws.lambda", payments, 2),
            List.of("aws.lambda.init", payments, 3),
            List.of("POST /installments/{id}/payments", payments, 3),
            List.of("installments.outstanding", payments, 4),
            List.of("POST", payments, 4),
            List.of("aws.apigateway POST /bookkeeping/{proxy+}", bookkeeping, 5),
            List.of("aws.lambda", bookkeeping, 6),
            List.of("POST /bookkeeping/entries", bookkeeping, 7));
        Locator init = page.locator(".span-row.init");
        assertThat(init.locator(".span-name")).hasText("aws.lambda.init");
        assertThat(init.locator(".badge.cold")).hasText("cold start");
        assertThat(page.locator(".trace-summary .badge.cold")).containsText("cold start: init");
        // the cold start is what the API Gateway span waited for longest: on the critical path
        assertThat(init).hasClass(java.util.regex.Pattern.compile("\\bcritical\\b"));

        // the log lines beneath, in time order, each pointing at its function's invocation span
        Locator lines = page.locator(".log-line");
        Locator payment = lines.filter(new Locator.FilterOptions().setHasText("on installment 1"));
        Locator entry = lines.filter(new Locator.FilterOptions().setHasText("bookkeeping entry"));
        assertThat(payment).hasCount(1);
        assertThat(entry).hasCount(1);
        assertThat(payment.locator(".log-body")).containsText("of 10 EUR on installment 1 (ledger: recorded)");
        assertThat(payment.locator(".log-span")).hasText("aws.lambda");
        @SuppressWarnings("unchecked")
        List<String> bodies = (List<String>) lines.locator(".log-body").evaluateAll("b => b.map(e => e.textContent)");
        assertThat(bodies.indexOf(bodies.stream().filter(b -> b.contains("bookkeeping entry")).findFirst().get()))
            .isLessThan(bodies.indexOf(bodies.stream().filter(b -> b.contains("on installment 1")).findFirst()
                .get()));
        payment.locator(".log-span").click();
        Locator selected = page.locator(".span-row[aria-selected=true]");
        assertThat(selected).hasAttribute("data-service", payments);
        assertThat(selected.locator(".span-name")).hasText("aws.lambda");
        assertThat(page.locator(".span-details .sd-attributes")).containsText("faas.invocation_id");
        entry.locator(".log-span").click();
        assertThat(selected).hasAttribute("data-service", bookkeeping);
        page.locator(".span-row").nth(3).click();
        assertThat(page.locator(".span-details .sd-attributes tr").filter(new Locator.FilterOptions()
            .setHasText("http.route")).locator("td")).hasText("/installments/{id}/payments");
        page.evaluate("() => window.scrollTo(0, 0)");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of(System.getProperty("farol.screenshots",
            "target/screenshots"), "installments-trace.png")).setFullPage(true));
      } finally {
        FarolCliTest.stop(up);
      }
      assertThat(browser.problems).isEmpty();
    }
  }
}
