package dev.farol.tracer.events;

import dev.farol.tracer.Json;
import dev.farol.tracer.Propagation;
import dev.farol.tracer.TraceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP front doors (API Gateway REST, HTTP and WebSocket APIs, Function URLs, ALB, CloudFront) and the
 * events API Gateway sends to Lambda authorizers.
 *
 * <p>Parent: a fresh Lambda-authorizer context first (see {@link #authorizer}), then the request headers.
 */
final class HttpEvents {
  private HttpEvents() {}

  /** API Gateway REST API (payload 1.0), {@code resource} being the route template. */
  static Trigger rest(Map<String, Object> e) {
    Map<String, Object> rc = Fields.obj(e, "requestContext");
    Map<String, String> headers = Carriers.httpHeaders(e);
    Trigger.Builder t = http(e, headers, "apigateway-rest", Fields.str(e, "httpMethod"));
    t.httpRoute = Fields.str(e, "resource");
    if (t.httpRoute == null) {
      t.httpRoute = Fields.str(rc, "resourcePath");
    }
    t.httpPath = Fields.str(e, "path");
    return apiGateway(e, headers, t, "restapis", "aws.apigateway", Fields.millisToNanos(rc.get("requestTimeEpoch")));
  }

  /** API Gateway HTTP API (payload 2.0); the route template is the path of {@code routeKey} ({@code GET /items/{id}}). */
  static Trigger httpApi(Map<String, Object> e) {
    Map<String, Object> rc = Fields.obj(e, "requestContext");
    Map<String, String> headers = Carriers.httpHeaders(e);
    Trigger.Builder t = http(e, headers, "apigateway-http", Fields.str(rc, "http", "method"));
    String routeKey = Fields.str(e, "routeKey") != null ? Fields.str(e, "routeKey") : Fields.str(rc, "routeKey");
    if (routeKey != null && routeKey.indexOf(' ') > 0) {
      t.httpRoute = routeKey.substring(routeKey.indexOf(' ') + 1);
    }
    t.httpPath = Fields.str(e, "rawPath") != null ? Fields.str(e, "rawPath") : Fields.str(rc, "http", "path");
    return apiGateway(e, headers, t, "apis", "aws.apigateway", Fields.millisToNanos(rc.get("timeEpoch")));
  }

  /** API Gateway WebSocket API: no method; the "route" is the route key ({@code $connect}, {@code $default}...). */
  static Trigger webSocket(Map<String, Object> e) {
    Map<String, Object> rc = Fields.obj(e, "requestContext");
    Map<String, String> headers = Carriers.httpHeaders(e);
    Trigger.Builder t = http(e, headers, "apigateway-websocket", null);
    t.httpRoute = Fields.str(rc, "routeKey");
    return apiGateway(e, headers, t, "apis", "aws.apigateway.websocket", Fields.millisToNanos(rc.get("requestTimeEpoch")));
  }

  /** Lambda Function URL (payload 2.0 on a {@code *.lambda-url.*} domain): no routing, no ARN of its own. */
  static Trigger functionUrl(Map<String, Object> e) {
    Map<String, Object> rc = Fields.obj(e, "requestContext");
    Trigger.Builder t = http(e, Carriers.httpHeaders(e), "lambda-url", Fields.str(rc, "http", "method"));
    t.httpPath = Fields.str(e, "rawPath") != null ? Fields.str(e, "rawPath") : Fields.str(rc, "http", "path");
    t.inferredSpans.add(span(t, InferredSpan.name("aws.lambda.url", t.httpMethod, t.httpPath))
        .start(Fields.millisToNanos(rc.get("timeEpoch")))
        .attr("aws.region", Fields.regionOfHost(t.httpHost))
        .attr("aws.request_id", Fields.str(rc, "requestId"))
        .build());
    return t.build();
  }

  /** Application Load Balancer (single- or multi-value headers); the target group is the source. The event has no timestamp. */
  static Trigger alb(Map<String, Object> e) {
    Trigger.Builder t = http(e, Carriers.httpHeaders(e), "alb", Fields.str(e, "httpMethod"));
    t.httpPath = Fields.str(e, "path");
    t.sourceArn = Fields.str(e, "requestContext", "elb", "targetGroupArn");
    t.inferredSpans.add(span(t, InferredSpan.name("aws.alb", t.httpMethod, t.httpPath))
        .attr("aws.region", Fields.arnPart(t.sourceArn, 3))
        .attr("cloud.resource_id", t.sourceArn)
        .build());
    return t.build();
  }

  /** Lambda@Edge: the viewer or origin request; headers come as {@code name: [{key, value}]}. */
  static Trigger cloudFront(Map<String, Object> record) {
    Map<String, Object> request = Fields.obj(record, "cf", "request");
    Trigger.Builder t = new Trigger.Builder("cloudfront", "http");
    t.httpMethod = Fields.str(request, "method");
    t.httpPath = Fields.str(request, "uri");
    Map<String, Object> headers = new HashMap<>();
    for (Map.Entry<String, Object> h : Fields.obj(request, "headers").entrySet()) {
      List<Object> values = Json.array(h.getValue());
      String value = values.isEmpty() ? null : Fields.str(values.get(0), "value");
      if (value != null) {
        headers.put(h.getKey(), value);
      }
    }
    t.httpHost = Json.string(headers.get("host"));
    t.parent(Carriers.headers(headers));
    return t.build();
  }

  /** The input of a TOKEN authorizer: a bearer token and the method ARN, no headers hence no parent. */
  static Trigger tokenAuthorizer(Map<String, Object> e) {
    Trigger.Builder t = new Trigger.Builder("authorizer-token", "other");
    t.sourceArn = Fields.str(e, "methodArn");
    return t.build();
  }

  /** The input of a REQUEST authorizer (REST, HTTP or WebSocket API): the parent is in the request headers. */
  static Trigger requestAuthorizer(Map<String, Object> e) {
    Trigger.Builder t = new Trigger.Builder("authorizer-request", "other");
    t.sourceArn = Fields.str(e, "methodArn") != null ? Fields.str(e, "methodArn") : Fields.str(e, "routeArn");
    t.parent(Propagation.extract(Carriers.httpHeaders(e)));
    return t.build();
  }

  // ---------------------------------------------------------------- shared

  private static Trigger.Builder http(Map<String, Object> e, Map<String, String> headers, String source, String method) {
    Trigger.Builder t = new Trigger.Builder(source, "http");
    t.httpMethod = method;
    String domain = Fields.str(e, "requestContext", "domainName");
    t.httpHost = domain != null ? domain : Carriers.header(headers, "host");
    t.parent(Propagation.extract(headers));
    return t;
  }

  /** Parent, ARN and inferred span of the three API Gateway flavours. */
  private static Trigger apiGateway(Map<String, Object> e, Map<String, String> headers, Trigger.Builder t,
      String arnKind, String operation, long start) {
    Map<String, Object> rc = Fields.obj(e, "requestContext");
    String apiId = Fields.str(rc, "apiId");
    String stage = Fields.str(rc, "stage");
    String region = Fields.regionOfHost(t.httpHost);
    if (region == null) {
      region = Fields.regionOfHost(Carriers.header(headers, "host"));
    }
    if (apiId != null && stage != null && region != null) {
      t.sourceArn = "arn:aws:apigateway:" + region + "::/" + arnKind + "/" + apiId + "/stages/" + stage;
    }
    Optional<TraceContext> authorizer = authorizer(e);
    if (authorizer.isPresent()) {
      t.parent = authorizer.get();
    }
    String resource = t.httpRoute != null ? t.httpRoute : t.httpPath;
    t.inferredSpans.add(span(t, InferredSpan.name(operation, t.httpMethod, resource))
        .start(start)
        .attr("aws.region", region)
        .attr("cloud.resource_id", t.sourceArn)
        .attr("aws.api_gateway.api_id", apiId)
        .attr("aws.api_gateway.stage", stage)
        .attr("aws.api_gateway.route_key", "apigateway-websocket".equals(t.source) ? t.httpRoute : null)
        .attr("aws.api_gateway.connection_id", Fields.str(rc, "connectionId"))
        .attr("aws.api_gateway.event_type", Fields.str(rc, "eventType"))
        .attr("aws.request_id", Fields.str(rc, "requestId"))
        .build());
    return t.build();
  }

  private static InferredSpan.Builder span(Trigger.Builder t, String name) {
    return new InferredSpan.Builder(name, InferredSpan.SERVER, "http")
        .attr("http.request.method", t.httpMethod)
        .attr("http.route", t.httpRoute)
        .attr("url.path", t.httpPath)
        .attr("server.address", t.httpHost);
  }

  /**
   * The context a Lambda authorizer injected into its response context, which API Gateway hands to the
   * function as {@code requestContext.authorizer} (REST, WebSocket) or {@code requestContext.authorizer.lambda}
   * (HTTP API): under {@code _datadog} (base64 JSON, a JSON string or an object) or as plain keys.
   *
   * <p>API Gateway caches authorizer responses, and a cached one carries the context of the request that
   * was authorized first, a different trace. So the context is taken only when it is provably fresh:
   * {@code requestContext.authorizer.integrationLatency > 0} (the authorizer ran for this request) or its
   * {@code x-datadog-authorizing-requestid} equals this request's {@code requestContext.requestId}.
   */
  static Optional<TraceContext> authorizer(Map<String, Object> e) {
    Map<String, Object> rc = Fields.obj(e, "requestContext");
    Map<String, Object> auth = Fields.obj(rc, "authorizer");
    if (auth.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> lambda = Fields.obj(auth, "lambda");
    Map<String, Object> holder = lambda.isEmpty() ? auth : lambda;
    Map<String, Object> injected = Carriers.decodeObject(holder.get(Carriers.DATADOG));
    if (injected.isEmpty()) {
      injected = holder;
    }
    boolean ran = Fields.number(auth.get("integrationLatency")) > 0;
    String authorizing = Json.string(injected.get("x-datadog-authorizing-requestid"));
    boolean sameRequest = authorizing != null && authorizing.equals(Fields.str(rc, "requestId"));
    return ran || sameRequest ? Carriers.headers(injected) : Optional.empty();
  }
}
