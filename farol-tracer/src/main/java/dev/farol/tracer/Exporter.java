package dev.farol.tracer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends OTLP/JSON to the extension (or any OTLP/HTTP receiver) synchronously, on one kept-alive
 * loopback connection: the spans are out before the handler returns, so nothing waits across a freeze
 * and no background thread is needed. A missing receiver costs one refused connect (or at most the
 * connect timeout); failures are returned, never thrown.
 */
final class Exporter {
  private final String host;
  private final int port;
  private final String path;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  Exporter(String url, int connectTimeoutMs, int readTimeoutMs) {
    URI u = URI.create(url);
    if (!"http".equals(u.getScheme())) {
      throw new IllegalArgumentException("the tracer sends plain http to a local receiver (the extension); got " + url);
    }
    this.host = u.getHost();
    this.port = u.getPort() > 0 ? u.getPort() : 80;
    this.path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    this.connectTimeoutMs = connectTimeoutMs;
    this.readTimeoutMs = readTimeoutMs;
  }

  String target() {
    return "http://" + host + ":" + port + path;
  }

  /** Posts the body; returns the HTTP status, or throws IOException with what went wrong. */
  synchronized int post(byte[] body, Map<String, String> headers) throws IOException {
    try {
      return send(body, headers);
    } catch (IOException stale) {
      // the kept connection may have been closed by the other side while the environment was frozen
      close();
      return send(body, headers);
    }
  }

  private int send(byte[] body, Map<String, String> headers) throws IOException {
    if (socket == null) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
        s.setTcpNoDelay(true);
        s.setSoTimeout(readTimeoutMs);
      } catch (IOException e) {
        s.close();
        throw new IOException("cannot connect to " + target() + ": " + e.getMessage(), e);
      }
      socket = s;
      in = new BufferedInputStream(s.getInputStream());
      out = s.getOutputStream();
    }
    StringBuilder head = new StringBuilder(200).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
        .append(host).append(':').append(port).append("\r\nContent-Type: application/json\r\nContent-Length: ")
        .append(body.length).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    String status = line();
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("no HTTP answer from " + target());
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    long length = 0;
    boolean close = false;
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      if (colon > 0) {
        String name = l.substring(0, colon).trim();
        String value = l.substring(colon + 1).trim();
        if (name.equalsIgnoreCase("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close")) {
          close = true;
        }
      }
    }
    for (long left = length; left > 0; ) {
      long n = in.skip(left);
      if (n <= 0) {
        if (in.read() < 0) {
          throw new IOException("connection closed by " + target());
        }
        n = 1;
      }
      left -= n;
    }
    if (close) {
      close();
    }
    return code;
  }

  private String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    if (b.length() == 0) {
      throw new IOException("connection closed by " + target());
    }
    return b.toString();
  }

  synchronized void close() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closing
    } finally {
      socket = null;
    }
  }
}
