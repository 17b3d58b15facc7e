package dev.farol.tracer.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per source, the inferred spans of a field payload: name, kind, attributes, and the event's own timestamp. */
class InferredSpansTest {

  static long millis(JsonNode n) {
    return n.asLong() * 1_000_000L;
  }

  static long iso(JsonNode n) {
    Instant t = Instant.parse(n.asText());
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static InferredSpan only(Trigger t) {
    assertThat(t.inferredSpans()).hasSize(1);
    return t.inferredSpans().get(0);
  }

  @Test
  void restApi_namedByRouteTemplate_startsAtRequestTimeEpoch() {
    JsonNode e = FieldSamples.tree("api-gateway-v1-parametrized");
    Trigger t = EventSources.describe(FieldSamples.text("api-gateway-v1-parametrized"));
    assertThat(t.faasTrigger()).isEqualTo("http");
    assertThat(t.httpMethod()).isEqualTo("GET");
    assertThat(t.httpRoute()).isEqualTo("/user/{id}");
    assertThat(t.httpPath()).isEqualTo("/user/42");
    assertThat(t.httpHost()).isEqualTo("mcwkra0ya4.execute-api.sa-east-1.amazonaws.com");
    assertThat(t.links()).isEmpty();
    InferredSpan s = only(t);
    assertThat(s.name()).isEqualTo("aws.apigateway GET /user/{id}");
    assertThat(s.kind()).isEqualTo("server");
    assertThat(s.startEpochNanos()).isEqualTo(millis(e.at("/requestContext/requestTimeEpoch")))
        .isEqualTo(1710529824520_000_000L);
    assertThat(s.attributes())
        .containsEntry("farol.span.inferred", "true")
        .containsEntry("faas.trigger", "http")
        .containsEntry("http.request.method", "GET")
        .containsEntry("http.route", "/user/{id}")
        .containsEntry("url.path", "/user/42")
        .containsEntry("server.address", "mcwkra0ya4.execute-api.sa-east-1.amazonaws.com")
        .containsEntry("aws.api_gateway.api_id", "mcwkra0ya4")
        .containsEntry("aws.api_gateway.stage", "dev")
        .containsEntry("aws.region", "sa-east-1")
        .containsEntry("aws.request_id", e.at("/requestContext/requestId").asText())
        .containsEntry("cloud.resource_id", "arn:aws:apigateway:sa-east-1::/restapis/mcwkra0ya4/stages/dev");
  }

  @Test
  void httpApi_routeIsThePathOfTheRouteKey_startsAtTimeEpoch() {
    JsonNode e = FieldSamples.tree("api-gateway-v2-parametrized");
    Trigger t = EventSources.describe(FieldSamples.text("api-gateway-v2-parametrized"));
    assertThat(t.httpRoute()).isEqualTo("/user/{id}");
    InferredSpan s = only(t);
    assertThat(s.name()).isEqualTo("aws.apigateway GET /user/{id}");
    assertThat(s.startEpochNanos()).isEqualTo(millis(e.at("/requestContext/timeEpoch")));
    assertThat(s.attributes()).containsEntry("aws.api_gateway.stage", "$default")
        .containsEntry("url.path", "/user/42");
  }

  @Test
  void webSocket_namedByRouteKey() {
    JsonNode e = FieldSamples.tree("api-gateway-websocket-connect");
    Trigger t = EventSources.describe(FieldSamples.text("api-gateway-websocket-connect"));
    assertThat(t.httpMethod()).isNull();
    InferredSpan s = only(t);
    assertThat(s.name()).isEqualTo("aws.apigateway.websocket $connect");
    assertThat(s.kind()).isEqualTo("server");
    assertThat(s.startEpochNanos()).isEqualTo(millis(e.at("/requestContext/requestTimeEpoch")));
    assertThat(s.attributes()).containsEntry("aws.api_gateway.connection_id", e.at("/requestContext/connectionId").asText())
        .containsEntry("aws.api_gateway.event_type", "CONNECT");
  }

  @Test
  void functionUrl_namedByPath_noRoute() {
    JsonNode e = FieldSamples.tree("lambda-url");
    Trigger t = EventSources.describe(FieldSamples.text("lambda-url"));
    assertThat(t.httpRoute()).isNull();
    InferredSpan s = only(t);
    assertThat(s.name()).isEqualTo("aws.lambda.url GET /");
    assertThat(s.startEpochNanos()).isEqualTo(millis(e.at("/requestContext/timeEpoch")));
    assertThat(s.attributes()).containsEntry("server.address", "a8hyhsshac.lambda-url.eu-south-1.amazonaws.com")
        .containsEntry("aws.region", "eu-south-1");
  }

  @Test
  void alb_hasNoTimestampOfItsOwn() {
    for (String sample : List.of("application-load-balancer", "application-load-balancer-multivalue-headers")) {
      Trigger t = EventSources.describe(FieldSamples.text(sample));
      InferredSpan s = only(t);
      assertThat(s.name()).isEqualTo("aws.alb GET /lambda");
      assertThat(s.startEpochNanos()).isZero();
      assertThat(t.httpHost()).as(sample).isEqualTo("lambda-alb-123578498.us-east-2.elb.amazonaws.com");
      assertThat(s.attributes()).containsEntry("cloud.resource_id", t.sourceArn()).containsEntry("aws.region", "us-east-2");
    }
  }

  @Test
  void sqs_startsAtSentTimestamp() {
    JsonNode r = FieldSamples.tree("sqs-string-msg-attribute").at("/Records/0");
    Trigger t = EventSources.describe(FieldSamples.text("sqs-string-msg-attribute"));
    assertThat(t.faasTrigger()).isEqualTo("pubsub");
    assertThat(t.httpMethod()).isNull();
    InferredSpan s = only(t);
    assertThat(s.name()).isEqualTo("aws.sqs InferredSpansQueueNode");
    assertThat(s.kind()).isEqualTo("consumer");
    assertThat(s.startEpochNanos()).isEqualTo(millis(r.at("/attributes/SentTimestamp"))).isEqualTo(1634662094538_000_000L);
    assertThat(s.attributes())
        .containsEntry("messaging.system", "aws_sqs")
        .containsEntry("messaging.destination.name", "InferredSpansQueueNode")
        .containsEntry("messaging.message.id", r.path("messageId").asText())
        .containsEntry("aws.region", "eu-west-1")
        .containsEntry("cloud.resource_id", r.path("eventSourceARN").asText())
        .containsEntry("faas.trigger", "pubsub")
        .containsEntry("farol.span.inferred", "true")
        .doesNotContainKey("messaging.batch.message_count");
  }

  @Test
  void snsToSqs_givesTheTopicThenTheQueue() {
    JsonNode r = FieldSamples.tree("sns-sqs-java-upstream").at("/Records/0");
    Trigger t = EventSources.describe(FieldSamples.text("sns-sqs-java-upstream"));
    assertThat(t.inferredSpans()).extracting(InferredSpan::kind).containsExactly("producer", "consumer");
    InferredSpan sns = t.inferredSpans().get(0);
    assertThat(sns.name()).startsWith("aws.sns DdTraceXLambda-snssqschecksNestedStack");
    assertThat(sns.startEpochNanos()).isEqualTo(iso(r.at("/body/Timestamp"))).isEqualTo(1715869366902_000_000L);
    assertThat(sns.attributes()).containsEntry("cloud.resource_id", r.at("/body/TopicArn").asText())
        .containsEntry("messaging.message.id", r.at("/body/MessageId").asText())
        .containsEntry("messaging.system", "aws_sns");
    InferredSpan sqs = t.inferredSpans().get(1);
    assertThat(sqs.name()).isEqualTo("aws.sqs DdTraceXLambda-snssqschecksNested-snsProducerJavaForPythonNonRawsns-1vws7QPqW8e6");
    assertThat(sqs.startEpochNanos()).isEqualTo(millis(r.at("/attributes/SentTimestamp")));
    assertThat(sns.startEpochNanos()).isLessThanOrEqualTo(sqs.startEpochNanos());
  }

  @Test
  void eventBridgeToSqs_givesTheSourceThenTheQueue() throws Exception {
    JsonNode r = FieldSamples.tree("eventbridge-sqs").at("/Records/0");
    JsonNode body = FieldSamples.JSON.readTree(r.path("body").asText());
    Trigger t = EventSources.describe(FieldSamples.text("eventbridge-sqs"));
    assertThat(t.inferredSpans()).extracting(InferredSpan::name)
        .containsExactly("aws.eventbridge my.Source", "aws.sqs eventbridge-sqs-queue");
    InferredSpan eb = t.inferredSpans().get(0);
    assertThat(eb.kind()).isEqualTo("producer");
    assertThat(eb.startEpochNanos()).isEqualTo(iso(body.path("time")));
    assertThat(eb.attributes()).containsEntry("aws.eventbridge.source", "my.Source")
        .containsEntry("aws.eventbridge.detail_type", "my.Detail");
    assertThat(t.inferredSpans().get(1).startEpochNanos()).isEqualTo(millis(r.at("/attributes/SentTimestamp")));
  }

  @Test
  void eventBridge_startsAtItsTime() {
    JsonNode e = FieldSamples.tree("eventbridge-custom");
    Trigger t = EventSources.describe(FieldSamples.text("eventbridge-custom"));
    InferredSpan s = only(t);
    assertThat(s.name()).isEqualTo("aws.eventbridge eventbridge.custom.event.sender");
    assertThat(s.kind()).isEqualTo("consumer");
    assertThat(s.startEpochNanos()).isEqualTo(iso(e.path("time"))).isEqualTo(1635989865_000_000_000L);
    assertThat(s.attributes()).containsEntry("aws.eventbridge.detail_type", "testdetail")
        .containsEntry("messaging.message.id", e.path("id").asText())
        .containsEntry("aws.region", "eu-west-1");
  }

  @Test
  void sns_startsAtItsTimestamp() {
    JsonNode sns = FieldSamples.tree("sns-string-msg-attribute").at("/Records/0/Sns");
    InferredSpan s = only(EventSources.describe(FieldSamples.text("sns-string-msg-attribute")));
    assertThat(s.name()).isEqualTo("aws.sns serverlessTracingTopicPy");
    assertThat(s.kind()).isEqualTo("consumer");
    assertThat(s.startEpochNanos()).isEqualTo(iso(sns.path("Timestamp")));
    assertThat(s.attributes()).containsEntry("messaging.destination.name", "serverlessTracingTopicPy")
        .containsEntry("messaging.message.id", sns.path("MessageId").asText())
        .containsEntry("cloud.resource_id", sns.path("TopicArn").asText());
  }

  @Test
  void kinesis_startsAtApproximateArrival() {
    JsonNode r = FieldSamples.tree("kinesis").at("/Records/0");
    InferredSpan s = only(EventSources.describe(FieldSamples.text("kinesis")));
    assertThat(s.name()).isEqualTo("aws.kinesis kinesisStream");
    assertThat(s.kind()).isEqualTo("consumer");
    assertThat(s.startEpochNanos())
        .isEqualTo(r.at("/kinesis/approximateArrivalTimestamp").decimalValue().movePointRight(9).longValueExact())
        .isEqualTo(1643638425163_000_000L);
    assertThat(s.attributes()).containsEntry("aws.kinesis.stream_name", "kinesisStream")
        .containsEntry("messaging.system", "aws_kinesis")
        .containsEntry("aws.kinesis.shard_id", "shardId-000000000002")
        .containsEntry("cloud.resource_id", r.path("eventSourceARN").asText());
  }

  @Test
  void dynamoDb_startsAtApproximateCreation() {
    JsonNode r = FieldSamples.tree("dynamodb").at("/Records/0");
    Trigger t = EventSources.describe(FieldSamples.text("dynamodb"));
    assertThat(t.faasTrigger()).isEqualTo("datasource");
    assertThat(t.parent()).isEmpty();
    InferredSpan s = only(t);
    assertThat(s.name()).isEqualTo("aws.dynamodb ExampleTableWithStream");
    assertThat(s.startEpochNanos()).isEqualTo(r.at("/dynamodb/ApproximateCreationDateTime").asLong() * 1_000_000_000L);
    assertThat(s.attributes()).containsEntry("aws.dynamodb.table_names", "ExampleTableWithStream")
        .containsEntry("messaging.batch.message_count", "3")
        .containsEntry("aws.region", "us-east-1");
  }

  @Test
  void s3_namedByBucket_withKey() {
    JsonNode r = FieldSamples.tree("s3").at("/Records/0");
    Trigger t = EventSources.describe(FieldSamples.text("s3"));
    assertThat(t.faasTrigger()).isEqualTo("datasource");
    InferredSpan s = only(t);
    assertThat(s.name()).isEqualTo("aws.s3 example-bucket");
    assertThat(s.startEpochNanos()).isEqualTo(iso(r.path("eventTime"))); // the sample's time is the epoch itself
    assertThat(s.attributes()).containsEntry("aws.s3.bucket", "example-bucket").containsEntry("aws.s3.key", "test/key")
        .containsEntry("aws.s3.event_name", "ObjectCreated:Put");
  }

  @Test
  void sourcesWithoutAServiceSpan() {
    for (String sample : List.of("cloudwatch-events", "cloudwatch-logs", "cloudfront", "custom", "states", "rum-appsync")) {
      assertThat(EventSources.describe(FieldSamples.text(sample)).inferredSpans()).as(sample).isEmpty();
    }
    assertThat(EventSources.describe(FieldSamples.text("cloudwatch-events")).faasTrigger()).isEqualTo("timer");
    Trigger cf = EventSources.describe(FieldSamples.text("cloudfront"));
    assertThat(cf.faasTrigger()).isEqualTo("http");
    assertThat(cf.httpMethod()).isEqualTo("GET");
    assertThat(cf.httpPath()).isEqualTo("/test");
    assertThat(cf.httpHost()).isEqualTo("d123.cf.net");
  }

  @Test
  void batches_linkEveryRecordThatCarriesAContext() {
    for (String sample : List.of("kinesis-batch", "sqs-batch", "sns-batch")) {
      Trigger t = EventSources.describe(FieldSamples.text(sample));
      assertThat(t.links()).as(sample).hasSize(FieldSamples.tree(sample).path("Records").size()).hasSize(2);
      assertThat(t.links().get(0)).as(sample).isEqualTo(t.parent().orElseThrow());
      assertThat(t.inferredSpans().get(t.inferredSpans().size() - 1).attributes())
          .containsEntry("messaging.batch.message_count", "2");
    }
    assertThat(EventSources.describe(FieldSamples.text("dynamodb")).links()).isEmpty();
    assertThat(EventSources.describe(FieldSamples.text("api-gateway")).links()).isEmpty();
  }
}
