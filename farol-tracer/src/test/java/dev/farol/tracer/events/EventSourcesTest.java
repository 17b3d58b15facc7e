package dev.farol.tracer.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.farol.tracer.Json;
import dev.farol.tracer.TraceContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Carrier precedence, the shapes the field payloads lack, and input that must never throw. */
class EventSourcesTest {

  @ParameterizedTest
  @ValueSource(strings = {"not json", "", "   ", "{", "{\"Records\": 5}", "{\"Records\": []}", "{\"Records\": [5]}",
      "{\"Records\": [{\"eventSource\": \"aws:unknown\"}]}", "null", "{\"Records\": [{\"eventSource\": 5}]}"})
  void unreadable_isUnknownWithoutParent(String event) {
    Trigger t = EventSources.describe(event);
    assertThat(t.source()).isEqualTo("unknown");
    assertThat(t.faasTrigger()).isEqualTo("other");
    assertThat(t.parent()).isEmpty();
    assertThat(t.inferredSpans()).isEmpty();
    assertThat(t.links()).isEmpty();
    assertThat(t.sourceArn()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"hello\"", "42", "{}", "{\"requestContext\": 5}", "{\"headers\": [1, 2]}",
      "{\"_datadog\": \"not json\"}", "{\"_datadog\": \"%%% not base64\"}", "{\"_datadog\": {\"x-datadog-trace-id\": \"x\"}}"})
  void readableButUnrecognized_isADirectInvokeWithoutParent(String event) {
    Trigger t = EventSources.describe(event);
    assertThat(t.source()).isEqualTo("direct");
    assertThat(t.parent()).isEmpty();
  }

