package dev.farol.tracer.events;

import dev.farol.tracer.Json;
import java.util.List;
import java.util.Map;

/**
 * Describes what invoked a Lambda function from its event: the source, the upstream trace context to
 * continue, the inferred spans of the managed services in between, and links for batches. A pure
 * function of the event (and, for direct invokes, the client context); it never throws.
 *
 * <p>Recognized shapes, tried in this order: {@code Records} batches (SQS, SNS, Kinesis, DynamoDB, S3,
 * CloudFront); CloudWatch Logs ({@code awslogs}); authorizer inputs ({@code type} TOKEN / REQUEST with a
 * method or route ARN); ALB ({@code requestContext.elb}); payload 2.0 ({@code requestContext.http}, a
 * Function URL when the domain is {@code *.lambda-url.*}, else an HTTP API); WebSocket
 * ({@code requestContext.connectionId} or {@code eventType}); REST API ({@code httpMethod});
 * EventBridge ({@code detail-type} and {@code source}); Step Functions context objects; AppSync
 * ({@code info.fieldName} or a {@code request} object); anything else readable is {@code direct}.
 * Text that is not JSON, and a {@code Records} batch of no known source, are {@code unknown}.
 *
 * <p>Which carrier wins, per source (ids in every carrier may be W3C, Datadog {@code x-datadog-*} with
 * {@code _dd.p.tid}, B3 or X-Ray, read by {@link dev.farol.tracer.Propagation#extract} in its order W3C,
 * Datadog, B3, X-Ray):
 * <ul>
 *   <li>HTTP APIs: a Lambda authorizer's injected context ({@code requestContext.authorizer[.lambda]},
 *       under {@code _datadog} or as plain keys) when it is fresh, then the request headers
 *       ({@code headers} over {@code multiValueHeaders}). API Gateway caches authorizer responses, and a
 *       cached one carries the trace of the request first authorized; so the authorizer's context is
 *       taken only when {@code integrationLatency > 0} (it ran for this request) or its
 *       {@code x-datadog-authorizing-requestid} is this request's {@code requestContext.requestId}.
 *   <li>Batches (SQS, SNS, Kinesis): the first record that carries a context gives the parent; every
 *       record that carries one gives a link, the first included.
 *   <li>SQS: message attributes, then an SNS or EventBridge envelope in the body, then
 *       {@code AWSTraceHeader} only when neither carries one.
 *   <li>Direct invokes: the client context's {@code custom._datadog}, then {@code custom} as headers
 *       (what the invoking tracer set for this very call), then the event's own {@code _datadog}, its
 *       {@code headers}, and trace headers at its top level.
 *   <li>Step Functions (the context object at the top, under {@code Payload}, or under {@code _datadog},
 *       also when a {@code _datadog} message carrier holds one): a context derived from SHA-256 of the
 *       execution and state, so every function of an execution joins one trace.
 * </ul>
 * An X-Ray header with {@code Sampled=0} gives a context with {@code sampled() == false}; it is never
 * dropped here, whether to honour it is the caller's rule. When the event carries no context the caller
 * may still fall back to the runtime's {@code _X_AMZN_TRACE_ID}, which is not part of the event.
 *
 * <p>Spec: {@code datadog-serverless.md} §3.3 (extraction), §3.4 (inferred spans), §6.2 (headers). Unlike
 * Datadog, HTTP APIs are named {@code aws.apigateway} like REST APIs (the source tells them apart).
 */
public final class EventSources {
  /** Deeper JSON is no Lambda event, and would overflow the stack of the recursive parser. */
  static final int MAX_DEPTH = 256;

  private EventSources() {}

  /** The trigger of an event given as JSON text; {@code unknown} when it is not JSON. */
  public static Trigger describe(String eventJson) {
    return describe(eventJson, null);
  }

  /**
   * The trigger of an event given as JSON text, with the client context of a direct invoke (the
   * {@code Lambda-Runtime-Client-Context} JSON: {@code {"custom": {...}, "client": {...}, "env": {...}}}),
   * or {@code null}.
   */
  public static Trigger describe(String eventJson, String clientContextJson) {
    Object event;
    try {
      event = eventJson == null || nestedDeeperThan(eventJson, MAX_DEPTH) ? null : Json.parse(eventJson);
    } catch (RuntimeException e) {
      return unknown();
    }
    Map<String, Object> clientContext = Map.of();
    if (clientContextJson != null) {
      try {
        clientContext = Json.object(Json.parse(clientContextJson));
      } catch (RuntimeException e) {
        // an unreadable client context carries nothing
      }
    }
    return read(event, clientContext);
  }

