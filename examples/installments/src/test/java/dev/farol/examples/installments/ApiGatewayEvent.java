package dev.farol.examples.installments;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A recorded API Gateway event (REST API payload 1.0 or HTTP API payload 2.0, from
 * {@code src/test/resources/events}) changed only where a test needs it, and sent through a
 * handler as the Lambda runtime would: bytes in, bytes out.
 */
final class ApiGatewayEvent {
  static final ObjectMapper JSON = new ObjectMapper();
  private final ObjectNode event;
  private final boolean restApi;

  private ApiGatewayEvent(String fixture, boolean restApi) {
    try (InputStream in = ApiGatewayEvent.class.getResourceAsStream("/events/" + fixture)) {
      this.event = (ObjectNode) JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.restApi = restApi;
  }

  /** A REST API (payload 1.0) event for the route {@code resource}, e.g. {@code /installments/{id}}. */
  static ApiGatewayEvent restApi(String method, String path, String resource) {
    ApiGatewayEvent e = new ApiGatewayEvent("rest-api-get-installment.json", true);
    ObjectNode context = (ObjectNode) e.event.get("requestContext");
    e.event.put("httpMethod", method).put("path", path).put("resource", resource);
    context.put("httpMethod", method).put("path", "/Prod" + path).put("resourcePath", resource);
    e.event.putObject("pathParameters");
    return e;
  }

  /** An HTTP API (payload 2.0) event for the route {@code ANY /bookkeeping/{proxy+}}. */
  static ApiGatewayEvent httpApi(String method, String path) {
    ApiGatewayEvent e = new ApiGatewayEvent("http-api-post-bookkeeping-entry.json", false);
    ((ObjectNode) e.event.at("/requestContext/http")).put("method", method).put("path", path);
    e.event.put("rawPath", path);
    e.event.putObject("pathParameters").put("proxy", path.substring("/bookkeeping/".length()));
    e.event.putNull("body");
    ((ObjectNode) e.event.get("headers")).remove(List.of("content-length", "content-type"));
    return e;
  }

  ApiGatewayEvent pathParameter(String name, String value) {
    ((ObjectNode) event.get("pathParameters")).put(name, value);
    return this;
  }

  ApiGatewayEvent header(String name, String value) {
    String key = restApi ? name : name.toLowerCase(Locale.ROOT);
    ((ObjectNode) event.get("headers")).put(key, value);
    if (restApi) {
      ((ObjectNode) event.get("multiValueHeaders")).putArray(key).add(value);
    }
    return this;
  }

  /** A JSON body, with the {@code Content-Type} and {@code Content-Length} API Gateway would pass on. */
  ApiGatewayEvent jsonBody(String json) {
    event.put("body", json);
    header("Content-Type", "application/json");
    return header("Content-Length", Integer.toString(json.getBytes(StandardCharsets.UTF_8).length));
  }

  Answer sendTo(RequestStreamHandler handler) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
          new TestContext(event.at("/requestContext/requestId").asText()));
      return new Answer(JSON.readTree(out.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the handler streamed back: an API Gateway proxy response. */
  record Answer(JsonNode response) {
    int status() {
      return response.get("statusCode").asInt();
    }

    /** The body as the handler wrote it. */
    String bodyText() {
      return response.get("body").asText();
    }

    JsonNode body() {
      try {
        return JSON.readTree(response.get("body").asText());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The header's first value, looked up without regard to case in both header maps. */
    String header(String name) {
      for (String field : new String[] {"headers", "multiValueHeaders"}) {
        JsonNode headers = response.get(field);
        if (headers == null || headers.isNull()) {
          continue;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> h = it.next();
          if (h.getKey().equalsIgnoreCase(name)) {
            return h.getValue().isArray() ? h.getValue().get(0).asText() : h.getValue().asText();
          }
        }
      }
      return null;
    }
  }
}
