package dev.farol.runtime.apigw;

import static dev.farol.runtime.apigw.FrontFixture.httpV1;
import static dev.farol.runtime.apigw.FrontFixture.httpV2;
import static dev.farol.runtime.apigw.FrontFixture.route;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.runtime.config.HttpRoute.PayloadFormat;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API events (payload format 2.0 and 1.0) built from real HTTP requests. */
class HttpApiEventTest {
  private final FrontFixture fixture =
      new FrontFixture(
          List.of(
              httpV2("installments", "GET", "/installments/{id}"),
              httpV2("users", "GET", "/user/{id}"),
              httpV2("httpapi", "GET", "/httpapi/get"),
              httpV2("uploads", "POST", "/uploads"),
              httpV2("files", "ANY", "/files/{proxy+}"),
              route("staged", "GET", "/staged/{id}", PayloadFormat.HTTP_V2, "dev"),
              httpV1("legacy", "GET", "/legacy/{id}"),
              httpV1("fallback", "ANY", "$default")));

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void v2Event_hasTheStructureOfRealHttpApiEvents() {
    fixture.get("/user/42");
    JsonNode real = FrontFixture.resource("api-gateway-v2-parametrized.json");
    JsonNode event = fixture.lastEvent();
    assertThat(EventShape.of(event)).isEqualTo(EventShape.of(real));
    for (String field : List.of("version", "routeKey", "rawPath", "rawQueryString", "pathParameters", "isBase64Encoded")) {
      assertThat(event.get(field)).as(field).isEqualTo(real.get(field));
    }
    for (String field : List.of("/requestContext/routeKey", "/requestContext/stage", "/requestContext/http/method",
        "/requestContext/http/path", "/requestContext/http/protocol")) {
      assertThat(event.at(field)).as(field).isEqualTo(real.at(field));
    }

    fixture.get("/httpapi/get");
    assertThat(EventShape.of(fixture.lastEvent()))
        .isEqualTo(EventShape.of(FrontFixture.resource("http-api.json")));
  }

  @Test
  void v2Event_carriesRouteKeyQueryHeadersCookiesAndTime() {
    fixture.send(
        fixture
            .request("/installments/42?plan=a&plan=b&name=x%20y")
            .header("User-Agent", "farol-test/1.0")
            .header("X-Multi", "first")
            .header("X-Multi", "second")
            .header("Cookie", "session=abc; theme=dark")
            .GET()
            .build());

    JsonNode event = fixture.lastEvent();
    assertThat(event.get("version").asText()).isEqualTo("2.0");
    assertThat(event.get("routeKey").asText()).isEqualTo("GET /installments/{id}");
    assertThat(event.get("rawPath").asText()).isEqualTo("/installments/42");
    assertThat(event.get("rawQueryString").asText()).isEqualTo("plan=a&plan=b&name=x%20y");
    assertThat(event.get("queryStringParameters"))
        .isEqualTo(FrontFixture.json("{\"plan\":\"a,b\",\"name\":\"x y\"}"));
    assertThat(event.get("cookies")).isEqualTo(FrontFixture.json("[\"session=abc\",\"theme=dark\"]"));
    JsonNode headers = event.get("headers");
    assertThat(headers.get("x-multi").asText()).isEqualTo("first,second");
    assertThat(headers.get("user-agent").asText()).isEqualTo("farol-test/1.0");
    assertThat(headers.has("cookie")).isFalse();
    headers.fieldNames().forEachRemaining(name -> assertThat(name).isLowerCase());
    assertThat(headers.get("x-forwarded-for").asText()).isEqualTo("127.0.0.1");
    assertThat(headers.get("x-amzn-trace-id").asText()).matches("Root=1-65f49d20-[0-9a-f]{24}");
    assertThat(event.get("pathParameters")).isEqualTo(FrontFixture.json("{\"id\":\"42\"}"));
    assertThat(event.has("body")).isFalse();
    assertThat(event.has("stageVariables")).isFalse();
    assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();

    JsonNode context = event.get("requestContext");
    assertThat(context.get("routeKey").asText()).isEqualTo("GET /installments/{id}");
    assertThat(context.get("stage").asText()).isEqualTo("$default");
    assertThat(context.get("requestId").asText()).matches("[A-Za-z0-9+/]{15}=");
    assertThat(context.get("time").asText()).isEqualTo("15/Mar/2024:19:10:24 +0000");
    assertThat(context.get("timeEpoch").asLong()).isEqualTo(1710529824520L);
    assertThat(context.get("domainName").asText()).isEqualTo("127.0.0.1");
    assertThat(context.get("http"))
        .isEqualTo(FrontFixture.json(
            "{\"method\":\"GET\",\"path\":\"/installments/42\",\"protocol\":\"HTTP/1.1\","
                + "\"sourceIp\":\"127.0.0.1\",\"userAgent\":\"farol-test/1.0\"}"));
  }

