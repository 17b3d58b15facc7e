package dev.farol.tracer.events;

import dev.farol.tracer.Json;
import java.util.List;
import java.util.Map;

/** Data sources that batch records: Kinesis, DynamoDB Streams and S3 notifications. */
final class RecordEvents {
  private RecordEvents() {}

  /** Kinesis: each record's {@code kinesis.data} is base64 of the producer's payload, which may be JSON holding {@code _datadog}. */
  static Trigger kinesis(List<Object> records) {
    Map<String, Object> first = Json.object(records.get(0));
    Trigger.Builder t = new Trigger.Builder("kinesis", "pubsub");
    t.sourceArn = Fields.str(first, "eventSourceARN");
    for (Object record : records) {
      Map<String, Object> data = Carriers.decodeObject(Fields.str(record, "kinesis", "data"));
      t.record(Carriers.datadog(data.get(Carriers.DATADOG)));
    }
    String stream = afterSlash(t.sourceArn, 1);
    String eventId = Fields.str(first, "eventID");
    t.inferredSpans.add(new InferredSpan.Builder(InferredSpan.name("aws.kinesis", stream), InferredSpan.CONSUMER, "pubsub")
        .start(Fields.secondsToNanos(Fields.at(first, "kinesis", "approximateArrivalTimestamp")))
        .attr("messaging.system", "aws_kinesis")
        .attr("messaging.destination.name", stream)
        .attr("messaging.message.id", eventId)
        .attr("messaging.batch.message_count", count(records))
        .attr("aws.kinesis.stream_name", stream)
        .attr("aws.kinesis.shard_id", eventId != null && eventId.indexOf(':') > 0 ? eventId.substring(0, eventId.indexOf(':')) : null)
        .attr("aws.kinesis.partition_key", Fields.str(first, "kinesis", "partitionKey"))
        .attr("aws.region", MessageEvents.region(first, t.sourceArn))
        .attr("cloud.resource_id", t.sourceArn)
        .build());
    return t.build();
  }

  /** DynamoDB Streams: the source is the stream ARN ({@code table/<name>/stream/<label>}); records carry no context. */
  static Trigger dynamoDb(List<Object> records) {
    Map<String, Object> first = Json.object(records.get(0));
    Trigger.Builder t = new Trigger.Builder("dynamodb", "datasource");
    t.sourceArn = Fields.str(first, "eventSourceARN");
    String table = afterSlash(t.sourceArn, 1);
    t.inferredSpans.add(new InferredSpan.Builder(InferredSpan.name("aws.dynamodb", table), InferredSpan.CONSUMER, "datasource")
        .start(Fields.secondsToNanos(Fields.at(first, "dynamodb", "ApproximateCreationDateTime")))
        .attr("aws.dynamodb.table_names", table)
        .attr("aws.dynamodb.event_name", Fields.str(first, "eventName"))
        .attr("aws.dynamodb.stream_view_type", Fields.str(first, "dynamodb", "StreamViewType"))
        .attr("messaging.batch.message_count", count(records))
        .attr("aws.region", MessageEvents.region(first, t.sourceArn))
        .attr("cloud.resource_id", t.sourceArn)
        .build());
    return t.build();
  }

  /** S3 notifications: the source is the bucket; records carry no context. */
  static Trigger s3(List<Object> records) {
    Map<String, Object> first = Json.object(records.get(0));
    Trigger.Builder t = new Trigger.Builder("s3", "datasource");
    String bucket = Fields.str(first, "s3", "bucket", "name");
    t.sourceArn = Fields.str(first, "s3", "bucket", "arn");
    if (t.sourceArn == null && bucket != null) {
      t.sourceArn = "arn:aws:s3:::" + bucket;
    }
    t.inferredSpans.add(new InferredSpan.Builder(InferredSpan.name("aws.s3", bucket), InferredSpan.CONSUMER, "datasource")
        .start(Fields.isoToNanos(first.get("eventTime")))
        .attr("aws.s3.bucket", bucket)
        .attr("aws.s3.key", Fields.str(first, "s3", "object", "key"))
        .attr("aws.s3.event_name", Fields.str(first, "eventName"))
        .attr("messaging.batch.message_count", count(records))
        .attr("aws.region", Fields.str(first, "awsRegion"))
        .attr("cloud.resource_id", t.sourceArn)
        .build());
    return t.build();
  }

  /** The {@code index}-th part after splitting the ARN's resource on {@code '/'} (a stream or table name), or {@code null}. */
  private static String afterSlash(String arn, int index) {
    if (arn == null) {
      return null;
    }
    String[] p = arn.split("/");
    return p.length > index && !p[index].isEmpty() ? p[index] : null;
  }

  private static String count(List<Object> records) {
    return records.size() > 1 ? Integer.toString(records.size()) : null;
  }
}
