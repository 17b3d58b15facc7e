package dev.farol.runtime.apigw;

import static dev.farol.runtime.apigw.FrontFixture.httpV1;
import static dev.farol.runtime.apigw.FrontFixture.httpV2;
import static dev.farol.runtime.apigw.FrontFixture.rest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a function's proxy result becomes the HTTP response, per payload format. */
class ResponseMappingTest {
  private final FrontFixture fixture =
      new FrontFixture(
          List.of(rest("f", "ANY", "/rest"), httpV1("f", "ANY", "/v1"), httpV2("f", "ANY", "/v2")));

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void rest_mapsStatusHeadersAndMergesMultiValueHeaders() {
    fixture.invoker.respondWith(
        "{\"statusCode\":418,"
            + "\"headers\":{\"Content-Type\":\"text/plain\",\"X-Single\":\"one\",\"X-Both\":\"b\",\"X-Count\":3},"
            + "\"multiValueHeaders\":{\"X-Both\":[\"a\",\"b\"],\"Set-Cookie\":[\"a=1\",\"b=2\"]},"
            + "\"body\":\"I'm a teapot\",\"isBase64Encoded\":false}");

    HttpResponse<String> response = fixture.get("/rest");

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(response.body()).isEqualTo("I'm a teapot");
    assertThat(response.headers().allValues("Content-Type")).containsExactly("text/plain");
    assertThat(response.headers().allValues("X-Single")).containsExactly("one");
    assertThat(response.headers().allValues("X-Both")).containsExactly("a", "b");
    assertThat(response.headers().allValues("X-Count")).containsExactly("3");
    assertThat(response.headers().allValues("Set-Cookie")).containsExactly("a=1", "b=2");
  }

  @Test
  void nullHeaderValues_areDropped_likeApiGatewayDoes() {
    // what aws-serverless-java-container sends for a Spring response without Content-Disposition
    fixture.invoker.respondWith(
        "{\"statusCode\":200,\"multiValueHeaders\":{\"Content-Disposition\":[null],"
            + "\"Content-Type\":[\"application/json\"],\"X-Kept\":[null,\"yes\"]},\"body\":\"{}\"}");

    HttpResponse<String> response = fixture.get("/rest");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Disposition")).isEmpty();
    assertThat(response.headers().allValues("X-Kept")).containsExactly("yes");
  }

  @Test
  void base64Body_isDecodedToTheExactBytes() {
    byte[] bytes = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13, 0x7f, (byte) 0x80};
    fixture.invoker.respondWith(
        "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/octet-stream\"},"
            + "\"isBase64Encoded\":true,\"body\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}");

    for (String path : List.of("/rest", "/v1", "/v2")) {
      HttpResponse<byte[]> response = fixture.sendForBytes(fixture.request(path).GET().build());
      assertThat(response.body()).as(path).isEqualTo(bytes);
      assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/octet-stream");
    }
  }

  @Test
  void missingContentType_defaultsToJson_missingBodyIsEmpty() {
    fixture.invoker.respondWith("{\"statusCode\":204}");

    HttpResponse<String> response = fixture.get("/rest");

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void restResult_withoutStatusCode_is200() {
    fixture.invoker.respondWith("{\"body\":\"hi\"}");

    HttpResponse<String> response = fixture.get("/rest");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hi");
  }

  @Test
  void v2_cookiesBecomeSetCookieHeaders() {
    fixture.invoker.respondWith(
        "{\"statusCode\":302,\"headers\":{\"location\":\"/next\"},"
            + "\"cookies\":[\"session=abc; HttpOnly\",\"theme=dark; Path=/\"]}");

    HttpResponse<String> response = fixture.get("/v2");

    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().allValues("Location")).containsExactly("/next");
    assertThat(response.headers().allValues("Set-Cookie"))
        .containsExactly("session=abc; HttpOnly", "theme=dark; Path=/");
  }

  @Test
  void v2_stringResult_isTheBodyOfA200JsonResponse() {
    fixture.invoker.respondWith("\"Hello from Lambda!\"");

    HttpResponse<String> response = fixture.get("/v2");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Hello from Lambda!");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
  }

  @Test
  void v2_objectWithoutStatusCode_isItselfTheBody() {
    fixture.invoker.respondWith("{\"message\":\"Hello from Lambda!\",\"headers\":{\"x\":\"y\"}}");

    HttpResponse<String> response = fixture.get("/v2");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(FrontFixture.json(response.body()))
        .isEqualTo(FrontFixture.json("{\"message\":\"Hello from Lambda!\",\"headers\":{\"x\":\"y\"}}"));
    assertThat(response.headers().firstValue("x")).isEmpty();
  }

  @Test
  void v2_ignoresMultiValueHeaders() {
    fixture.invoker.respondWith(
        "{\"statusCode\":200,\"headers\":{\"x-a\":\"1\"},\"multiValueHeaders\":{\"x-b\":[\"2\"]},\"body\":\"\"}");

    HttpResponse<String> response = fixture.get("/v2");

    assertThat(response.headers().firstValue("x-a")).hasValue("1");
    assertThat(response.headers().firstValue("x-b")).isEmpty();
  }

  @Test
  void restResult_withAnUnknownKey_is502() {
    fixture.invoker.respondWith("{\"statusCode\":200,\"body\":\"x\",\"extra\":true}");

    HttpResponse<String> response = fixture.get("/rest");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).isEqualTo("{\"message\":\"Internal server error\"}");
  }

  @Test
  void httpV1Result_withAnUnknownKey_isFine_butWithoutStatusCodeIs500() {
    fixture.invoker.respondWith("{\"statusCode\":201,\"body\":\"x\",\"extra\":true}");
    assertThat(fixture.get("/v1").statusCode()).isEqualTo(201);

    fixture.invoker.respondWith("{\"body\":\"x\"}");
    HttpResponse<String> response = fixture.get("/v1");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
  }

  @Test
  void malformedResults_areGatewayErrors() {
    String[] malformed = {
      "not json",
      "\"a string\"",
      "{\"statusCode\":\"abc\"}",
      "{\"statusCode\":99}",
      "{\"statusCode\":200,\"body\":{\"an\":\"object\"}}",
      "{\"statusCode\":200,\"headers\":[\"x\"]}",
      "{\"statusCode\":200,\"isBase64Encoded\":true,\"body\":\"***\"}",
    };
    for (String result : malformed) {
      fixture.invoker.respondWith(result);
      assertThat(fixture.get("/rest").statusCode()).as("REST: " + result).isEqualTo(502);
      assertThat(fixture.get("/v1").statusCode()).as("HTTP 1.0: " + result).isEqualTo(500);
    }
    fixture.invoker.respondWith("not json");
    assertThat(fixture.get("/v2").statusCode()).isEqualTo(500);
  }

  @Test
  void textBody_isSentAsUtf8() {
    fixture.invoker.respondWith(
        "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"text/plain; charset=utf-8\"},\"body\":\"12,50 €\"}");

    HttpResponse<byte[]> response = fixture.sendForBytes(fixture.request("/rest").GET().build());

    assertThat(response.body()).isEqualTo("12,50 €".getBytes(StandardCharsets.UTF_8));
  }
}
