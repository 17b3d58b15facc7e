package dev.farol.runtime.apigw;

import static dev.farol.runtime.apigw.FrontFixture.httpV1;
import static dev.farol.runtime.apigw.FrontFixture.httpV2;
import static dev.farol.runtime.apigw.FrontFixture.rest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.farol.runtime.invoke.InvokeException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The responses API Gateway gives itself, with AWS's status codes and messages. */
class GatewayErrorsTest {
  /** AWS's quotas, but integration timeouts short enough for a test. */
  private static final Limits LIMITS =
      new Limits(
          Limits.AWS.maxRequestBodyBytes(),
          Limits.AWS.maxEventBytes(),
          Duration.ofMillis(300),
          Duration.ofMillis(300));

  private final CountDownLatch release = new CountDownLatch(1);
  private FrontFixture fixture;

  @AfterEach
  void close() {
    release.countDown();
    if (fixture != null) {
      fixture.close();
    }
  }

  private FrontFixture start(RouteBinding... routes) {
    fixture = new FrontFixture(List.of(routes), LIMITS);
    return fixture;
  }

  @Test
  void restApi_unknownPath_is403MissingAuthenticationToken() {
    start(rest("f", "GET", "/pets"));

    HttpResponse<String> response = fixture.get("/cats");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(fixture.invoker.requests).isEmpty();
  }

  @Test
  void restApi_methodTheResourceLacks_is403() {
    start(rest("f", "GET", "/pets"));

    HttpResponse<String> response =
        fixture.send(fixture.request("/pets").POST(BodyPublishers.ofString("{}")).build());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
  }

  @Test
  void httpApi_unknownRoute_is404NotFound() {
    start(httpV2("f", "GET", "/pets"));

    for (HttpResponse<String> response :
        List.of(
            fixture.get("/cats"),
            fixture.send(fixture.request("/pets").DELETE().build()))) {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
      assertThat(response.headers().firstValue("apigw-requestid")).isPresent();
    }
    assertThat(fixture.invoker.requests).isEmpty();
  }

