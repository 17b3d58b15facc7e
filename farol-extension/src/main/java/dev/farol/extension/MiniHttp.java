package dev.farol.extension;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * HTTP/1.1 over plain sockets, for loopback calls only (the Extensions and Telemetry APIs, Farol's
 * server). The JDK's HTTP client and server load a few thousand classes on first use, which every
 * cold start would wait for; this loads a handful.
 */
final class MiniHttp {
  private MiniHttp() {}

  /** An answer: status, headers (case-insensitive names) and body. */
  static final class Response {
    final int status;
    final Map<String, String> headers;
    final byte[] body;

    Response(int status, Map<String, String> headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private static Socket connect(String authority, int readTimeoutMs) throws IOException {
    int colon = authority.lastIndexOf(':');
    String host = colon > 0 ? authority.substring(0, colon) : authority;
    int port = colon > 0 ? Integer.parseInt(authority.substring(colon + 1)) : 80;
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), 2_000);
      s.setTcpNoDelay(true);
      s.setSoTimeout(readTimeoutMs);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private static void writeRequest(OutputStream out, String authority, String method, String path,
      Map<String, String> headers, byte[] body) throws IOException {
    StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
        .append("Host: ").append(authority).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    if (body == null || body.length > 65_536) {
      out.write(headBytes);
      if (body != null) {
        out.write(body);
      }
    } else {
      // head and body in one write: one segment on the wire for a small request
      byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
      System.arraycopy(body, 0, all, headBytes.length, body.length);
      out.write(all);
    }
    out.flush();
  }

  /** The answer on {@code in}; an {@link java.io.EOFException} when the connection ends before its status line. */
  private static Response readResponse(InputStream in, String authority) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new java.io.EOFException("the connection to " + authority + " closed before an answer");
    }
    if (!status.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer from " + authority + ": " + status);
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    Map<String, String> h = readHeaders(in);
    return new Response(code, h, readBody(in, h));
  }

  /**
   * Requests to one server on kept-alive connections, a few at a time: a new connection per request
   * costs a handshake on every flush (through an environment's loopback forward, a process of its own;
   * to a server elsewhere, a round trip or more). A connection left idle for {@value #IDLE_MAX_MS} ms is
   * not reused (the server may have closed it, as it may while the environment is frozen); a reused one
   * that turns out closed before any answer is replaced once.
   */
  static final class Client implements AutoCloseable {
    static final long IDLE_MAX_MS = 15_000;
    private static final int MAX_IDLE = 4;

    private final String authority;
    private final java.util.ArrayDeque<Connection> idle = new java.util.ArrayDeque<>();

    private static final class Connection {
      final Socket socket;
      final InputStream in;
      final OutputStream out;
      long idleSince;

      Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
      }
    }

    /** @param authority {@code host:port} */
    Client(String authority) {
      this.authority = authority;
    }

    /** @param readTimeoutMs 0 waits for ever */
    Response request(String method, String path, Map<String, String> headers, byte[] body, int readTimeoutMs)
        throws IOException {
      for (int attempt = 0; ; attempt++) {
        Connection c = attempt == 0 ? takeIdle() : null;
        boolean reused = c != null;
        if (c == null) {
          c = new Connection(connect(authority, readTimeoutMs));
        }
        try {
          c.socket.setSoTimeout(readTimeoutMs);
          writeRequest(c.out, authority, method, path, headers, body);
          Response r = readResponse(c.in, authority);
          if ("close".equalsIgnoreCase(r.headers.getOrDefault("connection", ""))) {
            close(c);
          } else {
            giveBack(c);
          }
          return r;
        } catch (SocketTimeoutException e) {
          close(c);
          throw new IOException("no answer from " + authority + " within " + readTimeoutMs + " ms");
        } catch (java.io.EOFException | java.net.SocketException e) {
          close(c);
          if (!reused) {
            throw e;
          }
          // a kept connection the server had closed meanwhile: once more, on a new one
        } catch (IOException | RuntimeException e) {
          close(c);
          throw e;
        }
      }
    }

    private synchronized Connection takeIdle() {
      long now = System.nanoTime();
      for (Connection c = idle.pollLast(); c != null; c = idle.pollLast()) {
        if ((now - c.idleSince) / 1_000_000 < IDLE_MAX_MS) {
          return c;
        }
        close(c);
      }
      return null;
    }

