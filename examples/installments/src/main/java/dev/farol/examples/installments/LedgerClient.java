package dev.farol.examples.installments;

import java.io.IOException;
import java.net.URI;
import dev.farol.lambda.http.TracingHttpClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one outgoing call: records a payment in the bookkeeping service (by default the
 * {@code installment-bookkeeping-events} function behind the local API Gateway).
 */
@Component
public class LedgerClient {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerClient.class);
  static final String DEFAULT_URL = "http://127.0.0.1:3000/bookkeeping/entries";
  // traced: a client span per call, and the trace headers go with the request
  private final HttpClient http = TracingHttpClient.wrap(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build());
  private final URI ledger;

  /** {@code url} comes from the environment variable (or system property) {@code LEDGER_URL}. */
  public LedgerClient(@Value("${LEDGER_URL:" + DEFAULT_URL + "}") String url) {
    this.ledger = URI.create(url);
  }

  /** Returns {@code recorded}, or {@code unavailable} when the ledger could not be reached. */
  public String record(Payment payment) {
    String body = String.format(Locale.ROOT,
        "{\"installmentId\":\"%s\",\"paymentId\":\"%s\",\"amount\":%s,\"currency\":\"%s\"}",
        payment.installmentId(), payment.id(), payment.amount().toPlainString(), payment.currency());
    HttpRequest request = HttpRequest.newBuilder(ledger)
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .header(CorrelationIdFilter.HEADER, String.valueOf(MDC.get(CorrelationIdFilter.MDC_KEY)))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 == 2) {
        return "recorded";
      }
      LOG.warn("ledger {} answered {}: {}", ledger, r.statusCode(), r.body());
    } catch (IOException e) {
      LOG.warn("ledger {} unreachable: {}", ledger, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unavailable";
  }
}
