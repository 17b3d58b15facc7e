package dev.farol.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class DogStatsDTest {
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private void record(String name, String unit, double value, List<String[]> tags) {
    StringBuilder b = new StringBuilder(name).append('=').append(value).append(' ').append(unit);
    for (String[] t : tags) {
      b.append(' ').append(t[0]).append(':').append(t[1]);
    }
    seen.add(b.toString());
  }

  @Test
  void parsesTheLineFormat() {
    assertThat(DogStatsD.parse("orders:3|c|#currency:EUR,region:eu", this::record)).isTrue();
    assertThat(DogStatsD.parse("orders:1|c|@0.25", this::record)).isTrue();
    assertThat(DogStatsD.parse("cart:42.5|g", this::record)).isTrue();
    assertThat(DogStatsD.parse("latency:12|ms|#route:/x", this::record)).isTrue();
    assertThat(DogStatsD.parse("users:alice|s", this::record)).isFalse();
    assertThat(DogStatsD.parse("broken", this::record)).isFalse();
    assertThat(DogStatsD.parse("x:notanumber|c", this::record)).isFalse();
    assertThat(seen).containsExactly("orders=3.0 1 currency:EUR region:eu", "orders=4.0 1", "cart=42.5 1",
        "latency=12.0 ms route:/x");
  }

  @Test
  void receivesDatagramsWithSeveralLines() throws Exception {
    try (DogStatsD intake = new DogStatsD(0, this::record); DatagramSocket udp = new DatagramSocket()) {
      byte[] b = "a:1|c\nb:2|g\nbad line".getBytes(StandardCharsets.UTF_8);
      udp.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), intake.port()));
      long until = System.nanoTime() + 5_000_000_000L;
      while (seen.size() < 2 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(seen).containsExactly("a=1.0 1", "b=2.0 1");
      while (intake.rejected() < 1 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(intake.rejected()).isEqualTo(1);
    }
  }
}
