package dev.farol.runtime.apigw;

import static dev.farol.runtime.apigw.FrontFixture.rest;
import static dev.farol.runtime.apigw.FrontFixture.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.runtime.config.HttpRoute.PayloadFormat;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST API (payload format 1.0) event built from real HTTP requests. */
class RestEventTest {
  private final FrontFixture fixture =
      new FrontFixture(
          List.of(
              rest("installments", "GET", "/installments/{id}"),
              rest("uploads", "POST", "/uploads"),
              route("users", "GET", "/user/{id}", PayloadFormat.REST_V1, "dev"),
              rest("files", "ANY", "/files/{proxy+}")));

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void event_hasTheStructureOfARealRestEvent() {
    fixture.get("/user/42");

    JsonNode real = FrontFixture.resource("api-gateway-v1-parametrized.json");
    JsonNode event = fixture.lastEvent();
    assertThat(EventShape.of(event)).isEqualTo(EventShape.of(real));
    for (String field : List.of("resource", "path", "httpMethod", "pathParameters", "body", "isBase64Encoded")) {
      assertThat(event.get(field)).as(field).isEqualTo(real.get(field));
    }
    for (String field : List.of("resourcePath", "httpMethod", "path", "stage", "protocol")) {
      assertThat(event.at("/requestContext/" + field))
          .as("requestContext." + field)
          .isEqualTo(real.at("/requestContext/" + field));
    }
  }

  @Test
  void event_carriesPathQueryHeadersStageAndTime() {
    fixture.send(
        fixture
            .request("/installments/42?plan=a&plan=b&name=x%20y&flag")
            .header("User-Agent", "farol-test/1.0")
            .header("X-Multi", "first")
            .header("X-Multi", "second")
            .GET()
            .build());

    JsonNode event = fixture.lastEvent();
    assertThat(event.has("version")).isFalse();
    assertThat(event.get("resource").asText()).isEqualTo("/installments/{id}");
    assertThat(event.get("path").asText()).isEqualTo("/installments/42");
    assertThat(event.get("httpMethod").asText()).isEqualTo("GET");
    assertThat(event.at("/headers/X-Multi").asText()).isEqualTo("second");
    assertThat(event.at("/multiValueHeaders/X-Multi"))
        .isEqualTo(FrontFixture.json("[\"first\",\"second\"]"));
    assertThat(event.at("/headers/User-Agent").asText()).isEqualTo("farol-test/1.0");
    assertThat(event.get("queryStringParameters"))
        .isEqualTo(FrontFixture.json("{\"plan\":\"b\",\"name\":\"x y\",\"flag\":\"\"}"));
    assertThat(event.get("multiValueQueryStringParameters"))
        .isEqualTo(FrontFixture.json("{\"plan\":[\"a\",\"b\"],\"name\":[\"x y\"],\"flag\":[\"\"]}"));
    assertThat(event.get("pathParameters")).isEqualTo(FrontFixture.json("{\"id\":\"42\"}"));
    assertThat(event.get("stageVariables").isNull()).isTrue();
    assertThat(event.get("body").isNull()).isTrue();
    assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();

    JsonNode context = event.get("requestContext");
    assertThat(context.get("accountId").asText()).isEqualTo("123456789012");
    assertThat(context.get("apiId").asText()).isEqualTo("1234567890");
    assertThat(context.get("resourcePath").asText()).isEqualTo("/installments/{id}");
    assertThat(context.get("resourceId").asText()).matches("[0-9a-z]{6}");
    assertThat(context.get("httpMethod").asText()).isEqualTo("GET");
    assertThat(context.get("path").asText()).isEqualTo("/Prod/installments/42");
    assertThat(context.get("stage").asText()).isEqualTo("Prod");
    assertThat(context.get("requestId").asText())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(context.get("extendedRequestId").asText()).matches("[A-Za-z0-9+/]{15}=");
    assertThat(context.get("requestTime").asText()).isEqualTo("15/Mar/2024:19:10:24 +0000");
    assertThat(context.get("requestTimeEpoch").asLong()).isEqualTo(1710529824520L);
    assertThat(context.get("protocol").asText()).isEqualTo("HTTP/1.1");
    assertThat(context.get("domainName").asText()).isEqualTo("127.0.0.1");
    assertThat(context.at("/identity/sourceIp").asText()).isEqualTo("127.0.0.1");
    assertThat(context.at("/identity/userAgent").asText()).isEqualTo("farol-test/1.0");
    assertThat(context.at("/identity/caller").isNull()).isTrue();
    assertThat(context.at("/identity/cognitoAmr").isMissingNode()).isTrue();
  }

