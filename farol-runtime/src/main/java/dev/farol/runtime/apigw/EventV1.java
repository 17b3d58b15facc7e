package dev.farol.runtime.apigw;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.runtime.apigw.GatewayRequest.Header;
import dev.farol.runtime.config.HttpRoute.PayloadFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload format 1.0 event: a REST API's Lambda proxy event, or an HTTP API's with {@code
 * "version": "1.0"}.
 *
 * <p>Shape from <a
 * href="https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html">REST
 * proxy input format</a>, <a
 * href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html">HTTP
 * API payload format</a> and captured events (shared testdata {@code api-gateway-v1-parametrized.json}).
 * Header names stay as sent; the single-valued {@code headers} and {@code queryStringParameters}
 * hold the last value; empty maps and a missing body are {@code null}.
 */
final class EventV1 {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private EventV1() {}

  static ObjectNode create(EventInput in) {
    RouteTable.Match match = in.match();
    boolean rest = match.route().format() == PayloadFormat.REST_V1;
    String resource = match.isDefaultRoute() ? RouteTable.DEFAULT_ROUTE : match.route().path();

    ObjectNode event = JSON.objectNode();
    if (!rest) {
      event.put("version", "1.0");
    }
    event.put("resource", resource);
    event.put("path", in.request().rawPath());
    event.put("httpMethod", in.request().method());

    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Header header : in.headers()) {
      headers.computeIfAbsent(header.name(), n -> new ArrayList<>()).add(header.value());
    }
    event.set("headers", singleValues(headers));
    event.set("multiValueHeaders", multiValues(headers));
    event.set("queryStringParameters", singleValues(in.query()));
    event.set("multiValueQueryStringParameters", multiValues(in.query()));
    if (in.pathParameters().isEmpty()) {
      event.putNull("pathParameters");
    } else {
      ObjectNode params = event.putObject("pathParameters");
      in.pathParameters().forEach(params::put);
    }
    event.putNull("stageVariables");

    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", EventInput.ACCOUNT_ID);
    context.put("apiId", EventInput.API_ID);
    context.put("domainName", in.domainName());
    context.put("domainPrefix", in.domainPrefix());
    context.put("extendedRequestId", in.ids().shortId());
    context.put("httpMethod", in.request().method());
    ObjectNode identity = context.putObject("identity");
    identity.putNull("accessKey");
    identity.putNull("accountId");
    identity.putNull("caller");
    if (!rest) {
      identity.putNull("cognitoAmr");
    }
    identity.putNull("cognitoAuthenticationProvider");
    identity.putNull("cognitoAuthenticationType");
    identity.putNull("cognitoIdentityId");
    identity.putNull("cognitoIdentityPoolId");
    identity.putNull("principalOrgId");
    identity.put("sourceIp", in.request().sourceIp());
    identity.putNull("user");
    identity.put("userAgent", in.userAgent());
    identity.putNull("userArn");
    context.put("path", in.stagePath());
    context.put("protocol", in.request().protocol());
    context.put("requestId", rest ? in.ids().uuid() : in.ids().shortId());
    context.put("requestTime", in.requestTime());
    context.put("requestTimeEpoch", in.time().toEpochMilli());
    context.put("resourceId", rest ? resourceId(resource) : match.routeKey());
    context.put("resourcePath", resource);
    context.put("stage", in.stage());

    event.put("body", in.body().text());
    event.put("isBase64Encoded", in.body().base64Encoded());
    return event;
  }

  /** A REST resource id: six lower-case characters, stable for a path like the real ones. */
  static String resourceId(String resourcePath) {
    String id = Integer.toString(resourcePath.hashCode() & 0x7fffffff, 36);
    return ("000000" + id).substring(id.length());
  }

  private static ObjectNode singleValues(Map<String, List<String>> values) {
    if (values.isEmpty()) {
      return null;
    }
    ObjectNode node = JSON.objectNode();
    values.forEach((name, list) -> node.put(name, list.get(list.size() - 1)));
    return node;
  }

  private static ObjectNode multiValues(Map<String, List<String>> values) {
    if (values.isEmpty()) {
      return null;
    }
    ObjectNode node = JSON.objectNode();
    values.forEach(
        (name, list) -> {
          ArrayNode array = node.putArray(name);
          list.forEach(array::add);
        });
    return node;
  }
}