  /** The trigger of an event already parsed with {@link Json#parse}. */
  public static Trigger describe(Map<String, Object> event) {
    return read(event, Map.of());
  }

  /** The trigger of an event already parsed with {@link Json#parse}, with a direct invoke's parsed client context or {@code null}. */
  public static Trigger describe(Map<String, Object> event, Map<String, Object> clientContext) {
    return read(event, clientContext == null ? Map.of() : clientContext);
  }

  /** Whether arrays and objects nest deeper than {@code max}, strings skipped. */
  static boolean nestedDeeperThan(String json, int max) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        if (++depth > max) {
          return true;
        }
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return false;
  }

  private static Trigger read(Object event, Map<String, Object> clientContext) {
    try {
      if (event == null) {
        return unknown();
      }
      if (!(event instanceof Map)) {
        return InvokeEvents.direct(event, clientContext); // only a direct invoke sends a non-object
      }
      Trigger t = recognize(Json.object(event), clientContext);
      return t != null ? t : unknown();
    } catch (RuntimeException e) {
      return unknown(); // a shape we misread: better no trigger than a failed invocation
    }
  }

  private static Trigger recognize(Map<String, Object> e, Map<String, Object> clientContext) {
    if (e.containsKey("Records")) {
      return records(Json.array(e.get("Records")));
    }
    if (e.containsKey("awslogs")) {
      return InvokeEvents.cloudWatchLogs();
    }
    String type = Fields.str(e, "type");
    if ("TOKEN".equals(type) && (e.containsKey("methodArn") || e.containsKey("authorizationToken"))) {
      return HttpEvents.tokenAuthorizer(e);
    }
    if ("REQUEST".equals(type) && (e.containsKey("methodArn") || e.containsKey("routeArn"))) {
      return HttpEvents.requestAuthorizer(e);
    }
    Map<String, Object> rc = Fields.obj(e, "requestContext");
    if (!rc.isEmpty()) {
      if (rc.containsKey("elb")) {
        return HttpEvents.alb(e);
      }
      if (!Fields.obj(rc, "http").isEmpty()) {
        String domain = Fields.str(rc, "domainName");
        return domain != null && domain.contains(".lambda-url.") ? HttpEvents.functionUrl(e) : HttpEvents.httpApi(e);
      }
      if (rc.containsKey("connectionId") || rc.containsKey("eventType")) {
        return HttpEvents.webSocket(e);
      }
      if (e.containsKey("httpMethod")) {
        return HttpEvents.rest(e);
      }
    }
    if (Fields.str(e, "detail-type") != null && Fields.str(e, "source") != null) {
      return MessageEvents.eventBridge(e);
    }
    Map<String, Object> stepFunctions = InvokeEvents.stepFunctionsContext(e);
    if (stepFunctions != null) {
      return InvokeEvents.stepFunctions(stepFunctions);
    }
    if (Fields.str(e, "info", "fieldName") != null || e.get("request") instanceof Map) {
      return InvokeEvents.appSync(e);
    }
    return InvokeEvents.direct(e, clientContext);
  }

  private static Trigger records(List<Object> records) {
    if (records.isEmpty()) {
      return null;
    }
    Map<String, Object> first = Json.object(records.get(0));
    if (first.containsKey("cf")) {
      return HttpEvents.cloudFront(first);
    }
    String source = Fields.str(first, "eventSource");
    if (source == null) {
      source = Fields.str(first, "EventSource");
    }
    if (source == null) {
      return null;
    }
    switch (source) {
      case "aws:sqs":
        return MessageEvents.sqs(records);
      case "aws:sns":
        return MessageEvents.sns(records);
      case "aws:kinesis":
        return RecordEvents.kinesis(records);
      case "aws:dynamodb":
        return RecordEvents.dynamoDb(records);
      case "aws:s3":
        return RecordEvents.s3(records);
      default:
        return null;
    }
  }

  private static Trigger unknown() {
    return new Trigger.Builder("unknown", "other").build();
  }
}
