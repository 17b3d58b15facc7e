package dev.farol.examples.installments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The one outgoing call: records a payment in the bookkeeping service (by default the
 * {@code installment-bookkeeping-events} function behind the local API Gateway).
 */
@Component
public class LedgerClient {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerClient.class);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI ledger = URI.create(System.getenv().getOrDefault("LEDGER_URL",
      "http://127.0.0.1:3000/bookkeeping/entries"));

  /** Returns {@code recorded}, or {@code unavailable} when the ledger could not be reached. */
  public String record(Payment payment) {
    String body = String.format(java.util.Locale.ROOT,
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
    } catch (java.io.IOException e) {
      LOG.warn("ledger {} unreachable: {}", ledger, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unavailable";
  }
}