  @Test
  void deeplyNested_isUnknown_notAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    assertThat(EventSources.describe(deep).source()).isEqualTo("unknown");
    assertThat(EventSources.describe("{\"a\": \"" + "[".repeat(1000) + "\"}").source()).isEqualTo("direct");
  }

  @Test
  void nullInputs_areUnknown() {
    assertThat(EventSources.describe((String) null).source()).isEqualTo("unknown");
    assertThat(EventSources.describe((Map<String, Object>) null).source()).isEqualTo("unknown");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"Records\": [{\"eventSource\": \"aws:sqs\"}]}",
      "{\"Records\": [{\"eventSource\": \"aws:sqs\", \"messageAttributes\": {\"_datadog\": {\"stringValue\": \"{nope\"}}}]}",
      "{\"Records\": [{\"eventSource\": \"aws:sqs\", \"messageAttributes\": {\"_datadog\": 5}, \"attributes\": 5, \"body\": 5}]}",
      "{\"Records\": [{\"eventSource\": \"aws:kinesis\", \"kinesis\": {\"data\": \"!!!not base64!!!\"}}]}",
      "{\"Records\": [{\"eventSource\": \"aws:kinesis\", \"kinesis\": {\"data\": \"bm90IGpzb24=\"}}]}",
      "{\"Records\": [{\"EventSource\": \"aws:sns\", \"Sns\": {\"MessageAttributes\": {\"_datadog\": {\"Type\": \"Binary\", \"Value\": \"@@\"}}}}]}",
      "{\"Records\": [{\"eventSource\": \"aws:dynamodb\", \"dynamodb\": 7}]}",
      "{\"Records\": [{\"eventSource\": \"aws:s3\", \"s3\": []}]}",
      "{\"detail-type\": \"x\", \"source\": \"y\", \"detail\": {\"_datadog\": \"bm90IGpzb24=\"}, \"time\": \"yesterday\"}",
      "{\"httpMethod\": \"GET\", \"requestContext\": {\"authorizer\": {\"_datadog\": \"%%%\", \"integrationLatency\": 3}}}",
      "{\"httpMethod\": \"GET\", \"requestContext\": {\"requestTimeEpoch\": \"soon\"}, \"multiValueHeaders\": {\"a\": 5}}",
      "{\"Execution\": {\"Id\": \"x\"}, \"State\": {\"Name\": \"s\", \"RetryCount\": \"many\"}}"})
  void malformedCarriers_giveATriggerWithoutParent(String event) {
    Trigger t = EventSources.describe(event);
    assertThat(t.source()).isNotEqualTo("unknown");
    if (!t.source().equals("stepfunctions")) { // its context is derived, whatever the fields hold
      assertThat(t.parent()).as(t.toString()).isEmpty();
    }
  }

  @Test
  void sqs_malformedCarriers_neverThrow_andGiveNoContext() {
    Trigger t = EventSources.describe(FieldSamples.resource("sqs-malformed-carriers.json"));
    assertThat(t.source()).isEqualTo("sqs");
    assertThat(t.parent()).isEmpty();
    assertThat(t.links()).isEmpty();
  }

  /** Every node of every field payload replaced in turn by a value of the wrong type: never an exception. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.farol.tracer.events.FieldPayloadsTest#samples")
  void everyFieldOfEverySample_mistyped_neverThrows(String sample) throws IOException {
    JsonNode root = FieldSamples.tree(sample);
    List<JsonNode> wrong = List.of(JsonNodeFactory.instance.numberNode(5), JsonNodeFactory.instance.textNode("x"),
        JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode());
    List<String> paths = new ArrayList<>();
    collect(root, "", paths);
    for (String path : paths) {
      for (JsonNode w : wrong) {
        JsonNode copy = root.deepCopy();
        replace(copy, path, w);
        String text = FieldSamples.JSON.writeValueAsString(copy);
        assertThatCode(() -> EventSources.describe(text)).as(sample + " " + path + "=" + w).doesNotThrowAnyException();
      }
    }
    String text = FieldSamples.text(sample);
    for (int cut = 0; cut < text.length(); cut += 13) {
      String truncated = text.substring(0, cut);
      assertThatCode(() -> EventSources.describe(truncated)).doesNotThrowAnyException();
    }
  }

  private static void collect(JsonNode n, String path, List<String> out) {
    if (n.isObject()) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        String p = path + "/" + k.replace("~", "~0").replace("/", "~1");
        out.add(p);
        collect(n.get(k), p, out);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        out.add(path + "/" + i);
        collect(n.get(i), path + "/" + i, out);
      }
    }
  }

  private static void replace(JsonNode root, String path, JsonNode value) {
    int slash = path.lastIndexOf('/');
    JsonNode parent = slash == 0 ? root : root.at(path.substring(0, slash));
    String key = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    if (parent.isObject()) {
      ((ObjectNode) parent).set(key, value);
    } else if (parent.isArray()) {
      ((ArrayNode) parent).set(Integer.parseInt(key), value);
    }
  }

  @Test
  void sqs_everyRecordCarrier_firstCarryingRecordIsTheParent_eachGivesALink() {
    Trigger t = EventSources.describe(FieldSamples.resource("sqs-carriers.json"));
    assertThat(t.source()).isEqualTo("sqs");
    // record 0 carries nothing; record 1's Binary _datadog wins over its AWSTraceHeader
    TraceContext parent = t.parent().orElseThrow();
    assertThat(parent.format()).isEqualTo("datadog");
    assertThat(parent.traceId()).isEqualTo("65432100000000001234567890abcdef".substring(0, 16) + Long.toHexString(1311768467463790320L));
    assertThat(parent.traceIdLow64Decimal()).isEqualTo("1311768467463790320");
    assertThat(parent.spanIdDecimal()).isEqualTo("1229782938247303441");
    assertThat(t.links()).hasSize(4);
    assertThat(t.links().get(0)).isEqualTo(parent);
    // record 2: W3C string attributes, tracestate kept
    assertThat(t.links().get(1).traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(t.links().get(1).traceState()).isEqualTo("rojo=00f067aa0ba902b7");
    // record 3: X-Ray with Sampled=0 is kept, not dropped: the caller decides
    TraceContext xray = t.links().get(2);
    assertThat(xray.format()).isEqualTo("xray");
    assertThat(xray.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
    assertThat(xray.sampled()).isFalse();
    // record 4: an SNS notification as text, its _datadog Binary holding a traceparent
    assertThat(t.links().get(3).traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(t.links().get(3).spanId()).isEqualTo("b9c7c989f97918e1");
    // the inferred spans come from the first record, whose body is no envelope
    assertThat(t.inferredSpans()).extracting(InferredSpan::name).containsExactly("aws.sqs orders-queue");
    assertThat(t.inferredSpans().get(0).attributes()).containsEntry("messaging.batch.message_count", "5");
  }

  @Test
  void sqs_awsTraceHeader_onlyWhenTheAttributesCarryNone() {
    String record = "{\"Records\": [{\"eventSource\": \"aws:sqs\", \"eventSourceARN\": \"arn:aws:sqs:us-east-1:1:q\","
        + " \"attributes\": {\"AWSTraceHeader\": \"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1\"},"
        + " \"messageAttributes\": %s}]}";
    assertThat(EventSources.describe(String.format(record, "{}")).parent().orElseThrow().format()).isEqualTo("xray");
    String w3c = "{\"traceparent\": {\"stringValue\": \"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
        + " \"dataType\": \"String\"}}";
    assertThat(EventSources.describe(String.format(record, w3c)).parent().orElseThrow().format()).isEqualTo("w3c");
  }

  @Test
  void eventBridge_traceHeadersStraightInDetail() {
    Trigger t = EventSources.describe("{\"detail-type\": \"OrderPlaced\", \"source\": \"shop.orders\", \"time\": \"2024-05-29T16:26:39Z\","
        + " \"detail\": {\"traceparent\": \"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00\"}}");
    assertThat(t.source()).isEqualTo("eventbridge");
    assertThat(t.parent().orElseThrow().sampled()).isFalse();
    assertThat(t.inferredSpans().get(0).name()).isEqualTo("aws.eventbridge shop.orders");
  }

  @Test
  void restApi_multiValueHeadersOnly_andHeadersWinOverThem() {
    Trigger multi = EventSources.describe("{\"httpMethod\": \"GET\", \"path\": \"/a\", \"requestContext\": {\"stage\": \"p\"},"
        + " \"multiValueHeaders\": {\"traceparent\": [\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"],"
        + " \"tracestate\": [\"a=1\", \"b=2\"]}}");
    assertThat(multi.source()).isEqualTo("apigateway-rest");
    assertThat(multi.parent().orElseThrow().traceState()).isEqualTo("a=1,b=2");
    Trigger both = EventSources.describe("{\"httpMethod\": \"GET\", \"path\": \"/a\", \"requestContext\": {\"stage\": \"p\"},"
        + " \"multiValueHeaders\": {\"traceparent\": [\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"]},"
        + " \"headers\": {\"traceparent\": \"00-0af7651916cd43dd8448eb211c80319c-b9c7c989f97918e1-01\"}}");
    assertThat(both.parent().orElseThrow().traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void freshAuthorizerContext_winsOverHeaders_inAnyInjectedForm() {
    String headers = "\"headers\": {\"traceparent\": \"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}";
    // plain keys injected into the REST authorizer context, the authorizer having run (integrationLatency > 0)
    Trigger plain = EventSources.describe("{\"httpMethod\": \"GET\", " + headers + ", \"requestContext\": {\"requestId\": \"r1\","
        + " \"authorizer\": {\"x-datadog-trace-id\": \"12345\", \"x-datadog-parent-id\": \"67890\", \"integrationLatency\": 12}}}");
    assertThat(plain.parent().orElseThrow().traceIdLow64Decimal()).isEqualTo("12345");
    // _datadog as a JSON string in an HTTP API's lambda context, stamped with this request's id
    Trigger json = EventSources.describe("{\"version\": \"2.0\", " + headers + ", \"requestContext\": {\"requestId\": \"r2\","
        + " \"http\": {\"method\": \"GET\", \"path\": \"/a\"}, \"authorizer\": {\"lambda\": {\"_datadog\":"
        + " \"{\\\"x-datadog-trace-id\\\": \\\"12345\\\", \\\"x-datadog-parent-id\\\": \\\"67890\\\","
        + " \\\"x-datadog-authorizing-requestid\\\": \\\"r2\\\"}\"}}}}");
    assertThat(json.source()).isEqualTo("apigateway-http");
    assertThat(json.parent().orElseThrow().spanIdDecimal()).isEqualTo("67890");
    // the same context replayed from the cache for another request: the headers' context instead
    Trigger cached = EventSources.describe("{\"version\": \"2.0\", " + headers + ", \"requestContext\": {\"requestId\": \"r3\","
        + " \"http\": {\"method\": \"GET\", \"path\": \"/a\"}, \"authorizer\": {\"lambda\": {\"_datadog\":"
        + " \"{\\\"x-datadog-trace-id\\\": \\\"12345\\\", \\\"x-datadog-parent-id\\\": \\\"67890\\\","
        + " \\\"x-datadog-authorizing-requestid\\\": \\\"r2\\\"}\"}}}}");
    assertThat(cached.parent().orElseThrow().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void authorizerInputs() {
    Trigger token = EventSources.describe(FieldSamples.resource("authorizer-token.json"));
    assertThat(token.source()).isEqualTo("authorizer-token");
    assertThat(token.faasTrigger()).isEqualTo("other");
    assertThat(token.sourceArn()).isEqualTo("arn:aws:execute-api:us-east-1:111122223333:abcdef1234/prod/GET/orders");
    assertThat(token.parent()).isEmpty();
    Trigger request = EventSources.describe(FieldSamples.resource("authorizer-request.json"));
    assertThat(request.source()).isEqualTo("authorizer-request");
    assertThat(request.sourceArn()).isEqualTo("arn:aws:execute-api:us-east-1:111122223333:abcdef1234/prod/GET/orders/42");
    assertThat(request.parent().orElseThrow().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(request.inferredSpans()).isEmpty();
    Trigger v2 = EventSources.describe(FieldSamples.resource("authorizer-request-v2.json"));
    assertThat(v2.source()).isEqualTo("authorizer-request");
    assertThat(v2.sourceArn()).startsWith("arn:aws:execute-api:us-east-1:111122223333:abcdef1234/$default/");
    assertThat(v2.parent().orElseThrow().traceIdLow64Decimal()).isEqualTo("12345");
  }

  @Test
  void direct_clientContextFirst_thenTheEventsOwnCarriers() {
    String clientContext = "{\"custom\": {\"_datadog\": {\"x-datadog-trace-id\": \"111\", \"x-datadog-parent-id\": \"222\"}},"
        + " \"client\": {}, \"env\": {}}";
    String event = "{\"_datadog\": {\"x-datadog-trace-id\": \"333\", \"x-datadog-parent-id\": \"444\"}}";
    Trigger viaClient = EventSources.describe(event, clientContext);
    assertThat(viaClient.source()).isEqualTo("direct");
    assertThat(viaClient.parent().orElseThrow().traceIdLow64Decimal()).isEqualTo("111");
    assertThat(EventSources.describe(event).parent().orElseThrow().traceIdLow64Decimal()).isEqualTo("333");
    // client context custom holding the headers themselves, with a parsed event
    Trigger custom = EventSources.describe(Json.object(Json.parse("{\"order\": 42}")),
        Json.object(Json.parse("{\"custom\": {\"traceparent\": \"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}}")));
    assertThat(custom.parent().orElseThrow().format()).isEqualTo("w3c");
    // headers in the event, or at its top
    assertThat(EventSources.describe("{\"headers\": {\"X-Amzn-Trace-Id\":"
        + " \"Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0\"}}").parent().orElseThrow()
        .sampled()).isFalse();
    assertThat(EventSources.describe("{\"b3\": \"80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1\", \"order\": 1}")
        .parent().orElseThrow().format()).isEqualTo("b3");
    // an unreadable client context is no context
    assertThat(EventSources.describe("{}", "not json").parent()).isEmpty();
  }

  /**
   * Step Functions ids derived as the state machine's other functions derive them (a Datadog-traced
   * one included): the vectors are the ids Datadog's tracers compute for these context objects.
   */
  @Test
  void stepFunctions_deterministicContext() {
    String execution = "arn:aws:states:sa-east-1:425362996713:execution:abhinav-activity-state-machine:72a7ca3e-901c-41bb-b5a3-5f279b92a316";
    String legacy = "{\"Execution\": {\"Id\": \"" + execution + "\", \"RedriveCount\": %d},"
        + " \"State\": {\"Name\": \"Lambda Invoke\", \"EnteredTime\": \"2024-12-04T19:38:04.118Z\", \"RetryCount\": 0},"
        + " \"StateMachine\": {\"Id\": \"arn:aws:states:sa-east-1:425362996713:stateMachine:abhinav-activity-state-machine\"}}";
    Trigger first = EventSources.describe(String.format(legacy, 0));
    assertThat(first.source()).isEqualTo("stepfunctions");
    assertThat(first.sourceArn()).isEqualTo("arn:aws:states:sa-east-1:425362996713:stateMachine:abhinav-activity-state-machine");
    TraceContext c = first.parent().orElseThrow();
    assertThat(c.traceIdLow64Decimal()).isEqualTo("435175499815315247");
    assertThat(c.traceId()).startsWith("3e7a89d1b7310603");
    assertThat(c.spanIdDecimal()).isEqualTo("3929055471293792800");
    assertThat(c.sampled()).isTrue();
    // a redriven execution: counts appended to the state's key
    assertThat(EventSources.describe(String.format(legacy, 1)).parent().orElseThrow().spanIdDecimal())
        .isEqualTo("8782364156266188026");
    // the same context object wrapped in Payload (legacy Lambda task)
    assertThat(EventSources.describe("{\"Payload\": " + String.format(legacy, 0) + "}").parent()).contains(c);

    String v1 = "{\"_datadog\": {\"Execution\": {\"Id\": \"665c417c-1237-4742-aaca-8b3becbb9e75\", \"RedriveCount\": 0},"
        + " \"StateMachine\": {}, \"State\": {\"Name\": \"my-awesome-state\", \"EnteredTime\": \"Mon Nov 13 12:43:33 PST 2023\","
        + " \"RetryCount\": 0}, %s, \"serverless-version\": \"v1\"}}";
    // started by a traced function: its trace continues
    TraceContext lambdaRoot = EventSources.describe(String.format(v1, "\"x-datadog-trace-id\": \"5821803790426892636\","
        + " \"x-datadog-tags\": \"_dd.p.dm=-0,_dd.p.tid=672a7cb100000000\"")).parent().orElseThrow();
    assertThat(lambdaRoot.traceId()).isEqualTo("672a7cb100000000" + Long.toHexString(5821803790426892636L));
    assertThat(lambdaRoot.spanIdDecimal()).isEqualTo("6880978411788117524");
    // a nested execution: the root execution's trace
    TraceContext sfnRoot = EventSources.describe(String.format(v1, "\"RootExecutionId\": \"4875aba4-ae31-4a4c-bf8a-63e9eee31dad\""))
        .parent().orElseThrow();
    assertThat(sfnRoot.traceIdLow64Decimal()).isEqualTo("4521899030418994483");
    assertThat(sfnRoot.traceId()).startsWith("12d1270d99cc5e03");
    assertThat(sfnRoot.spanIdDecimal()).isEqualTo("6880978411788117524");
  }

  @Test
  void stepFunctions_contextObjectCarriedThroughSns() {
    String ctx = "{\\\"Execution\\\": {\\\"Id\\\": \\\"665c417c-1237-4742-aaca-8b3becbb9e75\\\"},"
        + " \\\"State\\\": {\\\"Name\\\": \\\"my-awesome-state\\\", \\\"EnteredTime\\\": \\\"Mon Nov 13 12:43:33 PST 2023\\\"},"
        + " \\\"RootExecutionId\\\": \\\"4875aba4-ae31-4a4c-bf8a-63e9eee31dad\\\", \\\"serverless-version\\\": \\\"v1\\\"}";
    Trigger t = EventSources.describe("{\"Records\": [{\"EventSource\": \"aws:sns\", \"Sns\": {\"TopicArn\": \"arn:aws:sns:sa-east-1:1:t\","
        + " \"MessageAttributes\": {\"_datadog\": {\"Type\": \"String\", \"Value\": \"" + ctx + "\"}}}}]}");
    assertThat(t.source()).isEqualTo("sns");
    assertThat(t.parent().orElseThrow().traceIdLow64Decimal()).isEqualTo("4521899030418994483");
    assertThat(t.parent().orElseThrow().spanIdDecimal()).isEqualTo("6880978411788117524");
  }

  @Test
  void describe_parsedAndTextAgree() {
    for (String sample : List.of("api-gateway", "sqs-batch", "kinesis", "eventbridge-sqs")) {
      Trigger fromText = EventSources.describe(FieldSamples.text(sample));
      Trigger fromMap = EventSources.describe(Json.object(Json.parse(FieldSamples.text(sample))));
      assertThat(fromMap.parent()).isEqualTo(fromText.parent());
      assertThat(fromMap.inferredSpans()).isEqualTo(fromText.inferredSpans());
      assertThat(fromMap.links()).isEqualTo(fromText.links());
    }
  }

  @Test
  void valuesAreImmutable() {
    Trigger t = EventSources.describe(FieldSamples.text("sqs-batch"));
    assertThatCode(() -> t.links().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatCode(() -> t.inferredSpans().get(0).attributes().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
