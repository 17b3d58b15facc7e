package dev.farol.runtime.apigw;

import static dev.farol.runtime.apigw.FrontFixture.httpV2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starting, binding and stopping the front. */
class ApiGatewayFrontTest {

  @Test
  void portZero_bindsAFreePort() {
    try (FrontFixture fixture = new FrontFixture(List.of(httpV2("f", "GET", "/a")))) {
      assertThat(fixture.front.port()).isPositive();
      assertThat(fixture.get("/a").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void port_beforeStart_throws() {
    try (ApiGatewayFront front =
        new ApiGatewayFront(new RecordingInvoker(), List.of(), "127.0.0.1", 0)) {
      assertThatThrownBy(front::port)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("API Gateway front is not started");
    }
  }

  @Test
  void start_onABusyPort_failsNamingTheAddress() throws IOException {
    try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        ApiGatewayFront front =
            new ApiGatewayFront(new RecordingInvoker(), List.of(), "127.0.0.1", busy.getLocalPort())) {
      assertThatThrownBy(front::start)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + busy.getLocalPort());
    }
  }

  @Test
  void invalidPort_isRejected() {
    assertThatThrownBy(() -> new ApiGatewayFront(new RecordingInvoker(), List.of(), "127.0.0.1", 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 0..65535, got 70000");
  }

  @Test
  void invocations_runOnNamedThreads() {
    try (FrontFixture fixture = new FrontFixture(List.of(httpV2("f", "GET", "/a")))) {
      fixture.get("/a");
      assertThat(fixture.invoker.threadNames).singleElement().asString().startsWith("farol-apigw-invoke-");
    }
  }

  @Test
  void close_stopsServing() {
    FrontFixture fixture = new FrontFixture(List.of(httpV2("f", "GET", "/a")));
    java.net.URI uri = fixture.uri("/a");
    fixture.close();

    assertThatThrownBy(
            () -> fixture.client.send(
                java.net.http.HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void noRoutes_answersEveryRequestWith404() {
    try (FrontFixture fixture = new FrontFixture(List.of())) {
      assertThat(fixture.get("/anything").statusCode()).isEqualTo(404);
    }
  }
}
