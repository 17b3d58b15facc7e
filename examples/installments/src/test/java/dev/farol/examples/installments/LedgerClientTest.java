package dev.farol.examples.installments;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerClientTest {
  @Test
  void unreachableLedger_isUnavailableNotAnError() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    LedgerClient client = new LedgerClient("http://127.0.0.1:" + closedPort + "/bookkeeping/entries");

    String outcome = client.record(new Payment("p-1", "1", new BigDecimal("5"), "EUR", Instant.EPOCH, null));

    assertThat(outcome).isEqualTo("unavailable");
  }
}