  @Test
  void v2Event_withANamedStage_putsTheStageInThePath() {
    fixture.get("/staged/7");

    JsonNode event = fixture.lastEvent();
    assertThat(event.get("rawPath").asText()).isEqualTo("/dev/staged/7");
    assertThat(event.at("/requestContext/http/path").asText()).isEqualTo("/dev/staged/7");
    assertThat(event.at("/requestContext/stage").asText()).isEqualTo("dev");
    assertThat(event.get("routeKey").asText()).isEqualTo("GET /staged/{id}");
  }

  @Test
  void v2Event_decodesPathParameters_greedyOnesJoinTheirSegments() {
    fixture.get("/files/reports/2024/march%20summary.pdf");

    JsonNode event = fixture.lastEvent();
    assertThat(event.get("routeKey").asText()).isEqualTo("ANY /files/{proxy+}");
    assertThat(event.at("/pathParameters/proxy").asText()).isEqualTo("reports/2024/march summary.pdf");
    assertThat(event.get("rawPath").asText()).isEqualTo("/files/reports/2024/march%20summary.pdf");
  }

  @Test
  void v2Event_binaryBodyRoundTripsThroughBase64() {
    byte[] bytes = new byte[10_000];
    new Random(11).nextBytes(bytes);
    fixture.invoker.respondWith(
        request -> {
          JsonNode event = RecordingInvoker.JSON.readTree(request.payload());
          return RecordingInvoker.result(
              "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/octet-stream\"},"
                  + "\"isBase64Encoded\":true,\"body\":\"" + event.get("body").asText() + "\"}");
        });

    HttpResponse<byte[]> response =
        fixture.sendForBytes(
            fixture
                .request("/uploads")
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(bytes))
                .build());

    JsonNode event = fixture.lastEvent();
    assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
    assertThat(Base64.getDecoder().decode(event.get("body").asText())).isEqualTo(bytes);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(bytes);
  }

  @Test
  void v2Event_textBodyStaysText_bodyWithoutContentTypeIsBase64() {
    fixture.send(
        fixture
            .request("/uploads")
            .header("Content-Type", "application/vnd.api+json")
            .POST(BodyPublishers.ofString("{\"data\":[]}"))
            .build());
    assertThat(fixture.lastEvent().get("body").asText()).isEqualTo("{\"data\":[]}");
    assertThat(fixture.lastEvent().get("isBase64Encoded").asBoolean()).isFalse();

    fixture.send(fixture.request("/uploads").POST(BodyPublishers.ofString("plain")).build());
    assertThat(fixture.lastEvent().get("body").asText()).isEqualTo("cGxhaW4=");
    assertThat(fixture.lastEvent().get("isBase64Encoded").asBoolean()).isTrue();
  }

  @Test
  void v1Event_ofAnHttpApi_hasVersionRouteKeyAndHttpApiIds() {
    fixture.send(fixture.request("/legacy/5?x=1").header("Accept", "*/*").GET().build());

    JsonNode event = fixture.lastEvent();
    assertThat(event.get("version").asText()).isEqualTo("1.0");
    assertThat(event.get("resource").asText()).isEqualTo("/legacy/{id}");
    assertThat(event.get("path").asText()).isEqualTo("/legacy/5");
    assertThat(event.get("multiValueQueryStringParameters")).isEqualTo(FrontFixture.json("{\"x\":[\"1\"]}"));
    assertThat(event.get("pathParameters")).isEqualTo(FrontFixture.json("{\"id\":\"5\"}"));
    JsonNode context = event.get("requestContext");
    assertThat(context.get("resourceId").asText()).isEqualTo("GET /legacy/{id}");
    assertThat(context.get("resourcePath").asText()).isEqualTo("/legacy/{id}");
    assertThat(context.get("path").asText()).isEqualTo("/legacy/5");
    assertThat(context.get("stage").asText()).isEqualTo("$default");
    assertThat(context.get("requestId").asText()).isEqualTo(context.get("extendedRequestId").asText());
    assertThat(context.at("/identity/cognitoAmr").isNull()).isTrue();
    assertThat(context.at("/identity/sourceIp").asText()).isEqualTo("127.0.0.1");
  }

  @Test
  void v1Event_ofTheDefaultRoute_namesTheRouteDefault() {
    fixture.send(fixture.request("/no/such/route").method("DELETE", BodyPublishers.noBody()).build());

    JsonNode event = fixture.lastEvent();
    assertThat(fixture.invoker.lastRequest().functionName()).isEqualTo("fallback");
    assertThat(event.get("resource").asText()).isEqualTo("$default");
    assertThat(event.get("httpMethod").asText()).isEqualTo("DELETE");
    assertThat(event.at("/requestContext/resourceId").asText()).isEqualTo("$default");
    assertThat(event.at("/requestContext/resourcePath").asText()).isEqualTo("$default");
    assertThat(event.get("pathParameters").isNull()).isTrue();
  }

  @Test
  void response_carriesTheHttpApiRequestId() {
    HttpResponse<String> response = fixture.get("/installments/1");

    assertThat(response.headers().firstValue("apigw-requestid"))
        .hasValue(fixture.lastEvent().at("/requestContext/requestId").asText());
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isEmpty();
  }
}
