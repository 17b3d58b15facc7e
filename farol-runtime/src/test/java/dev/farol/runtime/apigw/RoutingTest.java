package dev.farol.runtime.apigw;

import static dev.farol.runtime.apigw.FrontFixture.httpV2;
import static dev.farol.runtime.apigw.FrontFixture.rest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which route, and so which function, a request reaches. */
class RoutingTest {
  private FrontFixture fixture;

  @AfterEach
  void close() {
    fixture.close();
  }

  /** The function the request reached, or the status when it reached none. */
  private String reached(String method, String path) {
    int before = fixture.invoker.requests.size();
    HttpResponse<String> response =
        fixture.send(fixture.request(path).method(method, BodyPublishers.noBody()).build());
    if (fixture.invoker.requests.size() == before) {
      return Integer.toString(response.statusCode());
    }
    return fixture.invoker.lastRequest().functionName();
  }

  @Test
  void httpApi_exactPathBeatsParameterBeatsGreedy() {
    // the example of AWS's "Routing API requests" (HTTP APIs)
    fixture =
        new FrontFixture(
            List.of(
                httpV2("greedy", "GET", "/pets/{proxy+}"),
                httpV2("param", "GET", "/pets/dog/{id}"),
                httpV2("exact", "GET", "/pets/dog/1"),
                httpV2("root", "ANY", "/{proxy+}")));

    assertThat(reached("GET", "/pets/dog/1")).isEqualTo("exact");
    assertThat(reached("GET", "/pets/dog/2")).isEqualTo("param");
    assertThat(reached("GET", "/pets/cat/1")).isEqualTo("greedy");
    assertThat(reached("GET", "/pets/dog/1/toys")).isEqualTo("greedy");
    assertThat(reached("GET", "/pets")).isEqualTo("root");
    assertThat(reached("PATCH", "/pets/dog/1")).isEqualTo("root");
    assertThat(reached("GET", "/")).isEqualTo("404");
  }

  @Test
  void samePath_exactMethodBeatsAny() {
    fixture =
        new FrontFixture(
            List.of(
                httpV2("any", "ANY", "/orders/{id}"),
                httpV2("get", "GET", "/orders/{id}"),
                rest("restAny", "ANY", "/items"),
                rest("restPost", "POST", "/items")));

    assertThat(reached("GET", "/orders/9")).isEqualTo("get");
    assertThat(reached("DELETE", "/orders/9")).isEqualTo("any");
    assertThat(reached("POST", "/items")).isEqualTo("restPost");
    assertThat(reached("PUT", "/items")).isEqualTo("restAny");
  }

  @Test
  void restApi_choosesTheResourceFirst_soAMissingMethodIs403EvenUnderAProxy() {
    fixture =
        new FrontFixture(
            List.of(rest("param", "GET", "/pets/{id}"), rest("proxy", "ANY", "/{proxy+}")));

    assertThat(reached("GET", "/pets/1")).isEqualTo("param");
    assertThat(reached("GET", "/owners/1")).isEqualTo("proxy");
    assertThat(reached("POST", "/pets/1")).isEqualTo("403");
  }

  @Test
  void httpApi_defaultRouteCatchesWhatNothingElseMatches() {
    fixture =
        new FrontFixture(List.of(httpV2("pets", "GET", "/pets"), httpV2("fallback", "ANY", "$default")));

    assertThat(reached("GET", "/pets")).isEqualTo("pets");
    assertThat(reached("POST", "/pets")).isEqualTo("fallback");
    assertThat(reached("GET", "/")).isEqualTo("fallback");
    assertThat(fixture.lastEvent().get("routeKey").asText()).isEqualTo("$default");
  }

  @Test
  void greedyParameter_needsAtLeastOneSegment_trailingSlashIsIgnored() {
    fixture = new FrontFixture(List.of(httpV2("files", "GET", "/files/{proxy+}"), httpV2("list", "GET", "/list")));

    assertThat(reached("GET", "/files")).isEqualTo("404");
    assertThat(reached("GET", "/files/")).isEqualTo("404");
    assertThat(reached("GET", "/files/a")).isEqualTo("files");
    assertThat(reached("GET", "/list/")).isEqualTo("list");
  }

  @Test
  void literalSegments_matchTheirPercentEncodedForm() {
    fixture = new FrontFixture(List.of(httpV2("report", "GET", "/reports/year end")));

    assertThat(reached("GET", "/reports/year%20end")).isEqualTo("report");
    assertThat(reached("GET", "/reports/yearend")).isEqualTo("404");
  }

  @Test
  void mixedApis_unmatchedRequestsGetTheRestAnswer() {
    fixture = new FrontFixture(List.of(rest("r", "GET", "/r"), httpV2("h", "GET", "/h")));

    assertThat(reached("GET", "/r")).isEqualTo("r");
    assertThat(reached("GET", "/h")).isEqualTo("h");
    assertThat(reached("GET", "/nothing")).isEqualTo("403");
  }
}