    private synchronized void giveBack(Connection c) {
      c.idleSince = System.nanoTime();
      idle.addLast(c);
      while (idle.size() > MAX_IDLE) {
        close(idle.pollFirst());
      }
    }

    private static void close(Connection c) {
      try {
        c.socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }

    /** Connections kept open for the next request: for tests. */
    synchronized int idleConnections() {
      return idle.size();
    }

    @Override
    public synchronized void close() {
      for (Connection c = idle.poll(); c != null; c = idle.poll()) {
        close(c);
      }
    }
  }

  /** A request the server received. */
  static final class Incoming {
    final String method;
    final String path;
    final Map<String, String> headers;
    final byte[] body;

    Incoming(String method, String path, Map<String, String> headers, byte[] body) {
      this.method = method;
      this.path = path;
      this.headers = headers;
      this.body = body;
    }
  }

  /** A server for small requests on the loopback, one thread per connection. */
  static final class Server implements AutoCloseable {
    private final ServerSocket socket;

    /** A server whose answers are only a status. */
    Server(Function<byte[], Integer> handler) throws IOException {
      this(0, in -> new Response(handler.apply(in.body), Map.of(), new byte[0]));
    }

    Server(int port, Function<Incoming, Response> handler) throws IOException {
      this(port, 10_000, handler);
    }

    /** @param idleMillis how long a connection may wait for its next request (0: for ever) */
    Server(int port, int idleMillis, Function<Incoming, Response> handler) throws IOException {
      this(port, idleMillis, 64L * 1024 * 1024, handler);
    }

    /** @param maxBody larger requests are answered 413 and the connection closed */
    Server(int port, int idleMillis, long maxBody, Function<Incoming, Response> handler) throws IOException {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
      Thread accept = new Thread(() -> {
        while (!socket.isClosed()) {
          try {
            Socket c = socket.accept();
            Thread t = new Thread(() -> serve(c, idleMillis, maxBody, handler), "farol-extension-http");
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return;
          }
        }
      }, "farol-extension-listener");
      accept.setDaemon(true);
      accept.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private static void serve(Socket c, int idleMillis, long maxBody, Function<Incoming, Response> handler) {
      try (c) {
        c.setSoTimeout(idleMillis);
        c.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(c.getInputStream());
        OutputStream out = c.getOutputStream();
        while (true) {
          String requestLine = line(in);
          if (requestLine == null || requestLine.isEmpty()) {
            return;
          }
          Map<String, String> h = readHeaders(in);
          String[] parts = requestLine.split(" ");
          long length = contentLength(h);
          if (length > maxBody) {
            byte[] msg = ("{\"error\":\"the request body of " + length + " bytes exceeds the limit of " + maxBody
                + " bytes\"}").getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Content-Length: " + msg.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(msg);
            out.flush();
            return;
          }
          Response r = handler.apply(new Incoming(parts[0], parts.length > 1 ? parts[1] : "/", h, readBody(in, h)));
          StringBuilder head = new StringBuilder("HTTP/1.1 ").append(r.status).append(r.status / 100 == 2 ? " OK"
              : " Error").append("\r\nContent-Length: ").append(r.body.length).append("\r\n");
          r.headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
          out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
          out.write(r.body);
          out.flush();
          if ("close".equalsIgnoreCase(h.get("connection"))) {
            return;
          }
        }
      } catch (IOException | RuntimeException e) {
        // the sender went away
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      if (colon > 0) {
        h.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
      }
    }
    return h;
  }

  private static long contentLength(Map<String, String> h) {
    try {
      String length = h.get("content-length");
      return length == null ? 0 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static byte[] readBody(InputStream in, Map<String, String> h) throws IOException {
    String length = h.get("content-length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length.trim()));
    }
    if ("chunked".equalsIgnoreCase(h.getOrDefault("transfer-encoding", ""))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        if (size == null) {
          break;
        }
        int n = Integer.parseInt(size.split(";")[0].trim().toLowerCase(Locale.ROOT), 16);
        if (n == 0) {
          for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
            // trailers are not needed
          }
          break;
        }
        out.write(in.readNBytes(n));
        line(in);
      }
      return out.toByteArray();
    }
    return new byte[0];
  }

  private static String line(InputStream in) throws IOException {
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
}
