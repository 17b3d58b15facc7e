package dev.farol.tracer.events;

import dev.farol.tracer.Json;
import dev.farol.tracer.Propagation;
import dev.farol.tracer.TraceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Messaging sources: SQS (including SNS→SQS and EventBridge→SQS, whose body is the upstream envelope),
 * SNS and EventBridge (and its scheduled CloudWatch Events).
 */
final class MessageEvents {
  private MessageEvents() {}

  /**
   * SQS. Per record, the context is read from, in order: the message attributes ({@code _datadog}, then
   * string attributes such as {@code traceparent}); the body when it is an SNS notification (its
   * {@code MessageAttributes}) or an EventBridge event (its {@code detail}); the system attribute
   * {@code AWSTraceHeader} (X-Ray, whose {@code Sampled=0} is kept as {@code sampled=false}). The first
   * record that carries one gives the parent; each record that carries one gives a link. The inferred
   * spans come from the first record: the upstream SNS topic or EventBridge source, then the queue.
   */
  static Trigger sqs(List<Object> records) {
    Map<String, Object> first = Json.object(records.get(0));
    Trigger.Builder t = new Trigger.Builder("sqs", "pubsub");
    t.sourceArn = Fields.str(first, "eventSourceARN");
    Map<String, Object> firstBody = Map.of();
    for (int i = 0; i < records.size(); i++) {
      Map<String, Object> record = Json.object(records.get(i));
      Map<String, Object> body = envelope(record.get("body"));
      if (i == 0) {
        firstBody = body;
      }
      t.record(sqsContext(record, body));
    }
    if (isSns(firstBody)) {
      t.inferredSpans.add(snsSpan(firstBody, InferredSpan.PRODUCER).build());
    } else if (isEventBridge(firstBody)) {
      t.inferredSpans.add(eventBridgeSpan(firstBody, InferredSpan.PRODUCER).build());
    }
    String queue = Fields.arnName(t.sourceArn);
    t.inferredSpans.add(new InferredSpan.Builder(InferredSpan.name("aws.sqs", queue), InferredSpan.CONSUMER, "pubsub")
        .start(Fields.millisToNanos(Fields.at(first, "attributes", "SentTimestamp")))
        .attr("messaging.system", "aws_sqs")
        .attr("messaging.destination.name", queue)
        .attr("messaging.message.id", Fields.str(first, "messageId"))
        .attr("messaging.batch.message_count", records.size() > 1 ? Integer.toString(records.size()) : null)
        .attr("aws.region", region(first, t.sourceArn))
        .attr("cloud.resource_id", t.sourceArn)
        .build());
    return t.build();
  }

  private static Optional<TraceContext> sqsContext(Map<String, Object> record, Map<String, Object> body) {
    Optional<TraceContext> c = Carriers.messageAttributes(Fields.obj(record, "messageAttributes"));
    if (c.isEmpty() && isSns(body)) {
      c = Carriers.messageAttributes(Fields.obj(body, "MessageAttributes"));
    } else if (c.isEmpty() && isEventBridge(body)) {
      c = eventBridgeContext(body);
    }
    return c.isPresent() ? c : Propagation.xray(Fields.str(record, "attributes", "AWSTraceHeader"));
  }

