package dev.farol.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kept-alive client: one connection for many requests, a new one when the server closed the old one
 * meanwhile (as a server may while the environment is frozen), none kept when the server says close.
 */
class MiniHttpClientTest {
  /** What the test server does after each answer. */
  private enum After { KEEP, CLOSE_SILENTLY, SAY_CLOSE }

  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private volatile After after = After.KEEP;

  private String start() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections.incrementAndGet();
          Thread c = new Thread(() -> serve(s));
          c.setDaemon(true);
          c.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
    return "127.0.0.1:" + server.getLocalPort();
  }

  /** A bare HTTP/1.1 server: Content-Length bodies, answers 200 with the request body's length. */
  private void serve(Socket s) {
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        String line = readLine(in);
        if (line == null) {
          return;
        }
        int length = 0;
        for (String h = readLine(in); h != null && !h.isEmpty(); h = readLine(in)) {
          if (h.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(h.substring(15).trim());
          }
        }
        bodies.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
        byte[] answer = Integer.toString(length).getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length + "\r\n"
            + (after == After.SAY_CLOSE ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(answer);
        out.flush();
        if (after != After.KEEP) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\n') {
        return b.toString().strip();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void requestsShareOneConnection() throws Exception {
    try (MiniHttp.Client client = new MiniHttp.Client(start())) {
      for (int i = 0; i < 5; i++) {
        MiniHttp.Response r = client.request("POST", "/v1/logs", Map.of(), utf8("body-" + i), 5_000);
        assertThat(r.status).isEqualTo(200);
        assertThat(r.text()).isEqualTo(Integer.toString(("body-" + i).length()));
      }
      assertThat(connections.get()).isEqualTo(1);
      assertThat(bodies).containsExactly("body-0", "body-1", "body-2", "body-3", "body-4");
      assertThat(client.idleConnections()).isEqualTo(1);
    }
  }

  @Test
  void aConnectionTheServerClosedIsReplaced_andTheRequestGoesThroughOnce() throws Exception {
    after = After.CLOSE_SILENTLY;
    try (MiniHttp.Client client = new MiniHttp.Client(start())) {
      assertThat(client.request("POST", "/v1/traces", Map.of(), utf8("first"), 5_000).status).isEqualTo(200);
      Thread.sleep(100); // the server's close has reached the client's side
      assertThat(client.request("POST", "/v1/traces", Map.of(), utf8("second"), 5_000).status).isEqualTo(200);
      assertThat(connections.get()).isEqualTo(2);
      assertThat(bodies).containsExactly("first", "second");
    }
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    after = After.SAY_CLOSE;
    try (MiniHttp.Client client = new MiniHttp.Client(start())) {
      client.request("GET", "/", Map.of(), null, 5_000);
      assertThat(client.idleConnections()).isZero();
      client.request("GET", "/", Map.of(), null, 5_000);
      assertThat(connections.get()).isEqualTo(2);
    }
  }

  @Test
  void aServerThatIsNotThereFailsWithoutRetryingForEver() throws Exception {
    String authority = start();
    server.close();
    try (MiniHttp.Client client = new MiniHttp.Client(authority)) {
      assertThatThrownBy(() -> client.request("POST", "/v1/traces", Map.of(), utf8("x"), 1_000))
          .isInstanceOf(IOException.class);
    }
  }
}
