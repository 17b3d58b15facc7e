package dev.farol.runtime.apigw;

import dev.farol.runtime.apigw.GatewayRequest.Header;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What every payload format is built from: the request as API Gateway forwards it (with the
 * headers it adds), the chosen route and the request's identity.
 *
 * @param request the request as received
 * @param match the route
 * @param headers the request headers plus {@code X-Forwarded-For}, {@code X-Forwarded-Port}, {@code
 *     X-Forwarded-Proto} and, when absent, {@code X-Amzn-Trace-Id}
 * @param traceHeader the {@code X-Amzn-Trace-Id} value the function gets
 * @param query decoded query parameters
 * @param pathParameters path parameters: decoded for HTTP APIs, as sent for REST APIs
 * @param body the body as the event carries it
 * @param ids request identifiers
 * @param time when API Gateway received the request
 */
record EventInput(
    GatewayRequest request,
    RouteTable.Match match,
    List<Header> headers,
    String traceHeader,
    Map<String, List<String>> query,
    Map<String, String> pathParameters,
    RequestBody body,
    RequestIds ids,
    Instant time) {

  static final String ACCOUNT_ID = "123456789012";
  static final String API_ID = "1234567890";
  static final String TRACE_HEADER = "X-Amzn-Trace-Id";

  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  static EventInput of(
      GatewayRequest request, RouteTable.Match match, RequestIds ids, Instant time) {
    String trace = request.header(TRACE_HEADER);
    List<Header> headers = new ArrayList<>();
    String forwardedFor = null;
    for (Header header : request.headers()) {
      String name = header.name();
      if (name.equalsIgnoreCase("X-Forwarded-For")) {
        forwardedFor = forwardedFor == null ? header.value() : forwardedFor + ", " + header.value();
      } else if (!name.equalsIgnoreCase("X-Forwarded-Port")
          && !name.equalsIgnoreCase("X-Forwarded-Proto")) {
        headers.add(header);
      }
    }
    if (trace == null) {
      trace = ids.traceId();
      headers.add(new Header(TRACE_HEADER, trace));
    }
    String client = request.sourceIp();
    headers.add(
        new Header("X-Forwarded-For", forwardedFor == null ? client : forwardedFor + ", " + client));
    headers.add(new Header("X-Forwarded-Port", Integer.toString(request.localPort())));
    headers.add(new Header("X-Forwarded-Proto", "http"));

    boolean decode = match.apiType() == ApiType.HTTP;
    Map<String, String> pathParameters = new LinkedHashMap<>();
    match.rawPathParameters()
        .forEach((name, raw) -> pathParameters.put(name, decode ? PercentDecoder.decodePath(raw) : raw));
    RequestBody body = RequestBody.of(request.body(), request.header("Content-Type"));
    return new EventInput(
        request, match, headers, trace, QueryString.parse(request.rawQuery()), pathParameters, body,
        ids, time);
  }

  String stage() {
    return match.route().stage();
  }

  /**
   * The request path as it reaches API Gateway, where a named stage comes first: {@code
   * /prod/pets}. Farol's URLs have no stage segment, so it is put back here; the {@code $default}
   * stage of an HTTP API has none.
   */
  String stagePath() {
    return "$default".equals(stage()) ? request.rawPath() : "/" + stage() + request.rawPath();
  }

  /** {@code dd/MMM/yyyy:HH:mm:ss +0000}, as in {@code requestContext.requestTime}. */
  String requestTime() {
    return REQUEST_TIME.format(time);
  }

  String userAgent() {
    return request.header("User-Agent");
  }

  /** The host the client called, without port: API Gateway's {@code domainName}. */
  String domainName() {
    String host = request.header("Host");
    if (host == null || host.isBlank()) {
      return "localhost";
    }
    host = host.trim();
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /** The first label of {@link #domainName()}, or all of it for an IP address. */
  String domainPrefix() {
    String domain = domainName();
    if (domain.startsWith("[") || domain.matches("[0-9.]+")) {
      return domain;
    }
    int dot = domain.indexOf('.');
    return dot < 0 ? domain : domain.substring(0, dot);
  }
}
