package dev.farol.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 receiver that answers every request at once with 200 {@code {}} on kept-alive loopback
 * connections, a thread per connection, no Nagle wait — what Farol's extension does with an export —
 * so that a benchmark measures the sender, not a slow receiver.
 */
final class LeanReceiver implements AutoCloseable {
  private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
      .getBytes(StandardCharsets.US_ASCII);
  private final ServerSocket socket;
  final AtomicLong requests = new AtomicLong();

  LeanReceiver() throws IOException {
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    Thread accept = new Thread(() -> {
      while (!socket.isClosed()) {
        try {
          Socket c = socket.accept();
          Thread t = new Thread(() -> serve(c), "lean-receiver");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "lean-receiver-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve(Socket c) {
    try (c) {
      c.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(c.getInputStream());
      OutputStream out = c.getOutputStream();
      while (true) {
        String line = line(in);
        if (line == null) {
          return;
        }
        long length = 0;
        boolean chunked = false;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          String lower = h.toLowerCase(java.util.Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Long.parseLong(h.substring(15).trim());
          } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
            chunked = true;
          }
        }
        if (chunked) {
          for (String size = line(in); size != null; size = line(in)) {
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
              line(in);
              break;
            }
            in.readNBytes(n);
            line(in);
          }
        } else {
          in.readNBytes((int) length);
        }
        requests.incrementAndGet();
        out.write(OK);
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // the sender went away
    }
  }

  private static String line(InputStream in) throws IOException {
    return LeanHttp.line(in);
  }


  @Override
  public void close() throws IOException {
    socket.close();
  }
}
