package dev.farol.runtime.apigw;

import static dev.farol.runtime.apigw.FrontFixture.httpV1;
import static dev.farol.runtime.apigw.FrontFixture.httpV2;
import static dev.farol.runtime.apigw.FrontFixture.rest;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.farol.runtime.invoke.InvokeResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Java function sees the events through {@code aws-lambda-java-events} classes, read and written
 * by the Java runtime's own serializer ({@code aws-lambda-java-serialization}). These tests play
 * such a function.
 */
class JavaEventClassesTest {
  private final FrontFixture fixture =
      new FrontFixture(
          List.of(
              rest("rest", "POST", "/rest/{id}"),
              httpV1("v1", "POST", "/v1/{id}"),
              httpV2("v2", "POST", "/v2/{id}")));

  @AfterEach
  void close() {
    fixture.close();
  }

  private static <T> T read(Class<T> type, byte[] json) {
    return serializer(type).fromJson(new ByteArrayInputStream(json));
  }

  private static <T> InvokeResult write(Class<T> type, T value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    serializer(type).toJson(value, out);
    return RecordingInvoker.result(out.toString(StandardCharsets.UTF_8));
  }

  private static <T> PojoSerializer<T> serializer(Class<T> type) {
    return LambdaEventSerializers.serializerFor(type, JavaEventClassesTest.class.getClassLoader());
  }

  @Test
  void payloadFormat1_readsIntoApiGatewayProxyRequestEvent() {
    AtomicReference<APIGatewayProxyRequestEvent> seen = new AtomicReference<>();
    fixture.invoker.respondWith(
        request -> {
          APIGatewayProxyRequestEvent event = read(APIGatewayProxyRequestEvent.class, request.payload());
          seen.set(event);
          APIGatewayProxyResponseEvent response = new APIGatewayProxyResponseEvent();
          response.setStatusCode(201);
          response.setMultiValueHeaders(Map.of("X-Id", List.of(event.getPathParameters().get("id"))));
          response.setBody("{\"ok\":true}");
          return write(APIGatewayProxyResponseEvent.class, response);
        });

    for (String path : List.of("/rest/7?tag=a&tag=b", "/v1/7?tag=a&tag=b")) {
      HttpResponse<String> response =
          fixture.send(
              fixture
                  .request(path)
                  .header("Content-Type", "application/json")
                  .POST(BodyPublishers.ofString("{\"amount\":1}"))
                  .build());

      APIGatewayProxyRequestEvent event = seen.get();
      assertThat(event.getHttpMethod()).as(path).isEqualTo("POST");
      assertThat(event.getPathParameters()).as(path).containsExactly(Map.entry("id", "7"));
      assertThat(event.getMultiValueQueryStringParameters().get("tag")).as(path).containsExactly("a", "b");
      assertThat(event.getBody()).as(path).isEqualTo("{\"amount\":1}");
      assertThat(event.getIsBase64Encoded()).as(path).isFalse();
      assertThat(event.getRequestContext().getRequestTimeEpoch()).as(path).isEqualTo(1710529824520L);
      assertThat(event.getRequestContext().getIdentity().getSourceIp()).as(path).isEqualTo("127.0.0.1");
      assertThat(response.statusCode()).as(path).isEqualTo(201);
      assertThat(response.headers().firstValue("X-Id")).as(path).hasValue("7");
      assertThat(response.body()).as(path).isEqualTo("{\"ok\":true}");
    }
    assertThat(seen.get().getRequestContext().getStage()).isEqualTo("$default");
  }

  @Test
  void restEvent_hasTheStagedPathAndResource() {
    AtomicReference<APIGatewayProxyRequestEvent> seen = new AtomicReference<>();
    fixture.invoker.respondWith(
        request -> {
          seen.set(read(APIGatewayProxyRequestEvent.class, request.payload()));
          return RecordingInvoker.result("{\"statusCode\":200}");
        });

    fixture.send(fixture.request("/rest/9").POST(BodyPublishers.noBody()).build());

    APIGatewayProxyRequestEvent.ProxyRequestContext context = seen.get().getRequestContext();
    assertThat(seen.get().getResource()).isEqualTo("/rest/{id}");
    assertThat(context.getPath()).isEqualTo("/Prod/rest/9");
    assertThat(context.getStage()).isEqualTo("Prod");
    assertThat(context.getResourcePath()).isEqualTo("/rest/{id}");
    assertThat(context.getRequestTime()).isEqualTo("15/Mar/2024:19:10:24 +0000");
  }

  @Test
  void payloadFormat2_readsIntoApiGatewayV2HttpEvent_andItsResponseWritesBack() {
    AtomicReference<APIGatewayV2HTTPEvent> seen = new AtomicReference<>();
    byte[] image = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
    fixture.invoker.respondWith(
        request -> {
          APIGatewayV2HTTPEvent event = read(APIGatewayV2HTTPEvent.class, request.payload());
          seen.set(event);
          return write(
              APIGatewayV2HTTPResponse.class,
              APIGatewayV2HTTPResponse.builder()
                  .withStatusCode(200)
                  .withHeaders(Map.of("Content-Type", "image/png"))
                  .withCookies(List.of("seen=" + event.getPathParameters().get("id")))
                  .withIsBase64Encoded(true)
                  .withBody(Base64.getEncoder().encodeToString(image))
                  .build());
        });

    HttpResponse<byte[]> response =
        fixture.sendForBytes(
            fixture
                .request("/v2/3?tag=a&tag=b")
                .header("Cookie", "session=abc")
                .header("Content-Type", "image/png")
                .POST(BodyPublishers.ofByteArray(image))
                .build());

    APIGatewayV2HTTPEvent event = seen.get();
    assertThat(event.getRouteKey()).isEqualTo("POST /v2/{id}");
    assertThat(event.getRawPath()).isEqualTo("/v2/3");
    assertThat(event.getQueryStringParameters()).containsEntry("tag", "a,b");
    assertThat(event.getCookies()).containsExactly("session=abc");
    assertThat(event.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(image);
    assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("POST");
    assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("127.0.0.1");
    assertThat(event.getRequestContext().getTimeEpoch()).isEqualTo(1710529824520L);
    assertThat(event.getRequestContext().getStage()).isEqualTo("$default");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Set-Cookie")).containsExactly("seen=3");
    assertThat(response.body()).isEqualTo(image);
  }
}
