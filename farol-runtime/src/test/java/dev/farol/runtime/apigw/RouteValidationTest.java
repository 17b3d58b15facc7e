package dev.farol.runtime.apigw;

import static dev.farol.runtime.apigw.FrontFixture.httpV2;
import static dev.farol.runtime.apigw.FrontFixture.rest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.HttpRoute.PayloadFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invalid routes fail when the front is built, with a message that names the route. */
class RouteValidationTest {

  private static ApiGatewayFront front(RouteBinding... routes) {
    return new ApiGatewayFront(new RecordingInvoker(), List.of(routes), "127.0.0.1", 0);
  }

  @Test
  void pathWithoutLeadingSlash_isRejected() {
    assertThatThrownBy(() -> front(httpV2("f", "GET", "pets")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'pets' must start with '/'");
  }

  @Test
  void greedyParameterBeforeTheEnd_isRejected() {
    assertThatThrownBy(() -> front(rest("f", "GET", "/{proxy+}/tail")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/{proxy+}/tail")
        .hasMessageContaining("must be the last segment");
  }

  @Test
  void parameterInPartOfASegment_isRejected() {
    assertThatThrownBy(() -> front(rest("f", "GET", "/files/{name}.pdf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must fill a whole segment, got '{name}.pdf'");
  }

  @Test
  void repeatedParameterName_isRejected() {
    assertThatThrownBy(() -> front(rest("f", "GET", "/a/{id}/b/{id}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{id} appears twice");
  }

  @Test
  void sameMethodAndPathTwice_isRejectedNamingBothFunctions() {
    assertThatThrownBy(() -> front(httpV2("one", "GET", "/pets"), httpV2("two", "GET", "/pets/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bound twice, to functions one and two");
  }

  @Test
  void samePathInARestAndAnHttpApi_isAllowed() {
    try (ApiGatewayFront front = front(rest("one", "GET", "/pets"), httpV2("two", "GET", "/pets"))) {
      assertThat(front).isNotNull();
    }
  }

  @Test
  void defaultRouteInARestApi_isRejected() {
    assertThatThrownBy(() -> front(rest("f", "ANY", "$default")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$default exists only in HTTP APIs");
  }

  @Test
  void lowerCaseMethod_isRejected() {
    assertThatThrownBy(
            () -> front(new RouteBinding("f", new HttpRoute("get", "/a", PayloadFormat.HTTP_V2, "$default"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route get /a of function f: method must be an upper-case HTTP method or ANY");
  }

  @Test
  void blankFunctionName_isRejected() {
    assertThatThrownBy(() -> httpV2(" ", "GET", "/a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("functionName must not be blank");
  }
}
