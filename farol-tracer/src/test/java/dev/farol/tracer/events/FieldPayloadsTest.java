package dev.farol.tracer.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.farol.tracer.TraceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field payload in {@code datadog-event-samples/}: the trace its producers' own tests expect
 * continued (every row of {@code datadog-expected-contexts.tsv}), its source, and its ARN.
 */
class FieldPayloadsTest {
  /** Each sample's source, and its record-level (or otherwise stated) ARN, {@code null} when the event has none. */
  static final Map<String, String[]> EXPECTED = new LinkedHashMap<>();

  static {
    String restAuth = "arn:aws:apigateway:eu-west-1::/restapis/amddr1rix9/stages/dev";
    String httpAuth = "arn:aws:apigateway:eu-west-1::/apis/amddr1rix9/stages/dev";
    String ws = "arn:aws:apigateway:eu-west-1::/apis/p62c47itsb/stages/dev";
    String alb = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/lambda-xyz/123abc";
    String kinesis = "arn:aws:kinesis:eu-west-1:601427279990:stream/kinesisStream";
    String topic = "arn:aws:sns:eu-west-1:601427279990:serverlessTracingTopicPy";
    String queue = "arn:aws:sqs:eu-west-1:601427279990:InferredSpansQueueNode";
    expect("api-gateway", "apigateway-rest", "arn:aws:apigateway:us-east-2::/restapis/1234567890/stages/prod");
    expect("api-gateway-no-apiid", "apigateway-rest", null);
    expect("api-gateway-non-proxy", "apigateway-rest", "arn:aws:apigateway:eu-west-1::/restapis/lgxbo6a518/stages/dev");
    expect("api-gateway-non-proxy-async", "apigateway-rest", "arn:aws:apigateway:eu-west-1::/restapis/lgxbo6a518/stages/dev");
    expect("api-gateway-v1-parametrized", "apigateway-rest", "arn:aws:apigateway:sa-east-1::/restapis/mcwkra0ya4/stages/dev");
    expect("api-gateway-v2-parametrized", "apigateway-http", "arn:aws:apigateway:sa-east-1::/apis/9vj54we5ih/stages/$default");
    expect("api-gateway-websocket-connect", "apigateway-websocket", ws);
    expect("api-gateway-websocket-default", "apigateway-websocket", ws);
    expect("api-gateway-websocket-disconnect", "apigateway-websocket", ws);
    expect("application-load-balancer", "alb", alb);
    expect("application-load-balancer-multivalue-headers", "alb", alb);
    expect("authorizer-request-api-gateway-v1", "apigateway-rest", restAuth);
    expect("authorizer-request-api-gateway-v1-cached", "apigateway-rest", restAuth);
    expect("authorizer-request-api-gateway-v2", "apigateway-http", httpAuth);
    expect("authorizer-request-api-gateway-v2-cached", "apigateway-http", httpAuth);
    expect("authorizer-request-api-gateway-websocket-connect", "apigateway-websocket", httpAuth);
    expect("authorizer-request-api-gateway-websocket-message", "apigateway-websocket", httpAuth);
    expect("authorizer-token-api-gateway-v1", "apigateway-rest", restAuth);
    expect("authorizer-token-api-gateway-v1-cached", "apigateway-rest", restAuth);
    expect("cloudfront", "cloudfront", null);
    expect("cloudwatch-events", "cloudwatch-events", "arn:aws:events:us-east-1:123456789012:rule/ExampleRule");
    expect("cloudwatch-logs", "cloudwatch-logs", null);
    expect("custom", "direct", null);
    expect("dynamodb", "dynamodb",
        "arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899");
    expect("eventbridge-custom", "eventbridge", null);
    expect("eventbridge-sqs", "sqs", "arn:aws:sqs:us-east-1:425362996713:eventbridge-sqs-queue");
    expect("http-api", "apigateway-http", "arn:aws:apigateway:eu-west-1::/apis/x02yirxc7a/stages/$default");
    expect("kinesis", "kinesis", kinesis);
    expect("kinesis-batch", "kinesis", kinesis);
    expect("kinesisStream", "kinesis", kinesis);
    expect("lambda-url", "lambda-url", null);
    expect("rum-appsync", "appsync", null);
    expect("rum-appsync-no-headers", "appsync", null);
    expect("rum-appsync-request-not-dict", "appsync", null);
    expect("s3", "s3", "arn:aws:s3:::example-bucket");
    expect("sns-b64-msg-attribute", "sns", topic);
    expect("sns-batch", "sns", topic);
    expect("sns-string-msg-attribute", "sns", topic);
    expect("sns-sqs-java-upstream", "sqs",
        "arn:aws:sqs:us-west-2:425362996713:DdTraceXLambda-snssqschecksNested-snsProducerJavaForPythonNonRawsns-1vws7QPqW8e6");
    expect("sqs-batch", "sqs", queue);
    expect("sqs-java-upstream", "sqs",
        "arn:aws:sqs:us-west-2:444442222111:DdTraceXLambda-sqsjavachecksNeste-sqsJavaProducer2sqsjavaproducerfo-dwpHQF6fcZT4");
    expect("sqs-string-msg-attribute", "sqs", queue);
    expect("states", "stepfunctions", "arn:aws:states:ca-central-1:425362996713:stateMachine:MyStateMachine-wsx8chv4d");
  }

