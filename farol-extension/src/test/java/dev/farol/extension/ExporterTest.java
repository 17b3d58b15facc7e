package dev.farol.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The exporter keeps what the server does not take and delivers it once the server is back. */
class ExporterTest {

  @Test
  void serverUnavailable_thenBack_everythingArrivesInOrder() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (down.get()) {
        x.sendResponseHeaders(503, -1);
      } else {
        received.add(x.getRequestURI().getPath() + " " + body);
        x.sendResponseHeaders(200, -1);
      }
      x.close();
    });
    server.start();
    try {
      Exporter exporter = new Exporter("http://127.0.0.1:" + server.getAddress().getPort(), null);
      exporter.send(new FarolExtension.Payload(List.of("{\"name\":\"first\"}"), List.of("{\"body\":\"a\"}")));
      exporter.send(new FarolExtension.Payload(List.of("{\"name\":\"second\"}"), List.of()));
      assertThat(received).isEmpty();
      assertThat(exporter.pendingForTest()).hasSize(3);

      down.set(false);
      exporter.send(new FarolExtension.Payload(List.of("{\"name\":\"third\"}"), List.of()));
      assertThat(exporter.pendingForTest()).isEmpty();
      assertThat(received).hasSize(4);
      // the first flush's two signals went out side by side: either order; then the later flushes, in order
      assertThat(received.subList(0, 2)).anyMatch(r -> r.startsWith("/v1/traces") && r.contains("first"))
          .anyMatch(r -> r.startsWith("/v1/logs"));
      assertThat(received.get(2)).contains("second");
      assertThat(received.get(3)).contains("third");
      assertThat(exporter.dropped()).isZero();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void nothingListening_keepsTheData() {
    Exporter exporter = new Exporter("http://127.0.0.1:1", null);
    exporter.send(new FarolExtension.Payload(List.of("{\"name\":\"kept\"}"), List.of()));
    assertThat(exporter.pendingForTest()).hasSize(1);
    assertThat(exporter.dropped()).isZero();
  }

  @Test
  void aRequestTheServerRefuses_isCountedAsDropped_notRetriedForever() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      x.getRequestBody().readAllBytes();
      x.sendResponseHeaders(400, -1);
      x.close();
    });
    server.start();
    try {
      Exporter exporter = new Exporter("http://127.0.0.1:" + server.getAddress().getPort(), null);
      exporter.send(new FarolExtension.Payload(List.of("{\"broken\":true}"), List.of()));
      assertThat(exporter.dropped()).isEqualTo(1);
      assertThat(exporter.pendingForTest()).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aTracersRequestsGoOutBesideTheExtensionsOwn_onKeptConnections() throws Exception {
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.createContext("/", x -> {
      int now = inFlight.incrementAndGet();
      most.accumulateAndGet(now, Math::max);
      received.add(x.getRequestURI().getPath() + " " + new String(x.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8));
      try {
        Thread.sleep(300); // long enough for requests sent side by side to overlap
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      x.sendResponseHeaders(200, -1);
      x.close();
    });
    server.start();
    try {
      Exporter exporter = new Exporter("http://127.0.0.1:" + server.getAddress().getPort(), null);
      exporter.forward("/v1/traces", "application/json", null, "{\"tracer\":1}".getBytes(StandardCharsets.UTF_8));
      exporter.send(new FarolExtension.Payload(List.of("{\"name\":\"invocation\"}"), List.of("{\"body\":\"a\"}")));
      assertThat(received).hasSize(3).anyMatch(r -> r.contains("tracer")).anyMatch(r -> r.contains("invocation"))
          .anyMatch(r -> r.startsWith("/v1/logs"));
      assertThat(most.get()).isEqualTo(3);
      assertThat(exporter.pendingForTest()).isEmpty();
    } finally {
      server.stop(0);
    }
  }
}
