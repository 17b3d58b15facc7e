package dev.farol.runtime.apigw;

import dev.farol.runtime.apigw.GatewayRequest.Header;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Adapts Jetty's request and response to {@link Gateway}, and writes the access log. */
final class FrontHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayFront.class);
  /** Headers that describe one connection, not the response: the server sets its own. */
  private static final Set<String> CONNECTION_HEADERS =
      Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade");
  /** How much of an over-quota body is read and thrown away, so the client sees the 413. */
  private static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;

  private final Gateway gateway;
  private final long maxBodyBytes;

  FrontHandler(Gateway gateway, long maxBodyBytes) {
    this.gateway = gateway;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws IOException {
    long start = System.nanoTime();
    GatewayRequest in = adapt(request);
    Gateway.Response out = gateway.handle(in);

    response.setStatus(out.status());
    HttpFields.Mutable headers = response.getHeaders();
    for (Header header : out.headers()) {
      if (!CONNECTION_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
        headers.add(header.name(), header.value());
      }
    }
    response.write(true, ByteBuffer.wrap(out.body()), callback);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} {} {} {} bytes {} ms function={} requestId={}",
          in.sourceIp(),
          in.method(),
          in.rawQuery().isEmpty() ? in.rawPath() : in.rawPath() + "?" + in.rawQuery(),
          out.status(),
          out.body().length,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
          out.functionName() == null ? "-" : out.functionName(),
          out.requestId());
    }
    return true;
  }

  private GatewayRequest adapt(Request request) throws IOException {
    List<Header> headers = new ArrayList<>();
    for (HttpField field : request.getHeaders()) {
      headers.add(new Header(field.getName(), field.getValue()));
    }
    HttpURI uri = request.getHttpURI();
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    return new GatewayRequest(
        request.getMethod(),
        path,
        uri.getQuery() == null ? "" : uri.getQuery(),
        headers,
        readBody(request),
        Request.getRemoteAddr(request),
        Request.getLocalPort(request),
        request.getConnectionMetaData().getProtocol());
  }

  /**
   * Reads the body, keeping one byte more than the quota so that {@link Gateway} sees it is over;
   * the rest is read and dropped.
   */
  private byte[] readBody(Request request) throws IOException {
    long keep = maxBodyBytes + 1;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    try (InputStream in = Request.asInputStream(request)) {
      int n;
      while (total < keep + MAX_DRAINED_BYTES && (n = in.read(buffer)) != -1) {
        if (total < keep) {
          body.write(buffer, 0, (int) Math.min(n, keep - total));
        }
        total += n;
      }
    }
    return body.toByteArray();
  }
}