  private static void expect(String sample, String source, String arn) {
    EXPECTED.put(sample, new String[] {source, arn});
  }

  static Stream<Arguments> expectedContexts() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    for (String line : Files.readAllLines(FieldSamples.data().resolve("datadog-expected-contexts.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      rows.add(Arguments.of(f[0], f[1], f[2]));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectedContexts")
  void continuesTheTraceItsProducersExpect(String sample, String traceIdLow64, String parentSpanId) {
    TraceContext parent = EventSources.describe(FieldSamples.text(sample)).parent().orElseThrow(
        () -> new AssertionError(sample + ": no parent found"));
    assertThat(parent.traceIdLow64Decimal()).as(sample + " trace id").isEqualTo(traceIdLow64);
    assertThat(parent.spanIdDecimal()).as(sample + " parent span id").isEqualTo(parentSpanId);
  }

  @Test
  void everyTsvRowIsChecked() throws IOException {
    assertThat(expectedContexts().count()).isEqualTo(20);
  }

  static Stream<String> samples() throws IOException {
    try (Stream<Path> files = Files.list(FieldSamples.samples())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().collect(Collectors.toList()).stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everySample_givesItsSourceAndArn(String sample) {
    assertThat(EXPECTED).as("expectations for every sample, add one for " + sample).containsKey(sample);
    String text = FieldSamples.text(sample);
    assertThatCode(() -> EventSources.describe(text)).doesNotThrowAnyException();
    Trigger t = EventSources.describe(text);
    assertThat(t.source()).as(sample).isEqualTo(EXPECTED.get(sample)[0]);
    assertThat(t.sourceArn()).as(sample).isEqualTo(EXPECTED.get(sample)[1]);
  }

  /** Whatever the sample, the record-level ARN the event states is the one reported. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void recordLevelArn_isTheEventSourceArn(String sample) {
    var records = FieldSamples.tree(sample).path("Records");
    String arn = records.path(0).path("eventSourceARN").asText(null);
    if (arn == null) {
      arn = records.path(0).path("Sns").path("TopicArn").asText(null);
    }
    if (arn == null) {
      arn = records.path(0).path("s3").path("bucket").path("arn").asText(null);
    }
    if (arn != null) {
      assertThat(EventSources.describe(FieldSamples.text(sample)).sourceArn()).as(sample).isEqualTo(arn);
    }
  }

  @Test
  void cachedAuthorizerContext_isNotTakenForThisRequest() {
    for (String cached : List.of("authorizer-request-api-gateway-v1-cached", "authorizer-request-api-gateway-v2-cached",
        "authorizer-token-api-gateway-v1-cached", "authorizer-request-api-gateway-websocket-message")) {
      // their headers carry only an X-Ray Root without Parent: nothing to continue
      assertThat(EventSources.describe(FieldSamples.text(cached)).parent()).as(cached).isEmpty();
    }
    // integrationLatency > 0: the authorizer ran for this very request
    assertThat(EventSources.describe(FieldSamples.text("authorizer-request-api-gateway-websocket-connect")).parent()
        .orElseThrow().traceIdLow64Decimal()).isEqualTo("5351047404834723189");
  }

  @Test
  void headerPrecedence_w3cBeforeDatadog_inAppSyncRequestHeaders() {
    // rum-appsync carries both; Propagation's order (W3C first) applies to every carrier
    TraceContext c = EventSources.describe(FieldSamples.text("rum-appsync")).parent().orElseThrow();
    assertThat(c.format()).isEqualTo("w3c");
    assertThat(c.spanId()).isEqualTo("73ac6ca3427073a3");
  }
}
