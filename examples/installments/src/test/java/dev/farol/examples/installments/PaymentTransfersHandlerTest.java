package dev.farol.examples.installments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.examples.installments.ApiGatewayEvent.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code installment-payment-transfers} entry point, driven with REST API (payload 1.0)
 * events. The Spring Boot application starts once, in the handler's static initializer, with
 * {@code LEDGER_URL} pointing at a {@link FakeLedger}. Tests that change state use their own
 * installment: 1 is only read, 2 and 3 receive payments.
 */
class PaymentTransfersHandlerTest {
  static FakeLedger ledger;
  static PaymentTransfersHandler handler;

  @BeforeAll
  static void startTheApplication() throws Exception {
    ledger = new FakeLedger();
    System.setProperty("LEDGER_URL", ledger.url());
    long start = System.nanoTime();
    handler = new PaymentTransfersHandler(); // runs the static initializer: Spring Boot starts here
    System.out.printf("PaymentTransfersHandler static init (Spring Boot start-up): %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @AfterAll
  static void stopTheLedger() {
    System.clearProperty("LEDGER_URL");
    ledger.close();
  }

  static ApiGatewayEvent get(String path, String resource) {
    return ApiGatewayEvent.restApi("GET", path, resource).pathParameter("id", path.split("/")[2]);
  }

  static ApiGatewayEvent pay(String id, String json) {
    return ApiGatewayEvent.restApi("POST", "/installments/" + id + "/payments", "/installments/{id}/payments")
        .pathParameter("id", id).jsonBody(json);
  }

  @Test
  void getInstallment_answersItsJson() {
    Answer a = get("/installments/1", "/installments/{id}").sendTo(handler);

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("Content-Type")).startsWith("application/json");
    assertThat(a.bodyText()).isEqualTo("{\"id\":\"1\",\"customer\":\"customer-101\",\"amount\":120.50,"
        + "\"currency\":\"EUR\",\"dueDate\":\"2026-12-01\",\"status\":\"OPEN\"}");
  }

  @Test
  void correlationId_isTakenFromTheRequestAndReturned() {
    Answer a = get("/installments/1", "/installments/{id}").header("X-Correlation-Id", "corr-test-1").sendTo(handler);

    assertThat(a.header("X-Correlation-Id")).isEqualTo("corr-test-1");
  }

  @Test
  void correlationId_isMadeWhenTheRequestHasNone() {
    Answer a = get("/installments/1", "/installments/{id}").sendTo(handler);

    assertThat(a.header("X-Correlation-Id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void unknownInstallment_is404WithTheDomainMessage() {
    Answer a = get("/installments/9", "/installments/{id}").header("X-Correlation-Id", "corr-404").sendTo(handler);

    assertThat(a.status()).isEqualTo(404);
    assertThat(a.bodyText()).isEqualTo("{\"status\":404,\"error\":\"installment 9 does not exist\","
        + "\"correlationId\":\"corr-404\",\"installmentId\":\"9\"}");
  }

  @Test
  void invalidPayment_is400NamingEachField() {
    Answer a = pay("1", "{\"amount\":-5,\"currency\":\"euro\"}").sendTo(handler);

    assertThat(a.status()).isEqualTo(400);
    JsonNode body = a.body();
    assertThat(body.get("error").asText()).isEqualTo("validation failed");
    assertThat(body.at("/fields/amount").asText()).isEqualTo("must be greater than 0");
    assertThat(body.at("/fields/currency").asText()).isEqualTo("must be a three-letter ISO 4217 code");
  }

  @Test
  void paymentThatIsNotJson_is400() {
    Answer a = pay("1", "amount=5").sendTo(handler);

    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body().get("error").asText()).isEqualTo("the request body is not valid JSON for this endpoint");
  }

  @Test
  void paymentInAnotherCurrency_is422() {
    Answer a = pay("1", "{\"amount\":5,\"currency\":\"USD\"}").sendTo(handler);

    assertThat(a.status()).isEqualTo(422);
    assertThat(a.body().get("error").asText()).isEqualTo("installment 1 is paid in EUR, not USD");
  }

  @Test
  void paymentBeyondWhatIsOwed_is422() {
    Answer a = pay("1", "{\"amount\":500,\"currency\":\"EUR\"}").sendTo(handler);

    assertThat(a.status()).isEqualTo(422);
    assertThat(a.body().get("error").asText())
        .isEqualTo("payment of 500 EUR exceeds the 120.50 still owed on installment 1");
  }

  @Test
  void payment_isCreatedAndRecordedInTheLedgerWithTheCorrelationId() throws Exception {
    ledger.answer(202);
    Answer a = pay("2", "{\"amount\":20.00,\"currency\":\"EUR\"}").header("X-Correlation-Id", "corr-pay").sendTo(handler);

    assertThat(a.status()).isEqualTo(201);
    assertThat(a.body().get("ledger").asText()).isEqualTo("recorded");
    String paymentId = a.body().get("id").asText();
    FakeLedger.Received sent = ledger.next();
    assertThat(sent.correlationId()).isEqualTo("corr-pay");
    assertThat(sent.body()).isEqualTo("{\"installmentId\":\"2\",\"paymentId\":\"" + paymentId
        + "\",\"amount\":20.00,\"currency\":\"EUR\"}");
  }

  @Test
  void payment_whenTheLedgerFails_isStillCreatedAndListed() throws Exception {
    ledger.answer(503);
    try {
      Answer a = pay("3", "{\"amount\":10,\"currency\":\"EUR\"}").sendTo(handler);

      assertThat(a.status()).isEqualTo(201);
      assertThat(a.body().get("ledger").asText()).isEqualTo("unavailable");
      ledger.next();
      Answer list = get("/installments/3/payments", "/installments/{id}/payments").sendTo(handler);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.body()).hasSize(1);
      assertThat(list.body().get(0).get("id").asText()).isEqualTo(a.body().get("id").asText());
    } finally {
      ledger.answer(202);
    }
  }

  @Test
  void schedule_is500WithTheCorrelationIdAndNoInternals() {
    Answer a = get("/installments/1/schedule", "/installments/{id}/schedule")
        .header("X-Correlation-Id", "corr-500").sendTo(handler);

    assertThat(a.status()).isEqualTo(500);
    assertThat(a.bodyText())
        .isEqualTo("{\"status\":500,\"error\":\"internal error\",\"correlationId\":\"corr-500\"}");
  }

  @Test
  void unknownPath_is404NotA500() {
    Answer a = ApiGatewayEvent.restApi("GET", "/nothing-here", "/nothing-here").sendTo(handler);

    assertThat(a.status()).isEqualTo(404);
    assertThat(a.body().get("status").asInt()).isEqualTo(404);
  }

  @Test
  void wrongMethod_is405() {
    Answer a = ApiGatewayEvent.restApi("DELETE", "/installments/1", "/installments/{id}")
        .pathParameter("id", "1").sendTo(handler);

    assertThat(a.status()).isEqualTo(405);
  }
}
