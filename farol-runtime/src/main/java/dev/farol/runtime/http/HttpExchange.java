package dev.farol.runtime.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Small blocking helpers over Jetty's core request/response, shared by Farol's HTTP surfaces. */
public final class HttpExchange {

  private HttpExchange() {}

  /** Thrown by {@link #readBody} when the body is longer than allowed; the body was not kept. */
  public static final class BodyTooLargeException extends IOException {
    private final long size;

    BodyTooLargeException(long size) {
      super("body larger than limit", null);
      this.size = size;
    }

    /** Bytes seen (at least); the whole length when the client announced it. */
    public long size() {
      return size;
    }
  }

  /**
   * Reads the whole body, refusing more than {@code limit} bytes. The rest of an oversized body is
   * drained so the connection stays usable.
   */
  public static byte[] readBody(Request request, int limit) throws IOException {
    long announced = request.getLength();
    if (announced > limit) {
      Content.Source.consumeAll(request);
      throw new BodyTooLargeException(announced);
    }
    InputStream in = Content.Source.asInputStream(request);
    ByteArrayOutputStream out = new ByteArrayOutputStream(announced > 0 ? (int) announced : 256);
    byte[] buf = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buf)) != -1) {
      total += n;
      if (total > limit) {
        while ((n = in.read(buf)) != -1) {
          total += n;
        }
        throw new BodyTooLargeException(total);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  public static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    if (contentType != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  public static void sendJson(Response response, Callback callback, int status, String json) {
    send(response, callback, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** Minimal JSON string escaping for hand-built error bodies. */
  public static String jsonString(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** {@code {"errorMessage":…,"errorType":…}}, the Lambda platform's error body. */
  public static String lambdaError(String type, String message) {
    return "{\"errorMessage\":" + jsonString(message) + ",\"errorType\":" + jsonString(type) + "}";
  }
}
