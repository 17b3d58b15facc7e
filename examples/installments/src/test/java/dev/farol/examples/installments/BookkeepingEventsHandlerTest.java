package dev.farol.examples.installments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.examples.installments.ApiGatewayEvent.Answer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code installment-bookkeeping-events} entry point, driven with HTTP API (payload 2.0) events. */
class BookkeepingEventsHandlerTest {
  static BookkeepingEventsHandler handler;

  @BeforeAll
  static void startTheApplication() {
    long start = System.nanoTime();
    handler = new BookkeepingEventsHandler(); // runs the static initializer: Spring Boot starts here
    System.out.printf("BookkeepingEventsHandler static init (Spring Boot start-up): %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void postEntry_isAcceptedWithAnEntryIdAndListed() {
    Answer posted = ApiGatewayEvent.httpApi("POST", "/bookkeeping/entries")
        .jsonBody("{\"installmentId\":\"1\",\"paymentId\":\"p-1\",\"amount\":20.00,\"currency\":\"EUR\"}")
        .header("X-Correlation-Id", "corr-v2")
        .sendTo(handler);

    assertThat(posted.status()).isEqualTo(202);
    assertThat(posted.header("X-Correlation-Id")).isEqualTo("corr-v2");
    assertThat(posted.body().get("paymentId").asText()).isEqualTo("p-1");
    String entryId = posted.body().get("entryId").asText();
    assertThat(entryId).isNotBlank();

    Answer listed = ApiGatewayEvent.httpApi("GET", "/bookkeeping/entries").sendTo(handler);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body().findValuesAsText("entryId")).contains(entryId);
  }

  @Test
  void unknownProxyPath_is404() {
    Answer a = ApiGatewayEvent.httpApi("GET", "/bookkeeping/nothing-here").sendTo(handler);

    assertThat(a.status()).isEqualTo(404);
  }

  @Test
  void entryThatIsNotJson_is400() {
    Answer a = ApiGatewayEvent.httpApi("POST", "/bookkeeping/entries").jsonBody("[1,").sendTo(handler);

    assertThat(a.status()).isEqualTo(400);
  }
}
