package dev.farol.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A lean HTTP/1.1 GET client on one kept-alive socket, for latency benchmarks: the JDK's clients add
 * their own thread hand-offs and allocation, whose tail on two CPUs is larger than what is measured.
 * Reads {@code Content-Length} and chunked bodies; reconnects when the server closes the connection.
 */
final class LeanHttp implements AutoCloseable {
  /** An answer. */
  record Response(int status, byte[] body) {}

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  LeanHttp(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** GETs a URL of this client's host and port. */
  Response get(String url) throws IOException {
    URI u = URI.create(url);
    String target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    for (int attempt = 0; ; attempt++) {
      if (socket == null) {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = socket.getOutputStream();
      }
      try {
        out.write(request);
        out.flush();
        return read();
      } catch (IOException e) {
        close();
        if (attempt > 0) {
          throw e;
        }
      }
    }
  }

  private Response read() throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("connection closed");
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    int length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closes = true;
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int n = Integer.parseInt(line().split(";")[0].trim(), 16); n > 0;
          n = Integer.parseInt(line().split(";")[0].trim(), 16)) {
        b.write(in.readNBytes(n));
        line();
      }
      for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
        // trailers are not used
      }
      body = b.toByteArray();
    } else {
      body = in.readNBytes(Math.max(length, 0));
    }
    if (closes) {
      close();
    }
    return new Response(code, body);
  }

  private String line() throws IOException {
    return line(in);
  }

  /** One CRLF- (or LF-) terminated line of an HTTP head, without its end; {@code null} at the end of input. */
  static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\n') {
        int len = b.length();
        return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
      }
      b.append((char) c);
    }
    return b.length() == 0 ? null : b.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
      socket = null;
    }
  }
}