  @Test
  void event_addsForwardedHeadersAndATraceId() {
    fixture.get("/installments/1");

    JsonNode headers = fixture.lastEvent().get("headers");
    assertThat(headers.get("X-Forwarded-For").asText()).isEqualTo("127.0.0.1");
    assertThat(headers.get("X-Forwarded-Port").asText()).isEqualTo(Integer.toString(fixture.front.port()));
    assertThat(headers.get("X-Forwarded-Proto").asText()).isEqualTo("http");
    // the root's time part is the request time: 0x65f49d20 = 2024-03-15T19:10:24Z
    assertThat(headers.get("X-Amzn-Trace-Id").asText()).matches("Root=1-65f49d20-[0-9a-f]{24}");
    assertThat(fixture.invoker.lastRequest().traceHeader())
        .isEqualTo(headers.get("X-Amzn-Trace-Id").asText());
  }

  @Test
  void event_keepsTheClientsTraceIdAndAppendsToForwardedFor() {
    String trace = "Root=1-65f49d20-7ba106216238dd0078a5db31;Parent=53995c3f42cd8ad8;Sampled=1";
    fixture.send(
        fixture
            .request("/installments/1")
            .header("X-Amzn-Trace-Id", trace)
            .header("X-Forwarded-For", "203.0.113.9")
            .GET()
            .build());

    JsonNode headers = fixture.lastEvent().get("headers");
    assertThat(headers.get("X-Amzn-Trace-Id").asText()).isEqualTo(trace);
    assertThat(headers.get("X-Forwarded-For").asText()).isEqualTo("203.0.113.9, 127.0.0.1");
    assertThat(fixture.invoker.lastRequest().traceHeader()).isEqualTo(trace);
  }

  @Test
  void textBody_isPassedAsText() {
    fixture.send(
        fixture
            .request("/uploads")
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(BodyPublishers.ofString("{\"amount\":\"12,50 €\"}", StandardCharsets.UTF_8))
            .build());

    JsonNode event = fixture.lastEvent();
    assertThat(event.get("body").asText()).isEqualTo("{\"amount\":\"12,50 €\"}");
    assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();
    assertThat(event.get("pathParameters").isNull()).isTrue();
    assertThat(event.get("queryStringParameters").isNull()).isTrue();
  }

  @Test
  void binaryBody_isBase64InTheEventAndBackInTheResponse() {
    byte[] png = new byte[4096];
    new Random(7).nextBytes(png);
    fixture.invoker.respondWith(
        request -> {
          JsonNode event = RecordingInvoker.JSON.readTree(request.payload());
          return RecordingInvoker.result(
              "{\"statusCode\":201,\"headers\":{\"Content-Type\":\"image/png\"},"
                  + "\"isBase64Encoded\":true,\"body\":\"" + event.get("body").asText() + "\"}");
        });

    HttpResponse<byte[]> response =
        fixture.sendForBytes(
            fixture
                .request("/uploads")
                .header("Content-Type", "image/png")
                .POST(BodyPublishers.ofByteArray(png))
                .build());

    JsonNode event = fixture.lastEvent();
    assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(event.get("body").asText())).isEqualTo(png);
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(response.body()).isEqualTo(png);
  }

  @Test
  void pathParameters_stayPercentEncoded_greedyOnesJoinTheirSegments() {
    fixture.get("/files/reports/2024/march%20summary.pdf");

    JsonNode event = fixture.lastEvent();
    assertThat(event.get("resource").asText()).isEqualTo("/files/{proxy+}");
    assertThat(event.at("/pathParameters/proxy").asText()).isEqualTo("reports/2024/march%20summary.pdf");
    assertThat(event.get("path").asText()).isEqualTo("/files/reports/2024/march%20summary.pdf");
  }

  @Test
  void response_carriesTheRequestIdsOfTheEvent() {
    HttpResponse<String> response = fixture.get("/installments/1");

    JsonNode context = fixture.lastEvent().get("requestContext");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValue(context.get("requestId").asText());
    assertThat(response.headers().firstValue("x-amz-apigw-id"))
        .hasValue(context.get("extendedRequestId").asText());
    assertThat(response.headers().firstValue("X-Amzn-Trace-Id"))
        .hasValue(fixture.lastEvent().at("/headers/X-Amzn-Trace-Id").asText());
    assertThat(response.headers().firstValue("apigw-requestid")).isEmpty();
  }

  @Test
  void requestTime_comesFromTheSystemClockByDefault() throws Exception {
    RecordingInvoker invoker = new RecordingInvoker();
    try (ApiGatewayFront front =
        new ApiGatewayFront(invoker, List.of(rest("f", "GET", "/now")), "127.0.0.1", 0)) {
      front.start();
      long before = System.currentTimeMillis();
      fixture.send(
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + front.port() + "/now"))
              .build());
      long after = System.currentTimeMillis();

      long epoch = invoker.lastEvent().at("/requestContext/requestTimeEpoch").asLong();
      assertThat(epoch).isBetween(before, after);
    }
  }
}
