package dev.farol.runtime.apigw;

import java.util.List;

/**
 * An HTTP request as the front received it, independent of the HTTP server.
 *
 * @param method request method, e.g. {@code GET}
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query string as sent without {@code ?}, empty when there is none
 * @param headers header lines in arrival order, names as sent
 * @param body the body bytes; longer than the body quota when the client sent too much (the
 *     rest was discarded)
 * @param sourceIp the client's address
 * @param localPort the port the request came in on
 * @param protocol e.g. {@code HTTP/1.1}
 */
record GatewayRequest(
    String method,
    String rawPath,
    String rawQuery,
    List<Header> headers,
    byte[] body,
    String sourceIp,
    int localPort,
    String protocol) {

  /** One header line. */
  record Header(String name, String value) {}

  /** The first value of a header, compared case-insensitively, or {@code null}. */
  String header(String name) {
    for (Header header : headers) {
      if (header.name().equalsIgnoreCase(name)) {
        return header.value();
      }
    }
    return null;
  }
}