  @Test
  void functionError_is502ForRest_500ForHttpApis() {
    start(rest("f", "GET", "/rest"), httpV1("f", "GET", "/v1"), httpV2("f", "GET", "/v2"));
    fixture.invoker.respondWith(
        request -> RecordingInvoker.functionError("Runtime.UserException", "boom"));

    HttpResponse<String> rest = fixture.get("/rest");
    assertThat(rest.statusCode()).isEqualTo(502);
    assertThat(rest.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    for (String path : List.of("/v1", "/v2")) {
      HttpResponse<String> http = fixture.get(path);
      assertThat(http.statusCode()).as(path).isEqualTo(500);
      assertThat(http.body()).as(path).isEqualTo("{\"message\":\"Internal Server Error\"}");
    }
  }

  @Test
  void functionTimeout_isAFunctionError_notAnIntegrationTimeout() {
    start(rest("f", "GET", "/rest"), httpV2("f", "GET", "/v2"));
    fixture.invoker.respondWith(
        request -> RecordingInvoker.functionError("Sandbox.Timedout", "Task timed out after 3.00 seconds"));

    assertThat(fixture.get("/rest").statusCode()).isEqualTo(502);
    assertThat(fixture.get("/v2").statusCode()).isEqualTo(500);
  }

  @Test
  void integrationTimeout_is504ForRest_503ForHttpApis() {
    start(rest("slow", "GET", "/rest"), httpV2("slow", "GET", "/v2"));
    fixture.invoker.respondWith(
        request -> {
          release.await(10, TimeUnit.SECONDS);
          return RecordingInvoker.result("{\"statusCode\":200}");
        });

    long start = System.nanoTime();
    HttpResponse<String> rest = fixture.get("/rest");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(rest.statusCode()).isEqualTo(504);
    assertThat(rest.body()).isEqualTo("{\"message\":\"Endpoint request timed out\"}");

    HttpResponse<String> http = fixture.get("/v2");
    assertThat(http.statusCode()).isEqualTo(503);
    assertThat(http.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
    assertThat(fixture.invoker.requests).hasSize(2);
  }

  @Test
  void throttledInvoke_is500_asForEveryInvokeLambdaRefuses() {
    start(rest("f", "GET", "/rest"), httpV2("f", "GET", "/v2"));
    fixture.invoker.respondWith(
        request -> {
          throw new InvokeException(
              "TooManyRequestsException", 429, "Rate Exceeded.", "ReservedFunctionConcurrentInvocationLimitExceeded");
        });

    HttpResponse<String> rest = fixture.get("/rest");
    assertThat(rest.statusCode()).isEqualTo(500);
    assertThat(rest.body()).isEqualTo("{\"message\":\"Internal server error\"}");
    HttpResponse<String> http = fixture.get("/v2");
    assertThat(http.statusCode()).isEqualTo(500);
    assertThat(http.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
  }

  @Test
  void unknownFunction_is500() {
    start(rest("missing", "GET", "/rest"));
    fixture.invoker.respondWith(
        request -> {
          throw InvokeException.notFound("arn:aws:lambda:us-east-1:123456789012:function:missing");
        });

    assertThat(fixture.get("/rest").statusCode()).isEqualTo(500);
  }

  @Test
  void invokerFailure_is500_andTheFrontKeepsServing() {
    start(httpV2("f", "GET", "/v2"));
    fixture.invoker.respondWith(
        request -> {
          throw new IllegalStateException("runtime crashed");
        });
    assertThat(fixture.get("/v2").statusCode()).isEqualTo(500);

    fixture.invoker.respondWith("{\"statusCode\":200,\"body\":\"back\"}");
    assertThat(fixture.get("/v2").body()).isEqualTo("back");
  }

  @Test
  void bodyOverTenMegabytes_is413_andTheFunctionIsNotInvoked() {
    start(rest("f", "POST", "/rest"), httpV2("f", "POST", "/v2"));
    byte[] body = new byte[10 * 1024 * 1024 + 1];

    for (String path : List.of("/rest", "/v2")) {
      HttpResponse<String> response =
          fixture.send(
              fixture
                  .request(path)
                  .header("Content-Type", "application/octet-stream")
                  .POST(BodyPublishers.ofByteArray(body))
                  .build());
      assertThat(response.statusCode()).as(path).isEqualTo(413);
      assertThat(response.body()).as(path).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
    }
    assertThat(fixture.invoker.requests).isEmpty();
  }

  @Test
  void eventOverLambdasSixMegabytes_is413_evenWhenTheBodyFitsApiGateway() {
    start(httpV2("f", "POST", "/v2"));

    // 5 MB of binary is 6.7 MB of base64 in the event
    HttpResponse<String> tooBig =
        fixture.send(
            fixture
                .request("/v2")
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024]))
                .build());
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(tooBig.body()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
    assertThat(fixture.invoker.requests).isEmpty();

    HttpResponse<String> fits =
        fixture.send(
            fixture
                .request("/v2")
                .header("Content-Type", "application/octet-stream")
                .POST(BodyPublishers.ofByteArray(new byte[4 * 1024 * 1024]))
                .build());
    assertThat(fits.statusCode()).isEqualTo(200);
    assertThat(fixture.invoker.requests).hasSize(1);
  }

  @Test
  void invokeRefusedAsTooLarge_is413() {
    start(rest("f", "POST", "/rest"));
    fixture.invoker.respondWith(
        request -> {
          throw new InvokeException(
              "RequestTooLargeException", 413, "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
        });

    HttpResponse<String> response =
        fixture.send(fixture.request("/rest").POST(BodyPublishers.ofString("x")).build());

    assertThat(response.statusCode()).isEqualTo(413);
  }
}
