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
 * Sends OTLP/JSON to the extension (or any OTLP/HTTP receiver) on one kept-alive loopback connection,
 * from the calling thread: the spans are out before the handler returns, so nothing waits across a
 * freeze and no background thread is needed. A request can be handed over without waiting for its
 * answer ({@code await=false}): it is then read before the next request goes out, so the invocation
 * does not pay a round trip (Farol's extension waits for the hand-over before it flushes). A missing
 * receiver costs one refused connect (or at most the connect timeout); failures are returned, never
 * thrown.
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
  /** The request line and fixed headers, up to the body's length. */
  private final String requestPrefix;

  /** At most this many requests are handed over before their answers are waited for. */
  static final int MAX_UNANSWERED = 8;
  /** Requests handed over whose answer is not read yet. */
  private int unanswered;
  /** Answers read late that were not 2xx (or never came). */
  private int lateFailures;
  private String lastLateFailure;

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
    this.requestPrefix = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
        + "\r\nContent-Type: application/json\r\nContent-Length: ";
  }

  String target() {
    return "http://" + host + ":" + port + path;
  }

  /**
   * Posts the body; returns the HTTP status ({@code 202} for a request handed over without waiting), or
   * throws IOException with what went wrong.
   */
  synchronized int post(byte[] body, Map<String, String> headers, boolean await) throws IOException {
    try {
      return send(body, headers, await);
    } catch (IOException stale) {
      // the kept connection may have been closed by the other side while the environment was frozen
      close();
      return send(body, headers, await);
    }
  }

  /** Failures learned from answers read late, since the last call (and what the last one was). */
  synchronized String takeLateFailures() {
    if (lateFailures == 0) {
      return null;
    }
    String s = lateFailures + " export(s) failed (" + lastLateFailure + ")";
    lateFailures = 0;
    return s;
  }

  /** Reads the answers handed-over requests got: all of them, or ({@code onlyArrived}) those already there. */
  private void readUnanswered(boolean onlyArrived) throws IOException {
    while (unanswered > 0 && (!onlyArrived || in.available() > 0)) {
      unanswered--;
      int code = readAnswer();
      if (code / 100 != 2) {
        lateFailures++;
        lastLateFailure = target() + " answered HTTP " + code;
      }
    }
  }

  private int send(byte[] body, Map<String, String> headers, boolean await) throws IOException {
    if (socket != null && unanswered > 0) {
      try {
        // unless waiting is due, only the answers already there; the others stay pipelined (HTTP/1.1
        // answers in order)
        readUnanswered(!await && unanswered < MAX_UNANSWERED);
      } catch (IOException e) {
        lateFailures += unanswered + 1;
        lastLateFailure = e.getMessage();
        unanswered = 0;
        throw e;
      }
    }
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
    StringBuilder head = new StringBuilder(256).append(requestPrefix).append(body.length).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] request = new byte[h.length + body.length];
    System.arraycopy(h, 0, request, 0, h.length);
    System.arraycopy(body, 0, request, h.length, body.length);
    // one write: one segment for a small export
    out.write(request);
    out.flush();
    if (!await) {
      unanswered++;
      return 202;
    }
    return readAnswer();
  }

  private int readAnswer() throws IOException {
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
      unanswered = 0;
    }
  }
}
