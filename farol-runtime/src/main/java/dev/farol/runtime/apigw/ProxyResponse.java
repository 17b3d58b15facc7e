package dev.farol.runtime.apigw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.farol.runtime.apigw.GatewayRequest.Header;
import dev.farol.runtime.config.HttpRoute.PayloadFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP response a function's proxy result stands for.
 *
 * <p>Rules, per payload format (<a
 * href="https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format">REST
 * output format</a>, <a
 * href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html#http-api-develop-integrations-lambda.response">HTTP
 * API response format</a>; the stricter points follow SAM CLI's {@code local_apigw_service.py}):
 *
 * <ul>
 *   <li>REST: a JSON object with only {@code statusCode} (default 200), {@code headers}, {@code
 *       multiValueHeaders}, {@code body}, {@code isBase64Encoded}; any other key is malformed.
 *   <li>HTTP 1.0: same keys, {@code statusCode} required, other keys ignored.
 *   <li>HTTP 2.0: an object with {@code statusCode} is read like 1.0 plus {@code cookies} (each a
 *       {@code Set-Cookie}); any other JSON value is the body of a 200 {@code application/json}
 *       response, a JSON string as its text.
 *   <li>{@code headers} and {@code multiValueHeaders} merge, a pair present in both once. Without
 *       a {@code Content-Type} the response is {@code application/json}.
 *   <li>With {@code isBase64Encoded: true} the body is base64-decoded to bytes.
 * </ul>
 *
 * @param status HTTP status
 * @param headers header lines
 * @param body body bytes
 */
record ProxyResponse(int status, List<Header> headers, byte[] body) {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> REST_KEYS =
      Set.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "base64Encoded");

  /** The function's result cannot be turned into a response: API Gateway answers 502 / 500. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  static ProxyResponse parse(PayloadFormat format, byte[] payload) throws MalformedException {
    JsonNode root;
    try {
      root = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new MalformedException("function result is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedException("function result is not JSON: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedException("function result is empty");
    }
    if (format == PayloadFormat.HTTP_V2 && !(root.isObject() && root.has("statusCode"))) {
      String body = root.isTextual() ? root.textValue() : root.isNull() ? "" : root.toString();
      return new ProxyResponse(
          200,
          List.of(new Header("Content-Type", "application/json")),
          body.getBytes(StandardCharsets.UTF_8));
    }
    if (!root.isObject()) {
      throw new MalformedException("function result is a JSON " + root.getNodeType() + ", not an object");
    }
    if (format == PayloadFormat.REST_V1) {
      for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!REST_KEYS.contains(name)) {
          throw new MalformedException("REST API proxy result has unknown key '" + name + "'");
        }
      }
    } else if (!root.hasNonNull("statusCode")) {
      throw new MalformedException("HTTP API result has no statusCode");
    }

    int status = status(root.get("statusCode"));
    List<Header> headers = headers(root, format);
    boolean base64 = base64(root, format);
    byte[] body = body(root.get("body"), base64);
    return new ProxyResponse(status, headers, body);
  }

  private static int status(JsonNode node) throws MalformedException {
    if (node == null || node.isNull()) {
      return 200;
    }
    int status;
    if (node.isInt()) {
      status = node.intValue();
    } else if (node.isTextual() && node.textValue().matches("[0-9]{3}")) {
      status = Integer.parseInt(node.textValue());
    } else {
      throw new MalformedException("statusCode must be an integer, got " + node);
    }
    if (status < 100 || status > 599) {
      throw new MalformedException("statusCode must be 100..599, got " + status);
    }
    return status;
  }

  private static List<Header> headers(JsonNode root, PayloadFormat format) throws MalformedException {
    List<Header> headers = new ArrayList<>();
    boolean v1 = format != PayloadFormat.HTTP_V2;
    JsonNode multi = v1 ? root.get("multiValueHeaders") : null;
    if (multi != null && !multi.isNull()) {
      requireObject(multi, "multiValueHeaders");
      for (Map.Entry<String, JsonNode> field : multi.properties()) {
        JsonNode values = field.getValue();
        if (values.isNull()) {
          continue;
        }
        if (!values.isArray()) {
          throw new MalformedException("multiValueHeaders." + field.getKey() + " must be an array");
        }
        for (JsonNode value : values) {
          // API Gateway drops null values; aws-serverless-java-container sends some ([null])
          if (!value.isNull()) {
            headers.add(new Header(field.getKey(), scalar(value, "multiValueHeaders." + field.getKey())));
          }
        }
      }
    }
    JsonNode single = root.get("headers");
    if (single != null && !single.isNull()) {
      requireObject(single, "headers");
      for (Map.Entry<String, JsonNode> field : single.properties()) {
        if (field.getValue().isNull()) {
          continue;
        }
        Header header = new Header(field.getKey(), scalar(field.getValue(), "headers." + field.getKey()));
        if (!headers.contains(header)) {
          headers.add(header);
        }
      }
    }
    JsonNode cookies = v1 ? null : root.get("cookies");
    if (cookies != null && cookies.isArray()) {
      for (JsonNode cookie : cookies) {
        headers.add(new Header("Set-Cookie", scalar(cookie, "cookies")));
      }
    }
    if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("Content-Type"))) {
      headers.add(new Header("Content-Type", "application/json"));
    }
    return headers;
  }

  private static boolean base64(JsonNode root, PayloadFormat format) throws MalformedException {
    // A REST API reads base64Encoded before isBase64Encoded (observed by SAM CLI).
    JsonNode flag = format == PayloadFormat.REST_V1 && root.has("base64Encoded")
        ? root.get("base64Encoded")
        : root.get("isBase64Encoded");
    if (flag == null || flag.isNull()) {
      return false;
    }
    if (flag.isBoolean()) {
      return flag.booleanValue();
    }
    if (flag.isTextual() && flag.textValue().matches("(?i)true|false")) {
      return Boolean.parseBoolean(flag.textValue());
    }
    throw new MalformedException("isBase64Encoded must be a boolean, got " + flag);
  }

  private static byte[] body(JsonNode node, boolean base64) throws MalformedException {
    if (node == null || node.isNull()) {
      return new byte[0];
    }
    String text = scalar(node, "body");
    if (!base64) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(text.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw new MalformedException("body is not valid base64: " + e.getMessage());
    }
  }

  private static void requireObject(JsonNode node, String field) throws MalformedException {
    if (!node.isObject()) {
      throw new MalformedException(field + " must be an object, got " + node.getNodeType());
    }
  }

  private static String scalar(JsonNode node, String field) throws MalformedException {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    throw new MalformedException(field + " must be a string, got " + node.getNodeType());
  }
}
