package dev.farol.runtime.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.farol.runtime.config.HttpRoute;
import dev.farol.runtime.config.HttpRoute.PayloadFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A started front on 127.0.0.1, port 0, with a recording invoker, a fixed clock and a client. */
final class FrontFixture implements AutoCloseable {
  /** The fixed clock's time: {@code 15/Mar/2024:19:10:24 +0000}. */
  static final Instant NOW = Instant.parse("2024-03-15T19:10:24.520Z");

  final RecordingInvoker invoker = new RecordingInvoker();
  final ApiGatewayFront front;
  final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  FrontFixture(List<RouteBinding> routes) {
    this(routes, Limits.AWS);
  }

  FrontFixture(List<RouteBinding> routes, Limits limits) {
    front =
        new ApiGatewayFront(
            invoker, routes, "127.0.0.1", 0, limits, Clock.fixed(NOW, ZoneOffset.UTC));
    try {
      front.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RouteBinding route(String function, String method, String path, PayloadFormat format, String stage) {
    return new RouteBinding(function, new HttpRoute(method, path, format, stage));
  }

  static RouteBinding rest(String function, String method, String path) {
    return route(function, method, path, PayloadFormat.REST_V1, "Prod");
  }

  static RouteBinding httpV2(String function, String method, String path) {
    return route(function, method, path, PayloadFormat.HTTP_V2, "$default");
  }

  static RouteBinding httpV1(String function, String method, String path) {
    return route(function, method, path, PayloadFormat.HTTP_V1, "$default");
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + front.port() + pathAndQuery);
  }

  HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> get(String pathAndQuery) {
    return send(request(pathAndQuery).GET().build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  HttpResponse<byte[]> sendForBytes(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  JsonNode lastEvent() {
    return invoker.lastEvent();
  }

  static JsonNode json(String text) {
    try {
      return RecordingInvoker.JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode resource(String name) {
    try (var in = FrontFixture.class.getResourceAsStream("/apigw/" + name)) {
      if (in == null) {
        throw new AssertionError("missing test resource apigw/" + name);
      }
      return RecordingInvoker.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    front.close();
  }
}
