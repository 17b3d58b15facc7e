package dev.farol.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The least Runtime API that starts a runtime client: one event from {@code /next}, the time its
 * answer arrives, and nothing after (the second {@code /next} is left waiting). Raw sockets, because
 * the runtime client's native HTTP client reads header names with AWS's exact spelling, which the
 * JDK's HTTP server does not keep.
 */
final class StubRuntimeApi implements AutoCloseable {
  private final ServerSocket server;
  private final CompletableFuture<Long> answered;
  private boolean served;

  private StubRuntimeApi(ServerSocket server, CompletableFuture<Long> answered) {
    this.server = server;
    this.answered = answered;
  }

  static StubRuntimeApi start(CompletableFuture<Long> answered) throws IOException {
    StubRuntimeApi stub = new StubRuntimeApi(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), answered);
    Thread t = new Thread(stub::acceptLoop, "stub-runtime-api");
    t.setDaemon(true);
    t.start();
    return stub;
  }

  int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "stub-runtime-api-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
      while (true) {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        int length = 0;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(h.substring(15).trim());
          }
        }
        in.readNBytes(length);
        if (requestLine.contains("/invocation/next")) {
          synchronized (this) {
            if (served) {
              wait();
            }
            served = true;
          }
          byte[] event = "{}".getBytes(StandardCharsets.UTF_8);
          String head = "HTTP/1.1 200 OK\r\n"
              + "Content-Type: application/json\r\n"
              + "Lambda-Runtime-Aws-Request-Id: bench-1\r\n"
              + "Lambda-Runtime-Deadline-Ms: " + (System.currentTimeMillis() + 60_000) + "\r\n"
              + "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:us-east-1:123456789012:function:bare\r\n"
              + "Lambda-Runtime-Trace-Id: Root=1-00000000-000000000000000000000000\r\n"
              + "Content-Length: " + event.length + "\r\n\r\n";
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          out.write(event);
        } else {
          answered.complete(System.nanoTime());
          out.write("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // the runtime went away
    }
  }

  /** Reads one HTTP/1.1 response with a Content-Length body and returns the body. */
  static byte[] readResponse(InputStream in) throws IOException {
    int length = 0;
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed");
    }
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(h.substring(15).trim());
      }
    }
    return in.readNBytes(length);
  }

  private static String line(InputStream in) throws IOException {
    return LeanHttp.line(in);
  }


  @Override
  public void close() throws IOException {
    server.close();
  }
}
