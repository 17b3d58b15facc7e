package dev.farol.runtime.apigw;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.runtime.apigw.GatewayRequest.Header;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP API payload format 2.0 event.
 *
 * <p>Shape from <a
 * href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">HTTP
 * API payload format</a> and captured events (shared testdata {@code
 * api-gateway-v2-parametrized.json}, {@code http-api.json}): header names in lower case with
 * repeated headers joined by commas, repeated query parameters joined by commas, {@code Cookie}
 * headers moved to {@code cookies}, and fields without a value left out.
 */
final class EventV2 {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private EventV2() {}

  static ObjectNode create(EventInput in) {
    RouteTable.Match match = in.match();
    String path = in.stagePath();

    ObjectNode event = JSON.objectNode();
    event.put("version", "2.0");
    event.put("routeKey", match.routeKey());
    event.put("rawPath", path);
    event.put("rawQueryString", in.request().rawQuery());

    Map<String, String> headers = new LinkedHashMap<>();
    ArrayNode cookies = JSON.arrayNode();
    for (Header header : in.headers()) {
      String name = header.name().toLowerCase(Locale.ROOT);
      if (name.equals("cookie")) {
        for (String cookie : header.value().split(";")) {
          if (!cookie.isBlank()) {
            cookies.add(cookie.trim());
          }
        }
      } else {
        headers.merge(name, header.value(), (first, next) -> first + "," + next);
      }
    }
    if (!cookies.isEmpty()) {
      event.set("cookies", cookies);
    }
    ObjectNode headersNode = event.putObject("headers");
    headers.forEach(headersNode::put);
    if (!in.query().isEmpty()) {
      ObjectNode query = event.putObject("queryStringParameters");
      in.query().forEach((name, values) -> query.put(name, String.join(",", values)));
    }

    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", EventInput.ACCOUNT_ID);
    context.put("apiId", EventInput.API_ID);
    context.put("domainName", in.domainName());
    context.put("domainPrefix", in.domainPrefix());
    ObjectNode http = context.putObject("http");
    http.put("method", in.request().method());
    http.put("path", path);
    http.put("protocol", in.request().protocol());
    http.put("sourceIp", in.request().sourceIp());
    http.put("userAgent", in.userAgent());
    context.put("requestId", in.ids().shortId());
    context.put("routeKey", match.routeKey());
    context.put("stage", in.stage());
    context.put("time", in.requestTime());
    context.put("timeEpoch", in.time().toEpochMilli());

    if (!in.pathParameters().isEmpty()) {
      ObjectNode params = event.putObject("pathParameters");
      in.pathParameters().forEach(params::put);
    }
    if (in.body().text() != null) {
      event.put("body", in.body().text());
    }
    event.put("isBase64Encoded", in.body().base64Encoded());
    return event;
  }
}
