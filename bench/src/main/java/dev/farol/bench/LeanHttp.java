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
 * A lean HTTP/1.1 client on one kept-alive socket, for benchmarks: the JDK's clients add their own
 * thread hand-offs, header handling and allocation, which on two CPUs shared with the server under test
 * weigh on what is measured. GET and POST; reads {@code Content-Length} and chunked bodies; reconnects
 * when the server closes the connection.
 */
final class LeanHttp implements AutoCloseable {
  /** An answer; {@code retryAfter} is the {@code Retry-After} header, or {@code null}. */
  record Response(int status, byte[] body, String retryAfter) {}

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
    return exchange(("GET " + target(url) + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII), null);
  }

  /** POSTs a body to a URL of this client's host and port. */
  Response post(String url, String contentType, byte[] body) throws IOException {
    return exchange(("POST " + target(url) + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: "
        + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
  }

  private static String target(String url) {
    URI u = URI.create(url);
    return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  private Response exchange(byte[] request, byte[] body) throws IOException {
    for (int attempt = 0; ; attempt++) {
      if (socket == null) {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      }
      try {
        out.write(request);
        if (body != null) {
          out.write(body);
        }
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
    String retryAfter = null;
    for (String h = line(); h != null && !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        closes = true;
      } else if (lower.startsWith("retry-after:")) {
        retryAfter = h.substring(12).trim();
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
    return new Response(code, body, retryAfter);
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