  /** An SQS body that is an SNS notification or an EventBridge event (an object, or JSON text of one); else empty. */
  private static Map<String, Object> envelope(Object body) {
    if (body instanceof Map) {
      return Json.object(body);
    }
    String s = Json.string(body);
    if (s == null || !s.trim().startsWith("{") || s.indexOf("\"TopicArn\"") < 0 && s.indexOf("\"detail-type\"") < 0) {
      return Map.of(); // an ordinary message: not parsed
    }
    try {
      return Json.object(Json.parse(s));
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  private static boolean isSns(Map<String, Object> m) {
    return Fields.str(m, "TopicArn") != null && Fields.str(m, "Type") != null;
  }

  private static boolean isEventBridge(Map<String, Object> m) {
    return Fields.str(m, "detail-type") != null && Fields.str(m, "source") != null;
  }

  /** SNS. Per record, the context is in {@code Sns.MessageAttributes} ({@code _datadog} String or Binary, then string attributes). */
  static Trigger sns(List<Object> records) {
    Map<String, Object> first = Fields.obj(records.get(0), "Sns");
    Trigger.Builder t = new Trigger.Builder("sns", "pubsub");
    t.sourceArn = Fields.str(first, "TopicArn");
    for (Object record : records) {
      t.record(Carriers.messageAttributes(Fields.obj(record, "Sns", "MessageAttributes")));
    }
    t.inferredSpans.add(snsSpan(first, InferredSpan.CONSUMER)
        .attr("messaging.batch.message_count", records.size() > 1 ? Integer.toString(records.size()) : null)
        .build());
    return t.build();
  }

  /** The span of an SNS notification (an SNS record's {@code Sns}, or an SQS body). */
  private static InferredSpan.Builder snsSpan(Map<String, Object> notification, String kind) {
    String topicArn = Fields.str(notification, "TopicArn");
    String topic = Fields.arnName(topicArn);
    return new InferredSpan.Builder(InferredSpan.name("aws.sns", topic), kind, "pubsub")
        .start(Fields.isoToNanos(notification.get("Timestamp")))
        .attr("messaging.system", "aws_sns")
        .attr("messaging.destination.name", topic)
        .attr("messaging.message.id", Fields.str(notification, "MessageId"))
        .attr("aws.region", Fields.arnPart(topicArn, 3))
        .attr("cloud.resource_id", topicArn);
  }

  /**
   * EventBridge: the context is {@code detail._datadog} (an object or JSON text), else trace headers
   * put straight into {@code detail} ({@code traceparent}...). Scheduled events ({@code source}
   * {@code aws.events}) are {@code cloudwatch-events}, a timer, whose rule is the first resource.
   */
  static Trigger eventBridge(Map<String, Object> e) {
    if ("aws.events".equals(Fields.str(e, "source")) || "Scheduled Event".equals(Fields.str(e, "detail-type"))) {
      Trigger.Builder t = new Trigger.Builder("cloudwatch-events", "timer");
      List<Object> resources = Json.array(e.get("resources"));
      t.sourceArn = resources.isEmpty() ? null : Json.string(resources.get(0));
      return t.parent(eventBridgeContext(e)).build();
    }
    Trigger.Builder t = new Trigger.Builder("eventbridge", "pubsub");
    t.parent(eventBridgeContext(e));
    t.inferredSpans.add(eventBridgeSpan(e, InferredSpan.CONSUMER).build());
    return t.build();
  }

  private static Optional<TraceContext> eventBridgeContext(Map<String, Object> e) {
    Map<String, Object> detail = Fields.obj(e, "detail");
    Optional<TraceContext> c = Carriers.datadog(detail.get(Carriers.DATADOG));
    return c.isPresent() ? c : Carriers.headers(detail);
  }

  private static InferredSpan.Builder eventBridgeSpan(Map<String, Object> e, String kind) {
    String source = Fields.str(e, "source");
    // a Datadog-instrumented producer names the bus in the carrier; the event itself does not
    String bus = Json.string(Carriers.decodeObject(Fields.at(e, "detail", Carriers.DATADOG)).get("x-datadog-resource-name"));
    return new InferredSpan.Builder(InferredSpan.name("aws.eventbridge", source), kind, "pubsub")
        .start(Fields.isoToNanos(e.get("time")))
        .attr("messaging.system", "aws_eventbridge")
        .attr("messaging.destination.name", bus)
        .attr("messaging.message.id", Fields.str(e, "id"))
        .attr("aws.eventbridge.source", source)
        .attr("aws.eventbridge.detail_type", Fields.str(e, "detail-type"))
        .attr("aws.region", Fields.str(e, "region"));
  }

  static String region(Map<String, Object> record, String arn) {
    String r = Fields.str(record, "awsRegion");
    return r != null ? r : Fields.arnPart(arn, 3);
  }
}
